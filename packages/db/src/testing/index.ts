/**
 * Test support: each test file gets its own database, cloned from a migrated template (fast), and
 * small factories that build tenants as the owner. Tests then act through the application role.
 */
import postgres from 'postgres';
import { randomBytes } from 'node:crypto';
import { hash } from '@node-rs/argon2';
import { appDatabaseUrl, withDatabase } from '../urls';
import { toSixDigit } from '@yui/domain';

export type Sql = postgres.Sql;

export interface TestDatabase {
  name: string;
  ownerUrl: string;
  appUrl: string;
  /** Owner connection: bypasses RLS, for arranging data and for looking behind the app's back. */
  owner: Sql;
  drop(): Promise<void>;
}

export async function createTestDatabase(): Promise<TestDatabase> {
  const server = process.env.YUI_TEST_PG_URL;
  const template = process.env.YUI_TEST_TEMPLATE ?? 'yui_template';
  if (!server) throw new Error('YUI_TEST_PG_URL is not set: run the suite with `npm test`');
  const name = `yui_t_${randomBytes(5).toString('hex')}`;
  const admin = postgres(server, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name} template ${template}`);
  await admin.end();
  const ownerUrl = withDatabase(server, name);
  const appUrl = appDatabaseUrl({ DATABASE_URL: ownerUrl });
  const owner = postgres(ownerUrl, { max: 2, onnotice: () => {} });
  return {
    name, ownerUrl, appUrl, owner,
    async drop() {
      await owner.end();
      const a = postgres(server, { max: 1, onnotice: () => {} });
      await a.unsafe(`drop database if exists ${name} with (force)`);
      await a.end();
    },
  };
}

let seq = 0;
const uniq = () => `${process.pid}${Date.now().toString(36)}${(seq++).toString(36)}`;

export async function newRegion(owner: Sql, over: { name?: string } = {}) {
  const slug = `r${uniq()}`;
  const [r] = await owner`insert into regions (slug, name, name_kana) values (${slug}, ${over.name ?? `テスト広域圏${slug}`}, 'てすと') returning id, slug, name`;
  return r as { id: string; slug: string; name: string };
}

let codeSeq = 10000 + Math.floor(Math.random() * 80000);
export async function newMunicipality(owner: Sql, regionId: string, over: { name?: string } = {}) {
  const code = String(codeSeq++ % 100000).padStart(5, '0');
  toSixDigit(code);
  const slug = `m${uniq()}`;
  const [m] = await owner`
    insert into municipalities (region_id, code, slug, name, name_kana)
    values (${regionId}, ${code}, ${slug}, ${over.name ?? `テスト町${slug}`}, 'てすとまち') returning id, slug, name, code, region_id`;
  return { ...(m as { id: string; slug: string; name: string; code: string }), regionId };
}

export async function newDepartment(
  owner: Sql, municipalityId: string,
  over: { name?: string; kind?: 'bu' | 'ka' | 'kakari'; parentId?: string | null; code?: string } = {},
) {
  const [d] = await owner`
    insert into departments (municipality_id, parent_id, kind, name, name_kana, code)
    values (${municipalityId}, ${over.parentId ?? null}, ${over.kind ?? 'ka'}, ${over.name ?? '総務課'}, 'そうむか', ${over.code ?? `d${uniq()}`})
    returning id, name, code`;
  return d as { id: string; name: string; code: string };
}

let cachedHash: Promise<string> | undefined;
export const TEST_PASSWORD = 'correct horse battery';

export async function newUser(
  owner: Sql, municipalityId: string,
  over: {
    email?: string; name?: string; nameKana?: string; departmentId?: string | null; active?: boolean;
    roles?: Array<{ role: 'staff' | 'manager' | 'municipality_admin' | 'regional_coordinator' | 'attraction_reviewer' | 'operator'; departmentId?: string; regionId?: string }>;
  } = {},
) {
  cachedHash ??= hash(TEST_PASSWORD, { algorithm: 2, memoryCost: 19456, timeCost: 2, parallelism: 1 });
  const email = over.email ?? `u${uniq()}@test.yui.example`;
  const [u] = await owner`
    insert into users (municipality_id, department_id, email, name, name_kana, password_hash, active)
    values (${municipalityId}, ${over.departmentId ?? null}, ${email}, ${over.name ?? 'テスト 太郎'}, ${over.nameKana ?? 'てすと たろう'},
            ${await cachedHash}, ${over.active ?? true})
    returning id, email, name`;
  for (const g of [{ role: 'staff' as const }, ...(over.roles ?? [])]) {
    await owner`insert into role_grants (municipality_id, user_id, role, department_id, region_id)
                values (${municipalityId}, ${u!.id}, ${g.role}, ${'departmentId' in g ? g.departmentId ?? null : null}, ${'regionId' in g ? g.regionId ?? null : null})`;
  }
  return { ...(u as { id: string; email: string; name: string }), municipalityId, password: TEST_PASSWORD };
}

/** Two towns in one region and a third in another: the usual cast of a cross-tenant test. */
export async function newTenancyFixture(owner: Sql) {
  const region = await newRegion(owner);
  const otherRegion = await newRegion(owner);
  const a = await newMunicipality(owner, region.id, { name: 'A町' });
  const b = await newMunicipality(owner, region.id, { name: 'B町' });
  const c = await newMunicipality(owner, otherRegion.id, { name: 'C村' });
  return { region, otherRegion, a, b, c };
}
