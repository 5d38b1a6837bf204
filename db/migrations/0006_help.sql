CREATE TABLE "help_applications" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"region_id" uuid NOT NULL,
	"call_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"municipality_id" uuid NOT NULL,
	"status" text DEFAULT 'pending_time' NOT NULL,
	"message" text,
	"time_request_id" uuid,
	"attempt" integer DEFAULT 1 NOT NULL,
	"planned_minutes" integer DEFAULT 0 NOT NULL,
	"first_date" date,
	"counted_at" timestamp with time zone,
	"decided_at" timestamp with time zone,
	"decided_by" uuid,
	"decision_note" text,
	"withdrawn_at" timestamp with time zone,
	"participated_minutes" integer,
	"recorded_at" timestamp with time zone,
	"recorded_by" uuid,
	"thanks" text,
	"thanked_at" timestamp with time zone,
	"thanked_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "help_applications_call_user_uq" UNIQUE("call_id","user_id"),
	CONSTRAINT "help_applications_minutes" CHECK ("help_applications"."participated_minutes" is null or "help_applications"."participated_minutes" between 0 and 100000)
);
--> statement-breakpoint
ALTER TABLE "help_applications" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "help_calls" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"region_id" uuid NOT NULL,
	"municipality_id" uuid NOT NULL,
	"department_id" uuid NOT NULL,
	"title" text NOT NULL,
	"category" text NOT NULL,
	"summary" text NOT NULL,
	"headcount" integer NOT NULL,
	"published_on" date NOT NULL,
	"deadline" date NOT NULL,
	"work_start" date NOT NULL,
	"work_end" date NOT NULL,
	"hours_note" text,
	"minutes_per_day" integer NOT NULL,
	"place" text,
	"skills" text[] DEFAULT '{}'::text[] NOT NULL,
	"contact_id" uuid NOT NULL,
	"contact_note" text,
	"reach" text DEFAULT 'region' NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"cancel_reason" text,
	"applied_count" integer DEFAULT 0 NOT NULL,
	"accepted_count" integer DEFAULT 0 NOT NULL,
	"created_by" uuid NOT NULL,
	"idempotency_key" text,
	"closed_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	"cancelled_at" timestamp with time zone,
	"search" "tsvector" DEFAULT ''::tsvector NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "help_calls_region_id_uq" UNIQUE("region_id","id"),
	CONSTRAINT "help_calls_title_len" CHECK (char_length("help_calls"."title") between 1 and 100),
	CONSTRAINT "help_calls_headcount" CHECK ("help_calls"."headcount" between 1 and 500),
	CONSTRAINT "help_calls_accepted" CHECK ("help_calls"."accepted_count" between 0 and "help_calls"."headcount"),
	CONSTRAINT "help_calls_dates" CHECK ("help_calls"."published_on" <= "help_calls"."deadline" and "help_calls"."work_start" <= "help_calls"."work_end"),
	CONSTRAINT "help_calls_minutes" CHECK ("help_calls"."minutes_per_day" between 15 and 480)
);
--> statement-breakpoint
ALTER TABLE "help_calls" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "help_direct_requests" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"region_id" uuid NOT NULL,
	"municipality_id" uuid NOT NULL,
	"department_id" uuid NOT NULL,
	"requested_by" uuid NOT NULL,
	"talent_user_id" uuid NOT NULL,
	"talent_municipality_id" uuid NOT NULL,
	"title" text NOT NULL,
	"body" text NOT NULL,
	"category" text DEFAULT 'other' NOT NULL,
	"work_start" date NOT NULL,
	"work_end" date NOT NULL,
	"hours_note" text,
	"minutes_per_day" integer NOT NULL,
	"place" text,
	"status" text DEFAULT 'sent' NOT NULL,
	"response_note" text,
	"responded_at" timestamp with time zone,
	"time_request_id" uuid,
	"attempt" integer DEFAULT 1 NOT NULL,
	"planned_minutes" integer DEFAULT 0 NOT NULL,
	"first_date" date,
	"confirmed_at" timestamp with time zone,
	"withdrawn_at" timestamp with time zone,
	"idempotency_key" text,
	"participated_minutes" integer,
	"recorded_at" timestamp with time zone,
	"recorded_by" uuid,
	"thanks" text,
	"thanked_at" timestamp with time zone,
	"thanked_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "help_direct_requests_title_len" CHECK (char_length("help_direct_requests"."title") between 1 and 100),
	CONSTRAINT "help_direct_requests_dates" CHECK ("help_direct_requests"."work_start" <= "help_direct_requests"."work_end"),
	CONSTRAINT "help_direct_requests_minutes" CHECK ("help_direct_requests"."minutes_per_day" between 15 and 480)
);
--> statement-breakpoint
ALTER TABLE "help_direct_requests" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "talent_profiles" (
	"region_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"municipality_id" uuid NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"skills" text[] DEFAULT '{}'::text[] NOT NULL,
	"notify_skills" text[] DEFAULT '{}'::text[] NOT NULL,
	"introduction" text DEFAULT '' NOT NULL,
	"availability" text DEFAULT '' NOT NULL,
	"search" "tsvector" DEFAULT ''::tsvector NOT NULL,
	"opted_in_at" timestamp with time zone DEFAULT now() NOT NULL,
	"opted_out_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "talent_profiles_pk" PRIMARY KEY("region_id","user_id")
);
--> statement-breakpoint
ALTER TABLE "talent_profiles" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "departments" ADD COLUMN "description" text;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "photo_key" text;--> statement-breakpoint
ALTER TABLE "help_applications" ADD CONSTRAINT "help_applications_municipality_id_municipalities_id_fk" FOREIGN KEY ("municipality_id") REFERENCES "public"."municipalities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "help_applications" ADD CONSTRAINT "help_applications_call_fk" FOREIGN KEY ("region_id","call_id") REFERENCES "public"."help_calls"("region_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "help_calls" ADD CONSTRAINT "help_calls_region_id_regions_id_fk" FOREIGN KEY ("region_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "help_calls" ADD CONSTRAINT "help_calls_municipality_id_municipalities_id_fk" FOREIGN KEY ("municipality_id") REFERENCES "public"."municipalities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "help_calls" ADD CONSTRAINT "help_calls_department_fk" FOREIGN KEY ("municipality_id","department_id") REFERENCES "public"."departments"("municipality_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "help_direct_requests" ADD CONSTRAINT "help_direct_requests_region_id_regions_id_fk" FOREIGN KEY ("region_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "help_direct_requests" ADD CONSTRAINT "help_direct_requests_municipality_id_municipalities_id_fk" FOREIGN KEY ("municipality_id") REFERENCES "public"."municipalities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "help_direct_requests" ADD CONSTRAINT "help_direct_requests_talent_municipality_id_municipalities_id_fk" FOREIGN KEY ("talent_municipality_id") REFERENCES "public"."municipalities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "help_direct_requests" ADD CONSTRAINT "help_direct_requests_department_fk" FOREIGN KEY ("municipality_id","department_id") REFERENCES "public"."departments"("municipality_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "talent_profiles" ADD CONSTRAINT "talent_profiles_region_id_regions_id_fk" FOREIGN KEY ("region_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "talent_profiles" ADD CONSTRAINT "talent_profiles_municipality_id_municipalities_id_fk" FOREIGN KEY ("municipality_id") REFERENCES "public"."municipalities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "help_applications_call_idx" ON "help_applications" USING btree ("call_id","status","created_at");--> statement-breakpoint
CREATE INDEX "help_applications_user_idx" ON "help_applications" USING btree ("region_id","user_id","created_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "help_applications_time_idx" ON "help_applications" USING btree ("time_request_id");--> statement-breakpoint
CREATE UNIQUE INDEX "help_calls_idempotency_uq" ON "help_calls" USING btree ("created_by","idempotency_key");--> statement-breakpoint
CREATE INDEX "help_calls_region_list_idx" ON "help_calls" USING btree ("region_id","published_on" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "help_calls_region_status_idx" ON "help_calls" USING btree ("region_id","status","deadline");--> statement-breakpoint
CREATE INDEX "help_calls_town_idx" ON "help_calls" USING btree ("municipality_id","department_id","published_on");--> statement-breakpoint
CREATE INDEX "help_calls_skills_idx" ON "help_calls" USING gin ("skills");--> statement-breakpoint
CREATE INDEX "help_calls_hidden_idx" ON "help_calls" USING btree ("region_id","municipality_id") WHERE "help_calls"."reach" = 'town';--> statement-breakpoint
CREATE UNIQUE INDEX "help_direct_requests_idempotency_uq" ON "help_direct_requests" USING btree ("requested_by","idempotency_key");--> statement-breakpoint
CREATE INDEX "help_direct_requests_talent_idx" ON "help_direct_requests" USING btree ("talent_user_id","created_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "help_direct_requests_requester_idx" ON "help_direct_requests" USING btree ("municipality_id","requested_by","created_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "help_direct_requests_time_idx" ON "help_direct_requests" USING btree ("time_request_id");--> statement-breakpoint
CREATE INDEX "talent_profiles_town_idx" ON "talent_profiles" USING btree ("region_id","municipality_id") WHERE "talent_profiles"."active";--> statement-breakpoint
CREATE INDEX "talent_profiles_skills_idx" ON "talent_profiles" USING gin ("skills");--> statement-breakpoint
CREATE INDEX "talent_profiles_notify_idx" ON "talent_profiles" USING gin ("notify_skills");--> statement-breakpoint
CREATE INDEX "talent_profiles_user_idx" ON "talent_profiles" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "users_inactive_idx" ON "users" USING btree ("municipality_id") WHERE not "users"."active";--> statement-breakpoint
-- 職場応援: a town-only call (reach 'town') of another town is hidden, and so is everything hanging
-- off it (applications). Few such calls per region (partial index), computed once per statement.
CREATE FUNCTION yui_hidden_help_calls() RETURNS SETOF uuid
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT c.id FROM help_calls c
  WHERE c.region_id = nullif(current_setting('app.region_id', true), '')::uuid
    AND c.reach = 'town'
    AND c.municipality_id IS DISTINCT FROM nullif(current_setting('app.tenant_id', true), '')::uuid
$$;--> statement-breakpoint
REVOKE ALL ON FUNCTION yui_hidden_help_calls() FROM PUBLIC;--> statement-breakpoint
GRANT EXECUTE ON FUNCTION yui_hidden_help_calls() TO yui_app;--> statement-breakpoint

-- 各課広報: the departments of every town of the current region (active ones), with the number of
-- active staff in each. p_municipality narrows to one town (null: all).
CREATE FUNCTION region_departments(p_municipality uuid)
RETURNS TABLE (id uuid, municipality_id uuid, municipality_name text, parent_id uuid, kind text, name text,
               name_kana text, sort_order integer, has_description boolean, staff_count integer)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT d.id, d.municipality_id, m.name, d.parent_id, d.kind, d.name, d.name_kana, d.sort_order,
    coalesce(d.description, '') <> '',
    (SELECT count(*)::int FROM users u WHERE u.municipality_id = d.municipality_id AND u.department_id = d.id AND u.active)
  FROM departments d JOIN municipalities m ON m.id = d.municipality_id
  WHERE d.active
    AND m.region_id = nullif(current_setting('app.region_id', true), '')::uuid
    AND (p_municipality IS NULL OR d.municipality_id = p_municipality)
$$;--> statement-breakpoint

-- One department's page as the region sees it: what it does, its duties in an emergency, its path.
CREATE FUNCTION region_department(p_id uuid)
RETURNS TABLE (id uuid, municipality_id uuid, municipality_name text, parent_id uuid, kind text, name text,
               name_kana text, description text, emergency_duties text, path text, updated_at timestamptz)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT d.id, d.municipality_id, m.name, d.parent_id, d.kind, d.name, d.name_kana, d.description, d.emergency_duties,
    (WITH RECURSIVE up(id, parent_id, name, depth) AS (
        SELECT d.id, d.parent_id, d.name, 0
        UNION ALL
        SELECT p.id, p.parent_id, p.name, up.depth + 1 FROM departments p JOIN up ON p.id = up.parent_id
          WHERE p.municipality_id = d.municipality_id AND up.depth < 10)
     SELECT string_agg(up.name, ' > ' ORDER BY up.depth DESC) FROM up),
    d.updated_at
  FROM departments d JOIN municipalities m ON m.id = d.municipality_id
  WHERE d.id = p_id AND d.active
    AND m.region_id = nullif(current_setting('app.region_id', true), '')::uuid
$$;--> statement-breakpoint

-- The active staff of a department and the departments below it (a 課 page lists its 係), as the
-- region sees them: name, ふりがな, position, photo address, self-introduction. Never e-mail or hours.
CREATE FUNCTION region_department_staff(p_id uuid)
RETURNS TABLE (id uuid, department_id uuid, department_name text, name text, name_kana text, "position" text,
               photo_url text, introduction text)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  WITH RECURSIVE root AS (
    SELECT d.id, d.municipality_id FROM departments d JOIN municipalities m ON m.id = d.municipality_id
    WHERE d.id = p_id AND m.region_id = nullif(current_setting('app.region_id', true), '')::uuid
  ), down(id, depth) AS (
    SELECT id, 0 FROM root
    UNION ALL
    SELECT c.id, down.depth + 1 FROM departments c JOIN down ON c.parent_id = down.id
      WHERE c.municipality_id = (SELECT municipality_id FROM root) AND c.active AND down.depth < 10
  )
  SELECT u.id, u.department_id, d.name, u.name, u.name_kana, u."position", u.photo_url, u.introduction
  FROM users u JOIN down ON down.id = u.department_id
  JOIN departments d ON d.id = u.department_id AND d.municipality_id = u.municipality_id
  WHERE u.active AND u.municipality_id = (SELECT municipality_id FROM root)
$$;--> statement-breakpoint

-- Photo address, stored photo key and self-introduction of people of the current region (profile
-- cards across towns). The key is for the API to read the bytes; it is never shown.
CREATE FUNCTION region_people_cards(p_ids uuid[])
RETURNS TABLE (id uuid, photo_url text, photo_key text, introduction text)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT u.id, u.photo_url, u.photo_key, u.introduction
  FROM users u JOIN municipalities m ON m.id = u.municipality_id
  WHERE u.id = ANY(p_ids) AND u.active
    AND m.region_id = nullif(current_setting('app.region_id', true), '')::uuid
$$;--> statement-breakpoint

-- データ保管庫: direct requests are private to the two towns concerned, but the region's figures count
-- them all. Counts only (per requesting town and department, per month of creation, per status).
CREATE FUNCTION help_direct_request_counts(p_from date, p_to date)
RETURNS TABLE (municipality_id uuid, department_id uuid, month text, status text, n integer)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT r.municipality_id, r.department_id, to_char(r.created_at AT TIME ZONE 'Asia/Tokyo', 'YYYY-MM'), r.status, count(*)::int
  FROM help_direct_requests r
  WHERE r.region_id = nullif(current_setting('app.region_id', true), '')::uuid
    AND (r.created_at AT TIME ZONE 'Asia/Tokyo')::date BETWEEN p_from AND p_to
  GROUP BY 1, 2, 3, 4
$$;--> statement-breakpoint
REVOKE ALL ON FUNCTION region_departments(uuid), region_department(uuid), region_department_staff(uuid),
  region_people_cards(uuid[]), help_direct_request_counts(date, date) FROM PUBLIC;--> statement-breakpoint
GRANT EXECUTE ON FUNCTION region_departments(uuid), region_department(uuid), region_department_staff(uuid),
  region_people_cards(uuid[]), help_direct_request_counts(date, date) TO yui_app;--> statement-breakpoint
-- The calls of the current town (in its region): the call's town may change its applications
-- (decisions, participation, a cancellation) whoever filed them. Computed once per statement.
CREATE FUNCTION yui_town_help_calls() RETURNS SETOF uuid
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT c.id FROM help_calls c
  WHERE c.region_id = nullif(current_setting('app.region_id', true), '')::uuid
    AND c.municipality_id = nullif(current_setting('app.tenant_id', true), '')::uuid
$$;--> statement-breakpoint
-- People of the current region no longer on the staff (deactivated): their talent entries drop out of
-- every reader's view at once. Few, computed once per statement.
CREATE FUNCTION yui_inactive_region_people() RETURNS SETOF uuid
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT u.id FROM users u JOIN municipalities m ON m.id = u.municipality_id
  WHERE NOT u.active AND m.region_id = nullif(current_setting('app.region_id', true), '')::uuid
$$;--> statement-breakpoint
REVOKE ALL ON FUNCTION yui_town_help_calls(), yui_inactive_region_people() FROM PUBLIC;--> statement-breakpoint
GRANT EXECUTE ON FUNCTION yui_town_help_calls(), yui_inactive_region_people() TO yui_app;--> statement-breakpoint

-- A region-wide call is locked and its counts moved by the applicant's town (an application counts
-- when that town's manager approves the time). Row-level security cannot say "only these columns", so
-- this trigger does: in another town's context, nothing but applied_count, accepted_count and
-- updated_at may change. (No tenant in the context — the owner's migrations and seeds — is not checked.)
CREATE FUNCTION help_calls_guard() RETURNS trigger
LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
DECLARE
  v_tenant uuid := nullif(current_setting('app.tenant_id', true), '')::uuid;
  v_counts text[] := ARRAY['applied_count', 'accepted_count', 'updated_at'];
BEGIN
  IF v_tenant IS NULL THEN RETURN NEW; END IF;
  IF NEW.id IS DISTINCT FROM OLD.id OR NEW.region_id IS DISTINCT FROM OLD.region_id
     OR NEW.municipality_id IS DISTINCT FROM OLD.municipality_id OR NEW.created_by IS DISTINCT FROM OLD.created_by THEN
    RAISE EXCEPTION 'help_calls: a call stays with its town, region and poster' USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF OLD.municipality_id IS DISTINCT FROM v_tenant
     AND (to_jsonb(NEW) - v_counts) IS DISTINCT FROM (to_jsonb(OLD) - v_counts) THEN
    RAISE EXCEPTION 'help_calls: another town may only change the counts of a call'
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NEW;
END
$$;--> statement-breakpoint
CREATE TRIGGER help_calls_guard BEFORE UPDATE ON help_calls FOR EACH ROW EXECUTE FUNCTION help_calls_guard();--> statement-breakpoint

-- The columns of a changed row that differ from the old one (guards below).
CREATE FUNCTION yui_changed_columns(p_old jsonb, p_new jsonb) RETURNS text[]
LANGUAGE sql IMMUTABLE AS $$
  SELECT coalesce(array_agg(n.key), '{}') FROM jsonb_each(p_new) n WHERE n.value IS DISTINCT FROM p_old -> n.key
$$;--> statement-breakpoint

-- An application is changed by two towns, each only in its own steps (RLS cannot say which columns):
--  - the applicant's town: applying again, its 20% time (the hook), withdrawing — never the poster's
--    answer, participation or thanks (it may only clear them, applying afresh);
--  - the call's town: the answer (accepted / declined / cancelled), participation and thanks.
-- Who applied, for which call, from which town never changes. No tenant (owner scripts): not checked.
CREATE FUNCTION help_applications_guard() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  v_tenant uuid := nullif(current_setting('app.tenant_id', true), '')::uuid;
  v_call_town uuid;
  v_changed text[];
  v_poster text[] := ARRAY['status', 'decided_at', 'decided_by', 'decision_note', 'participated_minutes', 'recorded_at',
                           'recorded_by', 'thanks', 'thanked_at', 'thanked_by', 'updated_at'];
  v_applicant text[] := ARRAY['status', 'message', 'time_request_id', 'attempt', 'planned_minutes', 'first_date', 'counted_at',
                              'withdrawn_at', 'updated_at', 'decided_at', 'decided_by', 'decision_note', 'participated_minutes',
                              'recorded_at', 'recorded_by', 'thanks', 'thanked_at', 'thanked_by'];
BEGIN
  IF v_tenant IS NULL THEN RETURN NEW; END IF;
  IF NEW.id IS DISTINCT FROM OLD.id OR NEW.region_id IS DISTINCT FROM OLD.region_id OR NEW.call_id IS DISTINCT FROM OLD.call_id
     OR NEW.user_id IS DISTINCT FROM OLD.user_id OR NEW.municipality_id IS DISTINCT FROM OLD.municipality_id
     OR NEW.created_at IS DISTINCT FROM OLD.created_at THEN
    RAISE EXCEPTION 'help_applications: who applied to which call never changes' USING ERRCODE = 'insufficient_privilege';
  END IF;
  SELECT c.municipality_id INTO v_call_town FROM help_calls c WHERE c.id = NEW.call_id;
  IF v_tenant = v_call_town AND v_tenant = OLD.municipality_id THEN RETURN NEW; END IF;
  v_changed := yui_changed_columns(to_jsonb(OLD), to_jsonb(NEW));
  IF v_tenant = v_call_town THEN
    IF NOT v_changed <@ v_poster OR (NEW.status IS DISTINCT FROM OLD.status AND NEW.status NOT IN ('accepted', 'declined', 'cancelled')) THEN
      RAISE EXCEPTION 'help_applications: the call''s town answers and records, nothing else' USING ERRCODE = 'insufficient_privilege';
    END IF;
  ELSIF v_tenant = OLD.municipality_id THEN
    IF NOT v_changed <@ v_applicant
       OR (NEW.status IS DISTINCT FROM OLD.status AND NEW.status IN ('accepted', 'declined', 'cancelled'))
       OR (NEW.decided_at IS NOT NULL AND NEW.decided_at IS DISTINCT FROM OLD.decided_at)
       OR (NEW.decided_by IS NOT NULL AND NEW.decided_by IS DISTINCT FROM OLD.decided_by)
       OR (NEW.decision_note IS NOT NULL AND NEW.decision_note IS DISTINCT FROM OLD.decision_note)
       OR (NEW.participated_minutes IS NOT NULL AND NEW.participated_minutes IS DISTINCT FROM OLD.participated_minutes)
       OR (NEW.recorded_at IS NOT NULL AND NEW.recorded_at IS DISTINCT FROM OLD.recorded_at)
       OR (NEW.recorded_by IS NOT NULL AND NEW.recorded_by IS DISTINCT FROM OLD.recorded_by)
       OR (NEW.thanks IS NOT NULL AND NEW.thanks IS DISTINCT FROM OLD.thanks)
       OR (NEW.thanked_at IS NOT NULL AND NEW.thanked_at IS DISTINCT FROM OLD.thanked_at)
       OR (NEW.thanked_by IS NOT NULL AND NEW.thanked_by IS DISTINCT FROM OLD.thanked_by) THEN
      RAISE EXCEPTION 'help_applications: the applicant''s town applies and withdraws, nothing else' USING ERRCODE = 'insufficient_privilege';
    END IF;
  ELSE
    RAISE EXCEPTION 'help_applications: only the applicant''s town and the call''s town change an application' USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NEW;
END
$$;--> statement-breakpoint
CREATE TRIGGER help_applications_guard BEFORE UPDATE ON help_applications FOR EACH ROW EXECUTE FUNCTION help_applications_guard();--> statement-breakpoint

-- A direct request is changed by its two towns, each only in its own steps: the talent's town
-- answers (and its 20% time moves it); the requesting town withdraws and records participation and
-- thanks. Who asked whom, and what, never changes. No tenant (owner scripts): not checked.
CREATE FUNCTION help_direct_requests_guard() RETURNS trigger
LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
DECLARE
  v_tenant uuid := nullif(current_setting('app.tenant_id', true), '')::uuid;
  v_changed text[];
  v_requester text[] := ARRAY['status', 'withdrawn_at', 'participated_minutes', 'recorded_at', 'recorded_by', 'thanks',
                              'thanked_at', 'thanked_by', 'updated_at'];
  v_talent text[] := ARRAY['status', 'response_note', 'responded_at', 'time_request_id', 'attempt', 'planned_minutes',
                           'first_date', 'confirmed_at', 'withdrawn_at', 'updated_at'];
BEGIN
  IF v_tenant IS NULL THEN RETURN NEW; END IF;
  v_changed := yui_changed_columns(to_jsonb(OLD), to_jsonb(NEW));
  IF v_changed && ARRAY['id', 'region_id', 'municipality_id', 'department_id', 'requested_by', 'talent_user_id',
                        'talent_municipality_id', 'title', 'body', 'category', 'work_start', 'work_end', 'hours_note',
                        'minutes_per_day', 'place', 'idempotency_key', 'created_at'] THEN
    RAISE EXCEPTION 'help_direct_requests: who asked whom, and what, never changes' USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF v_tenant = OLD.municipality_id AND v_tenant = OLD.talent_municipality_id THEN RETURN NEW; END IF;
  IF v_tenant = OLD.municipality_id THEN
    IF NOT v_changed <@ v_requester OR (NEW.status IS DISTINCT FROM OLD.status AND NEW.status <> 'withdrawn') THEN
      RAISE EXCEPTION 'help_direct_requests: the requesting town withdraws and records, nothing else' USING ERRCODE = 'insufficient_privilege';
    END IF;
  ELSIF v_tenant = OLD.talent_municipality_id THEN
    IF NOT v_changed <@ v_talent THEN
      RAISE EXCEPTION 'help_direct_requests: the talent''s town answers, nothing else' USING ERRCODE = 'insufficient_privilege';
    END IF;
  END IF;
  RETURN NEW;
END
$$;--> statement-breakpoint
CREATE TRIGGER help_direct_requests_guard BEFORE UPDATE ON help_direct_requests FOR EACH ROW EXECUTE FUNCTION help_direct_requests_guard();--> statement-breakpoint
CREATE POLICY "help_applications_read" ON "help_applications" AS PERMISSIVE FOR SELECT TO "yui_app" USING (region_id = nullif(current_setting('app.region_id', true), '')::uuid and call_id not in (select yui_hidden_help_calls()));--> statement-breakpoint
CREATE POLICY "help_applications_apply" ON "help_applications" AS PERMISSIVE FOR INSERT TO "yui_app" WITH CHECK (region_id = nullif(current_setting('app.region_id', true), '')::uuid and call_id not in (select yui_hidden_help_calls()) and municipality_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "help_applications_change" ON "help_applications" AS PERMISSIVE FOR UPDATE TO "yui_app" USING (region_id = nullif(current_setting('app.region_id', true), '')::uuid and call_id not in (select yui_hidden_help_calls()) and (municipality_id = nullif(current_setting('app.tenant_id', true), '')::uuid or call_id in (select yui_town_help_calls()))) WITH CHECK (region_id = nullif(current_setting('app.region_id', true), '')::uuid and call_id not in (select yui_hidden_help_calls()));--> statement-breakpoint
CREATE POLICY "help_calls_read" ON "help_calls" AS PERMISSIVE FOR SELECT TO "yui_app" USING (region_id = nullif(current_setting('app.region_id', true), '')::uuid and (reach = 'region' or municipality_id = nullif(current_setting('app.tenant_id', true), '')::uuid));--> statement-breakpoint
CREATE POLICY "help_calls_post" ON "help_calls" AS PERMISSIVE FOR INSERT TO "yui_app" WITH CHECK (region_id = nullif(current_setting('app.region_id', true), '')::uuid and municipality_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "help_calls_change" ON "help_calls" AS PERMISSIVE FOR UPDATE TO "yui_app" USING (region_id = nullif(current_setting('app.region_id', true), '')::uuid and (reach = 'region' or municipality_id = nullif(current_setting('app.tenant_id', true), '')::uuid)) WITH CHECK (region_id = nullif(current_setting('app.region_id', true), '')::uuid and (reach = 'region' or municipality_id = nullif(current_setting('app.tenant_id', true), '')::uuid));--> statement-breakpoint
CREATE POLICY "help_direct_requests_read" ON "help_direct_requests" AS PERMISSIVE FOR SELECT TO "yui_app" USING (region_id = nullif(current_setting('app.region_id', true), '')::uuid and (municipality_id = nullif(current_setting('app.tenant_id', true), '')::uuid or talent_municipality_id = nullif(current_setting('app.tenant_id', true), '')::uuid));--> statement-breakpoint
CREATE POLICY "help_direct_requests_send" ON "help_direct_requests" AS PERMISSIVE FOR INSERT TO "yui_app" WITH CHECK (region_id = nullif(current_setting('app.region_id', true), '')::uuid and municipality_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "help_direct_requests_change" ON "help_direct_requests" AS PERMISSIVE FOR UPDATE TO "yui_app" USING (region_id = nullif(current_setting('app.region_id', true), '')::uuid and (municipality_id = nullif(current_setting('app.tenant_id', true), '')::uuid or talent_municipality_id = nullif(current_setting('app.tenant_id', true), '')::uuid)) WITH CHECK (region_id = nullif(current_setting('app.region_id', true), '')::uuid and (municipality_id = nullif(current_setting('app.tenant_id', true), '')::uuid or talent_municipality_id = nullif(current_setting('app.tenant_id', true), '')::uuid));--> statement-breakpoint
CREATE POLICY "talent_profiles_read" ON "talent_profiles" AS PERMISSIVE FOR SELECT TO "yui_app" USING (region_id = nullif(current_setting('app.region_id', true), '')::uuid and ((active and user_id not in (select yui_inactive_region_people())) or user_id = nullif(current_setting('app.user_id', true), '')::uuid));--> statement-breakpoint
CREATE POLICY "talent_profiles_register" ON "talent_profiles" AS PERMISSIVE FOR INSERT TO "yui_app" WITH CHECK (region_id = nullif(current_setting('app.region_id', true), '')::uuid and user_id = nullif(current_setting('app.user_id', true), '')::uuid and municipality_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "talent_profiles_change" ON "talent_profiles" AS PERMISSIVE FOR UPDATE TO "yui_app" USING (region_id = nullif(current_setting('app.region_id', true), '')::uuid and user_id = nullif(current_setting('app.user_id', true), '')::uuid and municipality_id = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK (region_id = nullif(current_setting('app.region_id', true), '')::uuid and user_id = nullif(current_setting('app.user_id', true), '')::uuid and municipality_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "talent_profiles_remove" ON "talent_profiles" AS PERMISSIVE FOR DELETE TO "yui_app" USING (region_id = nullif(current_setting('app.region_id', true), '')::uuid and user_id = nullif(current_setting('app.user_id', true), '')::uuid and municipality_id = nullif(current_setting('app.tenant_id', true), '')::uuid);