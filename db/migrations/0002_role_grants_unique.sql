-- role_grants_uq did not hold for roles without a department or region (staff, municipality_admin,
-- operator): coalesce(department_id, region_id) was NULL for them, and NULLs never collide, so a
-- grant made twice was stored twice. Keep the oldest of each duplicate, then index a non-null key.
DELETE FROM "role_grants" g USING "role_grants" h
WHERE g.municipality_id = h.municipality_id AND g.user_id = h.user_id AND g.role = h.role
  AND g.department_id IS NOT DISTINCT FROM h.department_id AND g.region_id IS NOT DISTINCT FROM h.region_id
  AND (g.created_at, g.id) > (h.created_at, h.id);--> statement-breakpoint
DROP INDEX "role_grants_uq";--> statement-breakpoint
CREATE UNIQUE INDEX "role_grants_uq" ON "role_grants" USING btree ("municipality_id","user_id","role",coalesce("department_id", "region_id", '00000000-0000-0000-0000-000000000000'::uuid));
