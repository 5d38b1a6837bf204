import { z } from 'zod';
import { locale } from './common';

export const roleName = z.enum(['staff', 'manager', 'municipality_admin', 'regional_coordinator', 'attraction_reviewer', 'operator']);
export type RoleName = z.infer<typeof roleName>;

export const loginBody = z.object({
  email: z.email().max(254),
  password: z.string().min(1).max(200),
});
export type LoginBody = z.infer<typeof loginBody>;
export const accessTokenBody = z.object({ accessToken: z.string(), expiresIn: z.number().int() });

/** Claims of the short-lived access token. `tid` is the user's municipality (tenant), `rid` its region. */
export const accessClaims = z.object({
  sub: z.uuid(),
  tid: z.uuid(),
  rid: z.uuid(),
  roles: z.array(roleName),
});
export type AccessClaims = z.infer<typeof accessClaims>;

export const roleGrant = z.object({
  role: roleName,
  departmentId: z.uuid().nullable(),
  departmentName: z.string().nullable(),
  regionId: z.uuid().nullable(),
});

export const me = z.object({
  id: z.uuid(),
  email: z.string(),
  name: z.string(),
  nameKana: z.string(),
  position: z.string().nullable(),
  photoUrl: z.string().nullable(),
  /** 自己紹介 (shown on department pages and one's profile). */
  introduction: z.string().nullable(),
  locale,
  municipality: z.object({ id: z.uuid(), name: z.string(), nameKana: z.string(), code: z.string(), slug: z.string() }),
  department: z.object({ id: z.uuid(), name: z.string(), path: z.array(z.string()) }).nullable(),
  region: z.object({ id: z.uuid(), name: z.string(), nameKana: z.string() }),
  roles: z.array(roleGrant),
  unreadNotifications: z.number().int(),
});
export type Me = z.infer<typeof me>;

/** What a person changes about themselves here; 職名 and 所属 are the admin's. */
export const updateMeBody = z.object({
  locale: locale.optional(),
  /** 自己紹介 shown on department pages and one's profile (blank or null clears it). */
  introduction: z.string().trim().max(2000).nullable().optional(),
});
