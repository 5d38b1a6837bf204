CREATE TABLE "mentoring_consultation_messages" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"region_id" uuid NOT NULL,
	"consultation_id" uuid NOT NULL,
	"author_id" uuid NOT NULL,
	"body" text NOT NULL,
	"idempotency_key" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "mentoring_consultation_messages_len" CHECK (char_length("mentoring_consultation_messages"."body") between 1 and 4000)
);
--> statement-breakpoint
ALTER TABLE "mentoring_consultation_messages" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "mentoring_consultations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"region_id" uuid NOT NULL,
	"mentorship_id" uuid NOT NULL,
	"mentee_id" uuid NOT NULL,
	"opened_by" uuid NOT NULL,
	"kind" text NOT NULL,
	"participant_ids" uuid[] NOT NULL,
	"subject" text NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"closed_at" timestamp with time zone,
	"idempotency_key" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "mentoring_consultations_subject_len" CHECK (char_length("mentoring_consultations"."subject") between 1 and 100),
	CONSTRAINT "mentoring_consultations_not_mentee" CHECK (not ("mentoring_consultations"."mentee_id" = any("mentoring_consultations"."participant_ids"))),
	CONSTRAINT "mentoring_consultations_opener" CHECK ("mentoring_consultations"."opened_by" = any("mentoring_consultations"."participant_ids"))
);
--> statement-breakpoint
ALTER TABLE "mentoring_consultations" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "mentoring_notes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"region_id" uuid NOT NULL,
	"mentorship_id" uuid NOT NULL,
	"session_id" uuid,
	"mentor_id" uuid NOT NULL,
	"mentee_id" uuid NOT NULL,
	"author_id" uuid NOT NULL,
	"body" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "mentoring_notes_len" CHECK (char_length("mentoring_notes"."body") between 1 and 4000),
	CONSTRAINT "mentoring_notes_author" CHECK ("mentoring_notes"."author_id" in ("mentoring_notes"."mentor_id", "mentoring_notes"."mentee_id"))
);
--> statement-breakpoint
ALTER TABLE "mentoring_notes" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "mentoring_participants" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"region_id" uuid NOT NULL,
	"programme_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"municipality_id" uuid NOT NULL,
	"role" text NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"capacity" integer DEFAULT 1 NOT NULL,
	"skills" text[] DEFAULT '{}'::text[] NOT NULL,
	"years_of_service" integer DEFAULT 0 NOT NULL,
	"town_preference" text DEFAULT 'any' NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"excluded_mentor_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"rematch_requested_at" timestamp with time zone,
	"rematch_reason" text,
	"added_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "mentoring_participants_uq" UNIQUE("programme_id","user_id","role"),
	CONSTRAINT "mentoring_participants_capacity" CHECK ("mentoring_participants"."capacity" between 1 and 10),
	CONSTRAINT "mentoring_participants_years" CHECK ("mentoring_participants"."years_of_service" between 0 and 60)
);
--> statement-breakpoint
ALTER TABLE "mentoring_participants" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "mentoring_programmes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"region_id" uuid NOT NULL,
	"municipality_id" uuid NOT NULL,
	"scope" text NOT NULL,
	"kind" text NOT NULL,
	"fiscal_year" integer NOT NULL,
	"title" text NOT NULL,
	"goals" text DEFAULT '' NOT NULL,
	"mentee_rule" text DEFAULT 'anyone' NOT NULL,
	"mentor_min_years" integer DEFAULT 3 NOT NULL,
	"department_preference" text DEFAULT 'any' NOT NULL,
	"starts_on" date NOT NULL,
	"ends_on" date NOT NULL,
	"nudge_after_weeks" integer DEFAULT 4 NOT NULL,
	"escalate_after_weeks" integer DEFAULT 8 NOT NULL,
	"session_minutes" integer DEFAULT 60 NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"created_by" uuid NOT NULL,
	"idempotency_key" text,
	"closed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "mentoring_programmes_region_id_uq" UNIQUE("region_id","id"),
	CONSTRAINT "mentoring_programmes_title_len" CHECK (char_length("mentoring_programmes"."title") between 1 and 100),
	CONSTRAINT "mentoring_programmes_dates" CHECK ("mentoring_programmes"."starts_on" <= "mentoring_programmes"."ends_on"),
	CONSTRAINT "mentoring_programmes_year" CHECK ("mentoring_programmes"."fiscal_year" between 2000 and 2100),
	CONSTRAINT "mentoring_programmes_weeks" CHECK ("mentoring_programmes"."nudge_after_weeks" between 1 and 26 and "mentoring_programmes"."escalate_after_weeks" between "mentoring_programmes"."nudge_after_weeks" + 1 and 52),
	CONSTRAINT "mentoring_programmes_minutes" CHECK ("mentoring_programmes"."session_minutes" between 15 and 480),
	CONSTRAINT "mentoring_programmes_min_years" CHECK ("mentoring_programmes"."mentor_min_years" between 0 and 40)
);
--> statement-breakpoint
ALTER TABLE "mentoring_programmes" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "mentoring_sessions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"region_id" uuid NOT NULL,
	"programme_id" uuid NOT NULL,
	"mentorship_id" uuid NOT NULL,
	"status" text DEFAULT 'planned' NOT NULL,
	"held_on" date NOT NULL,
	"start_time" text,
	"minutes" integer NOT NULL,
	"topic" text DEFAULT '' NOT NULL,
	"place" text,
	"logged_by" uuid NOT NULL,
	"mentor_time_request_id" uuid,
	"mentor_time_status" text,
	"mentee_time_request_id" uuid,
	"mentee_time_status" text,
	"idempotency_key" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "mentoring_sessions_minutes" CHECK ("mentoring_sessions"."minutes" between 5 and 480),
	CONSTRAINT "mentoring_sessions_start" CHECK ("mentoring_sessions"."start_time" is null or "mentoring_sessions"."start_time" ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$')
);
--> statement-breakpoint
ALTER TABLE "mentoring_sessions" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "mentoring_surveys" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"region_id" uuid NOT NULL,
	"programme_id" uuid NOT NULL,
	"mentorship_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"municipality_id" uuid NOT NULL,
	"role" text NOT NULL,
	"stage" text NOT NULL,
	"satisfaction" smallint NOT NULL,
	"usefulness" smallint,
	"comment" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "mentoring_surveys_uq" UNIQUE("mentorship_id","user_id","stage"),
	CONSTRAINT "mentoring_surveys_satisfaction" CHECK ("mentoring_surveys"."satisfaction" between 1 and 5),
	CONSTRAINT "mentoring_surveys_usefulness" CHECK ("mentoring_surveys"."usefulness" is null or "mentoring_surveys"."usefulness" between 1 and 5)
);
--> statement-breakpoint
ALTER TABLE "mentoring_surveys" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "mentorships" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"region_id" uuid NOT NULL,
	"programme_id" uuid NOT NULL,
	"mentor_id" uuid NOT NULL,
	"mentor_municipality_id" uuid NOT NULL,
	"mentee_id" uuid NOT NULL,
	"mentee_municipality_id" uuid NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"starts_on" date NOT NULL,
	"ends_on" date NOT NULL,
	"goals" text DEFAULT '' NOT NULL,
	"score" integer DEFAULT 0 NOT NULL,
	"reasons" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"matched_via" text DEFAULT 'manual' NOT NULL,
	"matched_by" uuid NOT NULL,
	"last_session_on" date,
	"nudged_at" timestamp with time zone,
	"escalated_at" timestamp with time zone,
	"mid_survey_notified_at" timestamp with time zone,
	"end_survey_notified_at" timestamp with time zone,
	"ended_at" timestamp with time zone,
	"end_reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "mentorships_region_id_uq" UNIQUE("region_id","id"),
	CONSTRAINT "mentorships_not_self" CHECK ("mentorships"."mentor_id" <> "mentorships"."mentee_id"),
	CONSTRAINT "mentorships_dates" CHECK ("mentorships"."starts_on" <= "mentorships"."ends_on"),
	CONSTRAINT "mentorships_score" CHECK ("mentorships"."score" between 0 and 100)
);
--> statement-breakpoint
ALTER TABLE "mentorships" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "position_since" date;--> statement-breakpoint
ALTER TABLE "mentoring_consultation_messages" ADD CONSTRAINT "mentoring_consultation_messages_consultation_id_mentoring_consultations_id_fk" FOREIGN KEY ("consultation_id") REFERENCES "public"."mentoring_consultations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mentoring_consultations" ADD CONSTRAINT "mentoring_consultations_pair_fk" FOREIGN KEY ("region_id","mentorship_id") REFERENCES "public"."mentorships"("region_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mentoring_notes" ADD CONSTRAINT "mentoring_notes_session_id_mentoring_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."mentoring_sessions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mentoring_notes" ADD CONSTRAINT "mentoring_notes_pair_fk" FOREIGN KEY ("region_id","mentorship_id") REFERENCES "public"."mentorships"("region_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mentoring_participants" ADD CONSTRAINT "mentoring_participants_municipality_id_municipalities_id_fk" FOREIGN KEY ("municipality_id") REFERENCES "public"."municipalities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mentoring_participants" ADD CONSTRAINT "mentoring_participants_programme_fk" FOREIGN KEY ("region_id","programme_id") REFERENCES "public"."mentoring_programmes"("region_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mentoring_programmes" ADD CONSTRAINT "mentoring_programmes_region_id_regions_id_fk" FOREIGN KEY ("region_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mentoring_programmes" ADD CONSTRAINT "mentoring_programmes_municipality_id_municipalities_id_fk" FOREIGN KEY ("municipality_id") REFERENCES "public"."municipalities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mentoring_sessions" ADD CONSTRAINT "mentoring_sessions_pair_fk" FOREIGN KEY ("region_id","mentorship_id") REFERENCES "public"."mentorships"("region_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mentoring_surveys" ADD CONSTRAINT "mentoring_surveys_municipality_id_municipalities_id_fk" FOREIGN KEY ("municipality_id") REFERENCES "public"."municipalities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mentoring_surveys" ADD CONSTRAINT "mentoring_surveys_pair_fk" FOREIGN KEY ("region_id","mentorship_id") REFERENCES "public"."mentorships"("region_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mentorships" ADD CONSTRAINT "mentorships_mentor_municipality_id_municipalities_id_fk" FOREIGN KEY ("mentor_municipality_id") REFERENCES "public"."municipalities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mentorships" ADD CONSTRAINT "mentorships_mentee_municipality_id_municipalities_id_fk" FOREIGN KEY ("mentee_municipality_id") REFERENCES "public"."municipalities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mentorships" ADD CONSTRAINT "mentorships_programme_fk" FOREIGN KEY ("region_id","programme_id") REFERENCES "public"."mentoring_programmes"("region_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "mentoring_consultation_messages_idempotency_uq" ON "mentoring_consultation_messages" USING btree ("author_id","idempotency_key");--> statement-breakpoint
CREATE INDEX "mentoring_consultation_messages_idx" ON "mentoring_consultation_messages" USING btree ("consultation_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "mentoring_consultations_idempotency_uq" ON "mentoring_consultations" USING btree ("opened_by","idempotency_key");--> statement-breakpoint
CREATE INDEX "mentoring_consultations_pair_idx" ON "mentoring_consultations" USING btree ("mentorship_id","created_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "mentoring_consultations_people_idx" ON "mentoring_consultations" USING gin ("participant_ids");--> statement-breakpoint
CREATE INDEX "mentoring_notes_pair_idx" ON "mentoring_notes" USING btree ("mentorship_id","created_at");--> statement-breakpoint
CREATE INDEX "mentoring_participants_programme_idx" ON "mentoring_participants" USING btree ("programme_id","role","status");--> statement-breakpoint
CREATE INDEX "mentoring_participants_user_idx" ON "mentoring_participants" USING btree ("region_id","user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "mentoring_programmes_idempotency_uq" ON "mentoring_programmes" USING btree ("created_by","idempotency_key");--> statement-breakpoint
CREATE INDEX "mentoring_programmes_region_idx" ON "mentoring_programmes" USING btree ("region_id","fiscal_year","created_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "mentoring_programmes_hidden_idx" ON "mentoring_programmes" USING btree ("region_id","municipality_id") WHERE "mentoring_programmes"."scope" = 'town';--> statement-breakpoint
CREATE UNIQUE INDEX "mentoring_sessions_idempotency_uq" ON "mentoring_sessions" USING btree ("logged_by","idempotency_key");--> statement-breakpoint
CREATE INDEX "mentoring_sessions_pair_idx" ON "mentoring_sessions" USING btree ("mentorship_id","held_on" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "mentoring_sessions_programme_idx" ON "mentoring_sessions" USING btree ("programme_id","status","held_on");--> statement-breakpoint
CREATE INDEX "mentoring_surveys_programme_idx" ON "mentoring_surveys" USING btree ("programme_id","stage");--> statement-breakpoint
CREATE UNIQUE INDEX "mentorships_active_mentee_uq" ON "mentorships" USING btree ("programme_id","mentee_id") WHERE "mentorships"."status" = 'active';--> statement-breakpoint
CREATE INDEX "mentorships_programme_idx" ON "mentorships" USING btree ("programme_id","status");--> statement-breakpoint
CREATE INDEX "mentorships_mentor_idx" ON "mentorships" USING btree ("region_id","mentor_id","status");--> statement-breakpoint
CREATE INDEX "mentorships_mentee_idx" ON "mentorships" USING btree ("region_id","mentee_id","status");--> statement-breakpoint
-- 職員サポート制度: a town programme (scope 'town') of another town is hidden, and so is everything
-- hanging off it (participants, pairs, sessions). Computed once per statement.
CREATE FUNCTION yui_hidden_mentoring_programmes() RETURNS SETOF uuid
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT p.id FROM mentoring_programmes p
  WHERE p.region_id = nullif(current_setting('app.region_id', true), '')::uuid
    AND p.scope = 'town'
    AND p.municipality_id IS DISTINCT FROM nullif(current_setting('app.tenant_id', true), '')::uuid
$$;--> statement-breakpoint

-- Is the current person (app.user_id, in app.tenant_id) a regional coordinator of the current region?
CREATE FUNCTION yui_is_region_coordinator() RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT EXISTS (
    SELECT 1 FROM role_grants g JOIN users u ON u.municipality_id = g.municipality_id AND u.id = g.user_id AND u.active
    WHERE g.municipality_id = nullif(current_setting('app.tenant_id', true), '')::uuid
      AND g.user_id = nullif(current_setting('app.user_id', true), '')::uuid
      AND g.role = 'regional_coordinator'
      AND g.region_id = nullif(current_setting('app.region_id', true), '')::uuid)
$$;--> statement-breakpoint

-- The programmes the current person runs: their own town's programmes when they are its 自治体管理者,
-- the region's cross-town programmes when they are a coordinator of the region.
CREATE FUNCTION yui_admin_mentoring_programmes() RETURNS SETOF uuid
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT p.id FROM mentoring_programmes p
  WHERE p.region_id = nullif(current_setting('app.region_id', true), '')::uuid
    AND (
      (p.scope = 'town' AND p.municipality_id = nullif(current_setting('app.tenant_id', true), '')::uuid AND EXISTS (
        SELECT 1 FROM role_grants g JOIN users u ON u.municipality_id = g.municipality_id AND u.id = g.user_id AND u.active
        WHERE g.municipality_id = p.municipality_id
          AND g.user_id = nullif(current_setting('app.user_id', true), '')::uuid
          AND g.role = 'municipality_admin'))
      OR (p.scope = 'region' AND yui_is_region_coordinator()))
$$;--> statement-breakpoint

-- The consultations the current person takes part in (messages are seen through them).
CREATE FUNCTION yui_my_mentoring_consultations() RETURNS SETOF uuid
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT c.id FROM mentoring_consultations c
  WHERE c.region_id = nullif(current_setting('app.region_id', true), '')::uuid
    AND nullif(current_setting('app.user_id', true), '')::uuid = ANY(c.participant_ids)
$$;--> statement-breakpoint

-- What matching needs to know of people of the current region, whatever their town: department and
-- its path (部 > 課 > 係, root first), the departments they manage (never their own manager),
-- hire date, position and since when. Never e-mail or hours.
CREATE FUNCTION mentoring_people_facts(p_ids uuid[])
RETURNS TABLE (id uuid, municipality_id uuid, department_id uuid, department_path uuid[], managed_department_ids uuid[],
               hire_date date, "position" text, position_since date, active boolean)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT u.id, u.municipality_id, u.department_id,
    coalesce((WITH RECURSIVE up(id, parent_id, depth) AS (
        SELECT d.id, d.parent_id, 0 FROM departments d WHERE d.municipality_id = u.municipality_id AND d.id = u.department_id
        UNION ALL
        SELECT p.id, p.parent_id, up.depth + 1 FROM departments p JOIN up ON p.id = up.parent_id
          WHERE p.municipality_id = u.municipality_id AND up.depth < 10)
      SELECT array_agg(up.id ORDER BY up.depth DESC) FROM up), '{}'::uuid[]),
    coalesce((SELECT array_agg(g.department_id) FROM role_grants g
      WHERE g.municipality_id = u.municipality_id AND g.user_id = u.id AND g.role = 'manager'), '{}'::uuid[]),
    u.hire_date, u."position", u.position_since, u.active
  FROM users u JOIN municipalities m ON m.id = u.municipality_id
  WHERE u.id = ANY(p_ids)
    AND m.region_id = nullif(current_setting('app.region_id', true), '')::uuid
$$;--> statement-breakpoint

-- Does a mentee rule admit someone with this hire date, position and position date, for the 年度
-- [p_from, p_to]? 'hired_in_year': hired in it; 'chief_in_year': a 係長 (not 代理) since a day in it;
-- 'anyone': yes. The one place the rule is written (inlined by the planner where it is used).
CREATE FUNCTION mentoring_rule_admits(p_rule text, p_from date, p_to date, p_hire date, p_position text, p_since date)
RETURNS boolean LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE p_rule
    WHEN 'anyone' THEN true
    WHEN 'hired_in_year' THEN coalesce(p_hire BETWEEN p_from AND p_to, false)
    WHEN 'chief_in_year' THEN coalesce(p_position LIKE '%係長%' AND p_position NOT LIKE '%代理%' AND p_since BETWEEN p_from AND p_to, false)
    ELSE false END
$$;--> statement-breakpoint

-- Who may be a mentee under a rule, among the active staff of the current region (p_municipality:
-- one town, null: every town). 'anyone' admits nobody by itself (people join or are enrolled by name).
CREATE FUNCTION mentoring_eligible_people(p_rule text, p_from date, p_to date, p_municipality uuid)
RETURNS TABLE (id uuid, municipality_id uuid)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT u.id, u.municipality_id
  FROM users u JOIN municipalities m ON m.id = u.municipality_id
  WHERE u.active
    AND m.region_id = nullif(current_setting('app.region_id', true), '')::uuid
    AND (p_municipality IS NULL OR u.municipality_id = p_municipality)
    AND p_rule <> 'anyone'
    AND mentoring_rule_admits(p_rule, p_from, p_to, u.hire_date, u."position", u.position_since)
$$;--> statement-breakpoint

-- Whom a mentor may consult about a mentee of the current region: the mentee's 所属長 (the managers of
-- the nearest department up the mentee's path that has one) and the 人事 of the mentee's town (its
-- 自治体管理者). Names only.
CREATE FUNCTION mentoring_consult_contacts(p_mentee uuid)
RETURNS TABLE (id uuid, kind text, name text, name_kana text, department_name text)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  WITH RECURSIVE mentee AS (
    SELECT u.id, u.municipality_id, u.department_id FROM users u JOIN municipalities m ON m.id = u.municipality_id
    WHERE u.id = p_mentee AND u.active AND m.region_id = nullif(current_setting('app.region_id', true), '')::uuid
  ), up(id, parent_id, depth) AS (
    SELECT d.id, d.parent_id, 0 FROM departments d JOIN mentee ON d.municipality_id = mentee.municipality_id AND d.id = mentee.department_id
    UNION ALL
    SELECT p.id, p.parent_id, up.depth + 1 FROM departments p JOIN up ON p.id = up.parent_id
      WHERE p.municipality_id = (SELECT municipality_id FROM mentee) AND up.depth < 10
  ), managers AS (
    SELECT g.user_id, g.department_id, up.depth FROM role_grants g JOIN up ON up.id = g.department_id
    JOIN users u ON u.municipality_id = g.municipality_id AND u.id = g.user_id AND u.active
    WHERE g.municipality_id = (SELECT municipality_id FROM mentee) AND g.role = 'manager' AND g.user_id <> p_mentee
  )
  SELECT u.id, 'manager', u.name, u.name_kana, d.name
  FROM managers mg JOIN users u ON u.municipality_id = (SELECT municipality_id FROM mentee) AND u.id = mg.user_id
  JOIN departments d ON d.municipality_id = u.municipality_id AND d.id = mg.department_id
  WHERE mg.depth = (SELECT min(depth) FROM managers)
  UNION ALL
  SELECT u.id, 'hr', u.name, u.name_kana, d.name
  FROM role_grants g JOIN users u ON u.municipality_id = g.municipality_id AND u.id = g.user_id AND u.active
  LEFT JOIN departments d ON d.municipality_id = u.municipality_id AND d.id = u.department_id
  WHERE g.municipality_id = (SELECT municipality_id FROM mentee) AND g.role = 'municipality_admin' AND u.id <> p_mentee
$$;--> statement-breakpoint

-- The regional coordinators of the current region (a cross-town programme's admins are told when a
-- pair has gone quiet).
CREATE FUNCTION region_coordinators()
RETURNS TABLE (id uuid, municipality_id uuid)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT DISTINCT u.id, u.municipality_id
  FROM role_grants g JOIN users u ON u.municipality_id = g.municipality_id AND u.id = g.user_id AND u.active
  WHERE g.role = 'regional_coordinator' AND g.region_id = nullif(current_setting('app.region_id', true), '')::uuid
$$;--> statement-breakpoint
-- 新任係長: when a person's position changes (the admin's form, the staff CSV) and nobody says since
-- when, it is since today (Japan date). Mentoring's 'chief_in_year' rule reads it.
CREATE FUNCTION users_position_since() RETURNS trigger
LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
BEGIN
  IF NEW."position" IS DISTINCT FROM OLD."position" AND NEW.position_since IS NOT DISTINCT FROM OLD.position_since THEN
    NEW.position_since := CASE WHEN NEW."position" IS NULL THEN NULL ELSE (now() AT TIME ZONE 'Asia/Tokyo')::date END;
  END IF;
  RETURN NEW;
END $$;--> statement-breakpoint
CREATE TRIGGER users_position_since BEFORE UPDATE OF "position" ON users
  FOR EACH ROW EXECUTE FUNCTION users_position_since();--> statement-breakpoint
REVOKE ALL ON FUNCTION yui_hidden_mentoring_programmes(), yui_is_region_coordinator(), yui_admin_mentoring_programmes(),
  yui_my_mentoring_consultations(), mentoring_people_facts(uuid[]), mentoring_eligible_people(text, date, date, uuid),
  mentoring_consult_contacts(uuid), region_coordinators() FROM PUBLIC;--> statement-breakpoint
GRANT EXECUTE ON FUNCTION yui_hidden_mentoring_programmes(), yui_is_region_coordinator(), yui_admin_mentoring_programmes(),
  yui_my_mentoring_consultations(), mentoring_people_facts(uuid[]), mentoring_eligible_people(text, date, date, uuid),
  mentoring_consult_contacts(uuid), region_coordinators() TO yui_app;--> statement-breakpoint
CREATE POLICY "mentoring_consultation_messages_read" ON "mentoring_consultation_messages" AS PERMISSIVE FOR SELECT TO "yui_app" USING (region_id = nullif(current_setting('app.region_id', true), '')::uuid and consultation_id in (select yui_my_mentoring_consultations()));--> statement-breakpoint
CREATE POLICY "mentoring_consultation_messages_write" ON "mentoring_consultation_messages" AS PERMISSIVE FOR INSERT TO "yui_app" WITH CHECK (region_id = nullif(current_setting('app.region_id', true), '')::uuid and author_id = nullif(current_setting('app.user_id', true), '')::uuid and consultation_id in (select yui_my_mentoring_consultations()));--> statement-breakpoint
CREATE POLICY "mentoring_consultations_read" ON "mentoring_consultations" AS PERMISSIVE FOR SELECT TO "yui_app" USING (region_id = nullif(current_setting('app.region_id', true), '')::uuid and nullif(current_setting('app.user_id', true), '')::uuid = any(participant_ids));--> statement-breakpoint
CREATE POLICY "mentoring_consultations_open" ON "mentoring_consultations" AS PERMISSIVE FOR INSERT TO "yui_app" WITH CHECK (region_id = nullif(current_setting('app.region_id', true), '')::uuid and opened_by = nullif(current_setting('app.user_id', true), '')::uuid and nullif(current_setting('app.user_id', true), '')::uuid = any(participant_ids));--> statement-breakpoint
CREATE POLICY "mentoring_consultations_change" ON "mentoring_consultations" AS PERMISSIVE FOR UPDATE TO "yui_app" USING (region_id = nullif(current_setting('app.region_id', true), '')::uuid and nullif(current_setting('app.user_id', true), '')::uuid = any(participant_ids)) WITH CHECK (region_id = nullif(current_setting('app.region_id', true), '')::uuid and nullif(current_setting('app.user_id', true), '')::uuid = any(participant_ids));--> statement-breakpoint
CREATE POLICY "mentoring_notes_read" ON "mentoring_notes" AS PERMISSIVE FOR SELECT TO "yui_app" USING (region_id = nullif(current_setting('app.region_id', true), '')::uuid and nullif(current_setting('app.user_id', true), '')::uuid in (mentor_id, mentee_id));--> statement-breakpoint
CREATE POLICY "mentoring_notes_write" ON "mentoring_notes" AS PERMISSIVE FOR INSERT TO "yui_app" WITH CHECK (region_id = nullif(current_setting('app.region_id', true), '')::uuid and author_id = nullif(current_setting('app.user_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "mentoring_notes_edit" ON "mentoring_notes" AS PERMISSIVE FOR UPDATE TO "yui_app" USING (region_id = nullif(current_setting('app.region_id', true), '')::uuid and author_id = nullif(current_setting('app.user_id', true), '')::uuid) WITH CHECK (author_id = nullif(current_setting('app.user_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "mentoring_notes_remove" ON "mentoring_notes" AS PERMISSIVE FOR DELETE TO "yui_app" USING (region_id = nullif(current_setting('app.region_id', true), '')::uuid and author_id = nullif(current_setting('app.user_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "mentoring_participants_read" ON "mentoring_participants" AS PERMISSIVE FOR SELECT TO "yui_app" USING (region_id = nullif(current_setting('app.region_id', true), '')::uuid and programme_id not in (select yui_hidden_mentoring_programmes()));--> statement-breakpoint
CREATE POLICY "mentoring_participants_add" ON "mentoring_participants" AS PERMISSIVE FOR INSERT TO "yui_app" WITH CHECK (region_id = nullif(current_setting('app.region_id', true), '')::uuid and programme_id not in (select yui_hidden_mentoring_programmes()) and ((user_id = nullif(current_setting('app.user_id', true), '')::uuid and municipality_id = nullif(current_setting('app.tenant_id', true), '')::uuid) or programme_id in (select yui_admin_mentoring_programmes())));--> statement-breakpoint
CREATE POLICY "mentoring_participants_change" ON "mentoring_participants" AS PERMISSIVE FOR UPDATE TO "yui_app" USING (region_id = nullif(current_setting('app.region_id', true), '')::uuid and programme_id not in (select yui_hidden_mentoring_programmes()) and (user_id = nullif(current_setting('app.user_id', true), '')::uuid or programme_id in (select yui_admin_mentoring_programmes()))) WITH CHECK (region_id = nullif(current_setting('app.region_id', true), '')::uuid and programme_id not in (select yui_hidden_mentoring_programmes()));--> statement-breakpoint
CREATE POLICY "mentoring_programmes_read" ON "mentoring_programmes" AS PERMISSIVE FOR SELECT TO "yui_app" USING (region_id = nullif(current_setting('app.region_id', true), '')::uuid and (scope = 'region' or municipality_id = nullif(current_setting('app.tenant_id', true), '')::uuid));--> statement-breakpoint
CREATE POLICY "mentoring_programmes_create" ON "mentoring_programmes" AS PERMISSIVE FOR INSERT TO "yui_app" WITH CHECK (region_id = nullif(current_setting('app.region_id', true), '')::uuid and municipality_id = nullif(current_setting('app.tenant_id', true), '')::uuid and (scope = 'town' or yui_is_region_coordinator()));--> statement-breakpoint
CREATE POLICY "mentoring_programmes_change" ON "mentoring_programmes" AS PERMISSIVE FOR UPDATE TO "yui_app" USING (id in (select yui_admin_mentoring_programmes())) WITH CHECK (id in (select yui_admin_mentoring_programmes()));--> statement-breakpoint
CREATE POLICY "mentoring_sessions_read" ON "mentoring_sessions" AS PERMISSIVE FOR SELECT TO "yui_app" USING (region_id = nullif(current_setting('app.region_id', true), '')::uuid and programme_id not in (select yui_hidden_mentoring_programmes()));--> statement-breakpoint
CREATE POLICY "mentoring_sessions_log" ON "mentoring_sessions" AS PERMISSIVE FOR INSERT TO "yui_app" WITH CHECK (region_id = nullif(current_setting('app.region_id', true), '')::uuid and programme_id not in (select yui_hidden_mentoring_programmes()) and logged_by = nullif(current_setting('app.user_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "mentoring_sessions_change" ON "mentoring_sessions" AS PERMISSIVE FOR UPDATE TO "yui_app" USING (region_id = nullif(current_setting('app.region_id', true), '')::uuid and programme_id not in (select yui_hidden_mentoring_programmes())) WITH CHECK (region_id = nullif(current_setting('app.region_id', true), '')::uuid and programme_id not in (select yui_hidden_mentoring_programmes()));--> statement-breakpoint
CREATE POLICY "mentoring_surveys_read" ON "mentoring_surveys" AS PERMISSIVE FOR SELECT TO "yui_app" USING (region_id = nullif(current_setting('app.region_id', true), '')::uuid and (user_id = nullif(current_setting('app.user_id', true), '')::uuid or programme_id in (select yui_admin_mentoring_programmes())));--> statement-breakpoint
CREATE POLICY "mentoring_surveys_answer" ON "mentoring_surveys" AS PERMISSIVE FOR INSERT TO "yui_app" WITH CHECK (region_id = nullif(current_setting('app.region_id', true), '')::uuid and programme_id not in (select yui_hidden_mentoring_programmes()) and user_id = nullif(current_setting('app.user_id', true), '')::uuid and municipality_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "mentoring_surveys_change" ON "mentoring_surveys" AS PERMISSIVE FOR UPDATE TO "yui_app" USING (region_id = nullif(current_setting('app.region_id', true), '')::uuid and user_id = nullif(current_setting('app.user_id', true), '')::uuid) WITH CHECK (user_id = nullif(current_setting('app.user_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "mentorships_read" ON "mentorships" AS PERMISSIVE FOR SELECT TO "yui_app" USING (region_id = nullif(current_setting('app.region_id', true), '')::uuid and programme_id not in (select yui_hidden_mentoring_programmes()));--> statement-breakpoint
CREATE POLICY "mentorships_match" ON "mentorships" AS PERMISSIVE FOR INSERT TO "yui_app" WITH CHECK (region_id = nullif(current_setting('app.region_id', true), '')::uuid and programme_id not in (select yui_hidden_mentoring_programmes()) and programme_id in (select yui_admin_mentoring_programmes()));--> statement-breakpoint
CREATE POLICY "mentorships_change" ON "mentorships" AS PERMISSIVE FOR UPDATE TO "yui_app" USING (region_id = nullif(current_setting('app.region_id', true), '')::uuid and programme_id not in (select yui_hidden_mentoring_programmes()) and (
  nullif(current_setting('app.user_id', true), '')::uuid in (mentor_id, mentee_id)
  or programme_id in (select yui_admin_mentoring_programmes())
  or (nullif(current_setting('app.user_id', true), '')::uuid is null and programme_id in (select p.id from mentoring_programmes p where p.municipality_id = nullif(current_setting('app.tenant_id', true), '')::uuid)))) WITH CHECK (region_id = nullif(current_setting('app.region_id', true), '')::uuid and programme_id not in (select yui_hidden_mentoring_programmes()));