-- The application role (yui_app) is created by db/src/migrate.ts before migrations run, because its
-- password comes from configuration. It owns nothing, is NOSUPERUSER NOBYPASSRLS, and gets only DML.
-- Tables are owned by the migration role; owners bypass RLS, which is what seeds and the narrow
-- SECURITY DEFINER functions below rely on. The app never connects as the owner.
GRANT USAGE ON SCHEMA public TO yui_app;--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO yui_app;--> statement-breakpoint
REVOKE INSERT, UPDATE, DELETE ON regions, municipalities FROM yui_app;--> statement-breakpoint
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO yui_app;--> statement-breakpoint

-- Sign-in happens before a tenant is known: look a person up by e-mail, across tenants, returning
-- only what sign-in needs.
CREATE FUNCTION auth_find_user(p_email text)
RETURNS TABLE (user_id uuid, municipality_id uuid, region_id uuid, password_hash text, active boolean)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT u.id, u.municipality_id, m.region_id, u.password_hash, u.active
  FROM users u JOIN municipalities m ON m.id = u.municipality_id
  WHERE lower(u.email) = lower(p_email)
$$;--> statement-breakpoint

-- A refresh token names its tenant only through its row.
CREATE FUNCTION auth_find_refresh_token(p_hash text)
RETURNS TABLE (municipality_id uuid, region_id uuid)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT t.municipality_id, m.region_id
  FROM refresh_tokens t JOIN municipalities m ON m.id = t.municipality_id
  WHERE t.token_hash = p_hash
$$;--> statement-breakpoint

-- The outbox relay sees which tenants have pending events (ids only), then works inside each tenant.
CREATE FUNCTION outbox_pending(p_limit integer)
RETURNS TABLE (id uuid, municipality_id uuid)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT e.id, e.municipality_id FROM outbox_events e
  WHERE e.relayed_at IS NULL ORDER BY e.created_at LIMIT p_limit
$$;--> statement-breakpoint

CREATE FUNCTION outbox_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('yui_outbox', NEW.municipality_id::text);
  RETURN NEW;
END $$;--> statement-breakpoint
CREATE TRIGGER outbox_events_notify AFTER INSERT ON outbox_events
  FOR EACH ROW EXECUTE FUNCTION outbox_notify();--> statement-breakpoint

REVOKE ALL ON FUNCTION auth_find_user(text), auth_find_refresh_token(text), outbox_pending(integer) FROM PUBLIC;--> statement-breakpoint
GRANT EXECUTE ON FUNCTION auth_find_user(text), auth_find_refresh_token(text), outbox_pending(integer) TO yui_app;--> statement-breakpoint

-- The planner underestimates rows under tenant + RLS predicates; tell it the columns move together.
CREATE STATISTICS users_tenant_department_stats (dependencies) ON municipality_id, department_id FROM users;
