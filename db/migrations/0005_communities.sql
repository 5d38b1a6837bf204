CREATE TABLE "calendar_feed_tokens" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"municipality_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"token_hash" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"revoked_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "calendar_feed_tokens" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "communities" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"region_id" uuid NOT NULL,
	"name" text NOT NULL,
	"category" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"description_html" text DEFAULT '' NOT NULL,
	"visibility" text DEFAULT 'open' NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"created_by" uuid NOT NULL,
	"created_by_municipality_id" uuid NOT NULL,
	"member_count" integer DEFAULT 0 NOT NULL,
	"post_count" integer DEFAULT 0 NOT NULL,
	"last_post_at" timestamp with time zone,
	"archived_at" timestamp with time zone,
	"search" "tsvector" DEFAULT ''::tsvector NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "communities_region_id_uq" UNIQUE("region_id","id"),
	CONSTRAINT "communities_name_len" CHECK (char_length("communities"."name") between 1 and 80)
);
--> statement-breakpoint
ALTER TABLE "communities" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "community_comments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"region_id" uuid NOT NULL,
	"community_id" uuid NOT NULL,
	"post_id" uuid NOT NULL,
	"parent_id" uuid,
	"author_id" uuid NOT NULL,
	"author_municipality_id" uuid NOT NULL,
	"kind" text DEFAULT 'comment' NOT NULL,
	"body" text NOT NULL,
	"body_html" text NOT NULL,
	"mention_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"idempotency_key" text,
	"hidden_at" timestamp with time zone,
	"hidden_by" uuid,
	"hidden_reason" text,
	"deleted_at" timestamp with time zone,
	"edited_at" timestamp with time zone,
	"like_count" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "community_comments_region_id_uq" UNIQUE("region_id","id")
);
--> statement-breakpoint
ALTER TABLE "community_comments" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "community_digest_runs" (
	"municipality_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"digest_date" date NOT NULL,
	"post_count" integer NOT NULL,
	"sent_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "community_digest_runs_pk" PRIMARY KEY("user_id","digest_date")
);
--> statement-breakpoint
ALTER TABLE "community_digest_runs" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "community_event_registrations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"region_id" uuid NOT NULL,
	"community_id" uuid NOT NULL,
	"event_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"municipality_id" uuid NOT NULL,
	"status" text NOT NULL,
	"queued_at" timestamp with time zone DEFAULT now() NOT NULL,
	"promoted_at" timestamp with time zone,
	"cancelled_at" timestamp with time zone,
	"attended" boolean,
	"reminder_sent_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "community_event_registrations" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "community_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"region_id" uuid NOT NULL,
	"community_id" uuid NOT NULL,
	"title" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"description_html" text DEFAULT '' NOT NULL,
	"kind" text DEFAULT 'study' NOT NULL,
	"format" text DEFAULT 'offline' NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"place" text,
	"online_url" text,
	"capacity" integer,
	"registered_count" integer DEFAULT 0 NOT NULL,
	"waitlist_count" integer DEFAULT 0 NOT NULL,
	"status" text DEFAULT 'scheduled' NOT NULL,
	"materials_note" text,
	"materials_note_html" text,
	"created_by" uuid NOT NULL,
	"created_by_municipality_id" uuid NOT NULL,
	"sequence" integer DEFAULT 0 NOT NULL,
	"search" "tsvector" DEFAULT ''::tsvector NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "community_events_region_id_uq" UNIQUE("region_id","id"),
	CONSTRAINT "community_events_times" CHECK ("community_events"."starts_at" < "community_events"."ends_at"),
	CONSTRAINT "community_events_capacity" CHECK ("community_events"."capacity" is null or "community_events"."capacity" between 1 and 10000)
);
--> statement-breakpoint
ALTER TABLE "community_events" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "community_files" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"region_id" uuid NOT NULL,
	"community_id" uuid NOT NULL,
	"post_id" uuid,
	"event_id" uuid,
	"uploaded_by" uuid NOT NULL,
	"uploader_municipality_id" uuid NOT NULL,
	"filename" text NOT NULL,
	"content_type" text NOT NULL,
	"size_bytes" integer NOT NULL,
	"storage_key" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "community_files" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "community_interests" (
	"region_id" uuid NOT NULL,
	"community_id" uuid NOT NULL,
	"post_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"municipality_id" uuid NOT NULL,
	"note" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "community_interests_pk" PRIMARY KEY("post_id","user_id")
);
--> statement-breakpoint
ALTER TABLE "community_interests" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "community_likes" (
	"region_id" uuid NOT NULL,
	"community_id" uuid NOT NULL,
	"target_type" text NOT NULL,
	"target_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"municipality_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "community_likes_pk" PRIMARY KEY("target_type","target_id","user_id")
);
--> statement-breakpoint
ALTER TABLE "community_likes" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "community_members" (
	"region_id" uuid NOT NULL,
	"community_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"municipality_id" uuid NOT NULL,
	"role" text DEFAULT 'member' NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"notify" text DEFAULT 'digest' NOT NULL,
	"message" text,
	"invited_by" uuid,
	"joined_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "community_members_pk" PRIMARY KEY("community_id","user_id")
);
--> statement-breakpoint
ALTER TABLE "community_members" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "community_post_revisions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"region_id" uuid NOT NULL,
	"community_id" uuid NOT NULL,
	"post_id" uuid NOT NULL,
	"title" text,
	"body" text NOT NULL,
	"challenge" text,
	"solution" text,
	"edited_by" uuid NOT NULL,
	"replaced_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "community_post_revisions" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "community_post_views" (
	"region_id" uuid NOT NULL,
	"community_id" uuid NOT NULL,
	"post_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"municipality_id" uuid NOT NULL,
	"viewed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "community_post_views_pk" PRIMARY KEY("post_id","user_id")
);
--> statement-breakpoint
ALTER TABLE "community_post_views" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "community_posts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"region_id" uuid NOT NULL,
	"community_id" uuid NOT NULL,
	"author_id" uuid NOT NULL,
	"author_municipality_id" uuid NOT NULL,
	"kind" text DEFAULT 'post' NOT NULL,
	"title" text,
	"body" text NOT NULL,
	"body_html" text NOT NULL,
	"excerpt" text DEFAULT '' NOT NULL,
	"challenge" text,
	"challenge_html" text,
	"solution" text,
	"solution_html" text,
	"anonymous" boolean DEFAULT false NOT NULL,
	"hashtags" text[] DEFAULT '{}'::text[] NOT NULL,
	"mention_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"idempotency_key" text,
	"pinned_at" timestamp with time zone,
	"hidden_at" timestamp with time zone,
	"hidden_by" uuid,
	"hidden_reason" text,
	"deleted_at" timestamp with time zone,
	"edited_at" timestamp with time zone,
	"like_count" integer DEFAULT 0 NOT NULL,
	"comment_count" integer DEFAULT 0 NOT NULL,
	"view_count" integer DEFAULT 0 NOT NULL,
	"interest_count" integer DEFAULT 0 NOT NULL,
	"accepted_comment_id" uuid,
	"solved_at" timestamp with time zone,
	"solved_by" uuid,
	"search" "tsvector" DEFAULT ''::tsvector NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "community_posts_region_id_uq" UNIQUE("region_id","id"),
	CONSTRAINT "community_posts_title_len" CHECK ("community_posts"."title" is null or char_length("community_posts"."title") <= 120)
);
--> statement-breakpoint
ALTER TABLE "community_posts" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "community_reports" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"region_id" uuid NOT NULL,
	"community_id" uuid NOT NULL,
	"post_id" uuid NOT NULL,
	"target_type" text NOT NULL,
	"target_id" uuid NOT NULL,
	"reporter_id" uuid NOT NULL,
	"reporter_municipality_id" uuid NOT NULL,
	"reason" text NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"resolved_by" uuid,
	"resolved_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "community_reports" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "calendar_feed_tokens" ADD CONSTRAINT "calendar_feed_tokens_municipality_id_municipalities_id_fk" FOREIGN KEY ("municipality_id") REFERENCES "public"."municipalities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "calendar_feed_tokens" ADD CONSTRAINT "calendar_feed_tokens_user_fk" FOREIGN KEY ("municipality_id","user_id") REFERENCES "public"."users"("municipality_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "communities" ADD CONSTRAINT "communities_region_id_regions_id_fk" FOREIGN KEY ("region_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "communities" ADD CONSTRAINT "communities_created_by_municipality_id_municipalities_id_fk" FOREIGN KEY ("created_by_municipality_id") REFERENCES "public"."municipalities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "community_comments" ADD CONSTRAINT "community_comments_author_municipality_id_municipalities_id_fk" FOREIGN KEY ("author_municipality_id") REFERENCES "public"."municipalities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "community_comments" ADD CONSTRAINT "community_comments_community_fk" FOREIGN KEY ("region_id","community_id") REFERENCES "public"."communities"("region_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "community_comments" ADD CONSTRAINT "community_comments_post_fk" FOREIGN KEY ("region_id","post_id") REFERENCES "public"."community_posts"("region_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "community_comments" ADD CONSTRAINT "community_comments_parent_fk" FOREIGN KEY ("region_id","parent_id") REFERENCES "public"."community_comments"("region_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "community_digest_runs" ADD CONSTRAINT "community_digest_runs_municipality_id_municipalities_id_fk" FOREIGN KEY ("municipality_id") REFERENCES "public"."municipalities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "community_digest_runs" ADD CONSTRAINT "community_digest_runs_user_fk" FOREIGN KEY ("municipality_id","user_id") REFERENCES "public"."users"("municipality_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "community_event_registrations" ADD CONSTRAINT "community_event_registrations_municipality_id_municipalities_id_fk" FOREIGN KEY ("municipality_id") REFERENCES "public"."municipalities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "community_event_registrations" ADD CONSTRAINT "community_event_registrations_community_fk" FOREIGN KEY ("region_id","community_id") REFERENCES "public"."communities"("region_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "community_event_registrations" ADD CONSTRAINT "community_event_registrations_event_fk" FOREIGN KEY ("region_id","event_id") REFERENCES "public"."community_events"("region_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "community_events" ADD CONSTRAINT "community_events_created_by_municipality_id_municipalities_id_fk" FOREIGN KEY ("created_by_municipality_id") REFERENCES "public"."municipalities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "community_events" ADD CONSTRAINT "community_events_community_fk" FOREIGN KEY ("region_id","community_id") REFERENCES "public"."communities"("region_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "community_files" ADD CONSTRAINT "community_files_uploader_municipality_id_municipalities_id_fk" FOREIGN KEY ("uploader_municipality_id") REFERENCES "public"."municipalities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "community_files" ADD CONSTRAINT "community_files_community_fk" FOREIGN KEY ("region_id","community_id") REFERENCES "public"."communities"("region_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "community_files" ADD CONSTRAINT "community_files_post_fk" FOREIGN KEY ("region_id","post_id") REFERENCES "public"."community_posts"("region_id","id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "community_files" ADD CONSTRAINT "community_files_event_fk" FOREIGN KEY ("region_id","event_id") REFERENCES "public"."community_events"("region_id","id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "community_interests" ADD CONSTRAINT "community_interests_municipality_id_municipalities_id_fk" FOREIGN KEY ("municipality_id") REFERENCES "public"."municipalities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "community_interests" ADD CONSTRAINT "community_interests_community_fk" FOREIGN KEY ("region_id","community_id") REFERENCES "public"."communities"("region_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "community_interests" ADD CONSTRAINT "community_interests_post_fk" FOREIGN KEY ("region_id","post_id") REFERENCES "public"."community_posts"("region_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "community_likes" ADD CONSTRAINT "community_likes_municipality_id_municipalities_id_fk" FOREIGN KEY ("municipality_id") REFERENCES "public"."municipalities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "community_likes" ADD CONSTRAINT "community_likes_community_fk" FOREIGN KEY ("region_id","community_id") REFERENCES "public"."communities"("region_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "community_members" ADD CONSTRAINT "community_members_municipality_id_municipalities_id_fk" FOREIGN KEY ("municipality_id") REFERENCES "public"."municipalities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "community_members" ADD CONSTRAINT "community_members_community_fk" FOREIGN KEY ("region_id","community_id") REFERENCES "public"."communities"("region_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "community_post_revisions" ADD CONSTRAINT "community_post_revisions_community_fk" FOREIGN KEY ("region_id","community_id") REFERENCES "public"."communities"("region_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "community_post_revisions" ADD CONSTRAINT "community_post_revisions_post_fk" FOREIGN KEY ("region_id","post_id") REFERENCES "public"."community_posts"("region_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "community_post_views" ADD CONSTRAINT "community_post_views_municipality_id_municipalities_id_fk" FOREIGN KEY ("municipality_id") REFERENCES "public"."municipalities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "community_post_views" ADD CONSTRAINT "community_post_views_community_fk" FOREIGN KEY ("region_id","community_id") REFERENCES "public"."communities"("region_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "community_post_views" ADD CONSTRAINT "community_post_views_post_fk" FOREIGN KEY ("region_id","post_id") REFERENCES "public"."community_posts"("region_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "community_posts" ADD CONSTRAINT "community_posts_author_municipality_id_municipalities_id_fk" FOREIGN KEY ("author_municipality_id") REFERENCES "public"."municipalities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "community_posts" ADD CONSTRAINT "community_posts_community_fk" FOREIGN KEY ("region_id","community_id") REFERENCES "public"."communities"("region_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "community_reports" ADD CONSTRAINT "community_reports_reporter_municipality_id_municipalities_id_fk" FOREIGN KEY ("reporter_municipality_id") REFERENCES "public"."municipalities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "community_reports" ADD CONSTRAINT "community_reports_community_fk" FOREIGN KEY ("region_id","community_id") REFERENCES "public"."communities"("region_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "calendar_feed_tokens_hash_uq" ON "calendar_feed_tokens" USING btree ("token_hash");--> statement-breakpoint
CREATE INDEX "calendar_feed_tokens_user_idx" ON "calendar_feed_tokens" USING btree ("municipality_id","user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "communities_region_name_uq" ON "communities" USING btree ("region_id",lower("name"));--> statement-breakpoint
CREATE INDEX "communities_region_activity_idx" ON "communities" USING btree ("region_id","status","last_post_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "communities_search_idx" ON "communities" USING gin ("search");--> statement-breakpoint
CREATE INDEX "communities_invite_idx" ON "communities" USING btree ("region_id") WHERE "communities"."visibility" = 'invite';--> statement-breakpoint
CREATE INDEX "communities_creator_idx" ON "communities" USING btree ("created_by");--> statement-breakpoint
CREATE UNIQUE INDEX "community_comments_idempotency_uq" ON "community_comments" USING btree ("post_id","author_id","idempotency_key");--> statement-breakpoint
CREATE INDEX "community_comments_post_idx" ON "community_comments" USING btree ("post_id","created_at","id");--> statement-breakpoint
CREATE UNIQUE INDEX "community_event_registrations_uq" ON "community_event_registrations" USING btree ("event_id","user_id");--> statement-breakpoint
CREATE INDEX "community_event_registrations_queue_idx" ON "community_event_registrations" USING btree ("event_id","status","queued_at");--> statement-breakpoint
CREATE INDEX "community_event_registrations_user_idx" ON "community_event_registrations" USING btree ("user_id","status");--> statement-breakpoint
CREATE INDEX "community_events_community_idx" ON "community_events" USING btree ("community_id","starts_at");--> statement-breakpoint
CREATE INDEX "community_events_region_idx" ON "community_events" USING btree ("region_id","starts_at");--> statement-breakpoint
CREATE INDEX "community_events_search_idx" ON "community_events" USING gin ("search");--> statement-breakpoint
CREATE UNIQUE INDEX "community_files_key_uq" ON "community_files" USING btree ("storage_key");--> statement-breakpoint
CREATE INDEX "community_files_post_idx" ON "community_files" USING btree ("post_id");--> statement-breakpoint
CREATE INDEX "community_files_event_idx" ON "community_files" USING btree ("event_id");--> statement-breakpoint
CREATE INDEX "community_members_user_idx" ON "community_members" USING btree ("user_id","status");--> statement-breakpoint
CREATE INDEX "community_members_town_region_idx" ON "community_members" USING btree ("municipality_id","region_id","status");--> statement-breakpoint
CREATE INDEX "community_members_list_idx" ON "community_members" USING btree ("community_id","status","joined_at");--> statement-breakpoint
CREATE INDEX "community_post_revisions_post_idx" ON "community_post_revisions" USING btree ("post_id","replaced_at");--> statement-breakpoint
CREATE UNIQUE INDEX "community_posts_idempotency_uq" ON "community_posts" USING btree ("community_id","author_id","idempotency_key");--> statement-breakpoint
CREATE INDEX "community_posts_timeline_idx" ON "community_posts" USING btree ("community_id","created_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "community_posts_region_idx" ON "community_posts" USING btree ("region_id","created_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "community_posts_kind_idx" ON "community_posts" USING btree ("region_id","kind","created_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "community_posts_unanswered_idx" ON "community_posts" USING btree ("region_id","created_at" DESC NULLS LAST,"id" DESC NULLS LAST) WHERE "community_posts"."kind" = 'question' and "community_posts"."solved_at" is null and "community_posts"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "community_posts_pinned_idx" ON "community_posts" USING btree ("community_id","created_at" DESC NULLS LAST,"id" DESC NULLS LAST) WHERE "community_posts"."pinned_at" is not null and "community_posts"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "community_posts_search_idx" ON "community_posts" USING gin ("search");--> statement-breakpoint
CREATE INDEX "community_posts_hashtags_idx" ON "community_posts" USING gin ("hashtags");--> statement-breakpoint
CREATE UNIQUE INDEX "community_reports_open_uq" ON "community_reports" USING btree ("target_type","target_id","reporter_id") WHERE "community_reports"."status" = 'open';--> statement-breakpoint
CREATE INDEX "community_reports_community_idx" ON "community_reports" USING btree ("community_id","status","created_at");--> statement-breakpoint
-- The communities the current context belongs to, for the policy of `communities` (an invite-only one
-- is visible to these only). SECURITY DEFINER so that policy does not recurse through the policy of
-- community_members. With a person in the context: those they belong to (active or invited) or
-- created. Without one (a worker job of one town): those the town's own staff belong to, so a job can
-- serve its own staff and no one else. Read from the person's memberships (an index), never by walking
-- the region's communities: this runs in every statement that touches a community table.
-- No test of visibility here: during an UPDATE that makes a community invite-only, the new row is
-- checked while this function still sees the old one. The policies test visibility themselves.
CREATE FUNCTION yui_visible_invite_communities() RETURNS SETOF uuid
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT m.community_id FROM community_members m
  WHERE nullif(current_setting('app.user_id', true), '') IS NOT NULL
    AND m.user_id = nullif(current_setting('app.user_id', true), '')::uuid
    AND m.region_id = nullif(current_setting('app.region_id', true), '')::uuid
    AND m.status IN ('active', 'invited')
  UNION
  SELECT c.id FROM communities c
  WHERE nullif(current_setting('app.user_id', true), '') IS NOT NULL
    AND c.created_by = nullif(current_setting('app.user_id', true), '')::uuid
    AND c.region_id = nullif(current_setting('app.region_id', true), '')::uuid
  UNION
  SELECT m.community_id FROM community_members m
  WHERE nullif(current_setting('app.user_id', true), '') IS NULL
    AND m.municipality_id = nullif(current_setting('app.tenant_id', true), '')::uuid
    AND m.region_id = nullif(current_setting('app.region_id', true), '')::uuid
    AND m.status = 'active'
$$;--> statement-breakpoint
-- The invite-only communities of the region the current context may NOT see: the policy of every
-- table inside a community hides their rows. Usually a handful (partial index on invite-only ones),
-- computed once per statement — cheaper than testing each row's community against every community.
CREATE FUNCTION yui_hidden_communities() RETURNS SETOF uuid
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT c.id FROM communities c
  WHERE c.region_id = nullif(current_setting('app.region_id', true), '')::uuid
    AND c.visibility = 'invite'
  EXCEPT
  SELECT yui_visible_invite_communities()
$$;--> statement-breakpoint
REVOKE ALL ON FUNCTION yui_hidden_communities() FROM PUBLIC;--> statement-breakpoint
GRANT EXECUTE ON FUNCTION yui_hidden_communities() TO yui_app;--> statement-breakpoint
CREATE POLICY "calendar_feed_tokens_tenant" ON "calendar_feed_tokens" AS PERMISSIVE FOR ALL TO "yui_app" USING ("municipality_id" = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK ("municipality_id" = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "communities_region" ON "communities" AS PERMISSIVE FOR ALL TO "yui_app" USING (region_id = nullif(current_setting('app.region_id', true), '')::uuid and (visibility <> 'invite' or id in (select yui_visible_invite_communities()))) WITH CHECK (region_id = nullif(current_setting('app.region_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "community_comments_region" ON "community_comments" AS PERMISSIVE FOR ALL TO "yui_app" USING (region_id = nullif(current_setting('app.region_id', true), '')::uuid and community_id not in (select yui_hidden_communities())) WITH CHECK (region_id = nullif(current_setting('app.region_id', true), '')::uuid and community_id not in (select yui_hidden_communities()));--> statement-breakpoint
CREATE POLICY "community_digest_runs_tenant" ON "community_digest_runs" AS PERMISSIVE FOR ALL TO "yui_app" USING ("municipality_id" = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK ("municipality_id" = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "community_event_registrations_region" ON "community_event_registrations" AS PERMISSIVE FOR ALL TO "yui_app" USING (region_id = nullif(current_setting('app.region_id', true), '')::uuid and community_id not in (select yui_hidden_communities())) WITH CHECK (region_id = nullif(current_setting('app.region_id', true), '')::uuid and community_id not in (select yui_hidden_communities()));--> statement-breakpoint
CREATE POLICY "community_events_region" ON "community_events" AS PERMISSIVE FOR ALL TO "yui_app" USING (region_id = nullif(current_setting('app.region_id', true), '')::uuid and community_id not in (select yui_hidden_communities())) WITH CHECK (region_id = nullif(current_setting('app.region_id', true), '')::uuid and community_id not in (select yui_hidden_communities()));--> statement-breakpoint
CREATE POLICY "community_files_region" ON "community_files" AS PERMISSIVE FOR ALL TO "yui_app" USING (region_id = nullif(current_setting('app.region_id', true), '')::uuid and community_id not in (select yui_hidden_communities())) WITH CHECK (region_id = nullif(current_setting('app.region_id', true), '')::uuid and community_id not in (select yui_hidden_communities()));--> statement-breakpoint
CREATE POLICY "community_interests_region" ON "community_interests" AS PERMISSIVE FOR ALL TO "yui_app" USING (region_id = nullif(current_setting('app.region_id', true), '')::uuid and community_id not in (select yui_hidden_communities())) WITH CHECK (region_id = nullif(current_setting('app.region_id', true), '')::uuid and community_id not in (select yui_hidden_communities()));--> statement-breakpoint
CREATE POLICY "community_likes_region" ON "community_likes" AS PERMISSIVE FOR ALL TO "yui_app" USING (region_id = nullif(current_setting('app.region_id', true), '')::uuid and community_id not in (select yui_hidden_communities())) WITH CHECK (region_id = nullif(current_setting('app.region_id', true), '')::uuid and community_id not in (select yui_hidden_communities()));--> statement-breakpoint
CREATE POLICY "community_members_region" ON "community_members" AS PERMISSIVE FOR ALL TO "yui_app" USING (region_id = nullif(current_setting('app.region_id', true), '')::uuid and community_id not in (select yui_hidden_communities())) WITH CHECK (region_id = nullif(current_setting('app.region_id', true), '')::uuid and community_id not in (select yui_hidden_communities()));--> statement-breakpoint
CREATE POLICY "community_post_revisions_region" ON "community_post_revisions" AS PERMISSIVE FOR ALL TO "yui_app" USING (region_id = nullif(current_setting('app.region_id', true), '')::uuid and community_id not in (select yui_hidden_communities())) WITH CHECK (region_id = nullif(current_setting('app.region_id', true), '')::uuid and community_id not in (select yui_hidden_communities()));--> statement-breakpoint
CREATE POLICY "community_post_views_region" ON "community_post_views" AS PERMISSIVE FOR ALL TO "yui_app" USING (region_id = nullif(current_setting('app.region_id', true), '')::uuid and community_id not in (select yui_hidden_communities())) WITH CHECK (region_id = nullif(current_setting('app.region_id', true), '')::uuid and community_id not in (select yui_hidden_communities()));--> statement-breakpoint
CREATE POLICY "community_posts_region" ON "community_posts" AS PERMISSIVE FOR ALL TO "yui_app" USING (region_id = nullif(current_setting('app.region_id', true), '')::uuid and community_id not in (select yui_hidden_communities())) WITH CHECK (region_id = nullif(current_setting('app.region_id', true), '')::uuid and community_id not in (select yui_hidden_communities()));--> statement-breakpoint
CREATE POLICY "community_reports_region" ON "community_reports" AS PERMISSIVE FOR ALL TO "yui_app" USING (region_id = nullif(current_setting('app.region_id', true), '')::uuid and community_id not in (select yui_hidden_communities())) WITH CHECK (region_id = nullif(current_setting('app.region_id', true), '')::uuid and community_id not in (select yui_hidden_communities()));
--> statement-breakpoint
-- People of the current region, as every town may see them across town lines: name, ふりがな, town,
-- department path and position. Nothing else (no e-mail, no hours). Only the current region.
CREATE FUNCTION region_people(p_ids uuid[])
RETURNS TABLE (id uuid, municipality_id uuid, municipality_name text, name text, name_kana text,
               "position" text, department_id uuid, department_name text, department_path text, active boolean)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT u.id, u.municipality_id, m.name, u.name, u.name_kana, u."position", u.department_id, d.name,
    (WITH RECURSIVE up(id, parent_id, name, depth) AS (
        SELECT d2.id, d2.parent_id, d2.name, 0 FROM departments d2 WHERE d2.id = u.department_id AND d2.municipality_id = u.municipality_id
        UNION ALL
        SELECT p.id, p.parent_id, p.name, up.depth + 1 FROM departments p JOIN up ON p.id = up.parent_id
          WHERE p.municipality_id = u.municipality_id AND up.depth < 10)
     SELECT string_agg(up.name, ' > ' ORDER BY up.depth DESC) FROM up),
    u.active
  FROM users u
  JOIN municipalities m ON m.id = u.municipality_id
  LEFT JOIN departments d ON d.id = u.department_id AND d.municipality_id = u.municipality_id
  WHERE u.id = ANY(p_ids)
    AND m.region_id = nullif(current_setting('app.region_id', true), '')::uuid
$$;--> statement-breakpoint

-- @mentions: active people of the current region whose e-mail (or its local part) is the handle.
-- A local part shared by two people matches neither: the full address is needed then.
CREATE FUNCTION region_people_by_handle(p_handles text[])
RETURNS TABLE (handle text, id uuid, municipality_id uuid)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  WITH candidates AS (
    SELECT h.handle, u.id, u.municipality_id
    FROM unnest(p_handles) AS h(handle)
    JOIN users u ON (lower(u.email) = lower(h.handle) OR lower(split_part(u.email, '@', 1)) = lower(h.handle))
    JOIN municipalities m ON m.id = u.municipality_id
    WHERE u.active AND m.region_id = nullif(current_setting('app.region_id', true), '')::uuid
  )
  SELECT c.handle, c.id, c.municipality_id FROM candidates c
  WHERE (SELECT count(*) FROM candidates c2 WHERE c2.handle = c.handle) = 1
$$;--> statement-breakpoint

-- Finding people of the region by name, ふりがな or e-mail local part (inviting, mentioning).
CREATE FUNCTION region_people_search(p_query text, p_limit integer)
RETURNS TABLE (id uuid)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT u.id FROM users u JOIN municipalities m ON m.id = u.municipality_id
  WHERE u.active AND m.region_id = nullif(current_setting('app.region_id', true), '')::uuid
    AND length(p_query) >= 1
    -- The query is text, never a pattern (% and _ escaped); an e-mail local part must match whole,
    -- so e-mail addresses cannot be spelled out letter by letter.
    AND (u.name ILIKE '%' || replace(replace(replace(p_query, '\', '\\'), '%', '\%'), '_', '\_') || '%' ESCAPE '\'
         OR u.name_kana ILIKE '%' || replace(replace(replace(p_query, '\', '\\'), '%', '\%'), '_', '\_') || '%' ESCAPE '\'
         OR lower(split_part(u.email, '@', 1)) = lower(p_query))
  ORDER BY u.name_kana, u.id
  LIMIT least(greatest(p_limit, 1), 50)
$$;--> statement-breakpoint

-- A calendar feed URL carries only its token; the token names the person and their tenant.
CREATE FUNCTION auth_find_calendar_token(p_hash text)
RETURNS TABLE (user_id uuid, municipality_id uuid, region_id uuid)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT t.user_id, t.municipality_id, m.region_id
  FROM calendar_feed_tokens t JOIN municipalities m ON m.id = t.municipality_id
  JOIN users u ON u.id = t.user_id AND u.municipality_id = t.municipality_id
  WHERE t.token_hash = p_hash AND t.revoked_at IS NULL AND u.active
$$;--> statement-breakpoint

REVOKE ALL ON FUNCTION yui_visible_invite_communities(), region_people(uuid[]), region_people_by_handle(text[]),
  region_people_search(text, integer), auth_find_calendar_token(text) FROM PUBLIC;--> statement-breakpoint
GRANT EXECUTE ON FUNCTION yui_visible_invite_communities(), region_people(uuid[]), region_people_by_handle(text[]),
  region_people_search(text, integer), auth_find_calendar_token(text) TO yui_app;
--> statement-breakpoint
-- Search over posts. Under row-level security PostgreSQL cannot use the GIN indexes (`@@` and `@>`
-- are not LEAKPROOF), so a word found nowhere would scan the whole region. This function applies the
-- reader's rules itself — their region, communities they may read (open, or an active member), not
-- deleted, hidden ones only for their author and the community's managers — and plans each call for
-- its own words. It returns ids only; the API reads the posts again through RLS.
CREATE FUNCTION community_post_search(p_query tsquery, p_tag text, p_community uuid, p_before_at timestamptz, p_before_id uuid, p_limit integer)
RETURNS TABLE (id uuid, created_at timestamptz)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $fn$
DECLARE
  v_region uuid := nullif(current_setting('app.region_id', true), '')::uuid;
  v_user uuid := nullif(current_setting('app.user_id', true), '')::uuid;
BEGIN
  IF v_region IS NULL OR v_user IS NULL OR (p_query IS NULL AND p_tag IS NULL) THEN RETURN; END IF;
  RETURN QUERY EXECUTE format($q$
    SELECT p.id, p.created_at FROM community_posts p JOIN communities c ON c.id = p.community_id
    WHERE p.region_id = $1 AND c.region_id = $1 AND p.deleted_at IS NULL %s %s %s %s
      AND (c.visibility = 'open' OR EXISTS (SELECT 1 FROM community_members m
           WHERE m.community_id = c.id AND m.user_id = $2 AND m.status = 'active'))
      AND (p.hidden_at IS NULL OR p.author_id = $2 OR EXISTS (SELECT 1 FROM community_members m
           WHERE m.community_id = p.community_id AND m.user_id = $2 AND m.status = 'active' AND m.role = 'manager'))
    ORDER BY p.created_at DESC NULLS LAST, p.id DESC NULLS LAST LIMIT $8 $q$,
    CASE WHEN p_query IS NOT NULL THEN 'AND p.search @@ $3' ELSE '' END,
    CASE WHEN p_tag IS NOT NULL THEN 'AND p.hashtags @> ARRAY[$4]' ELSE '' END,
    CASE WHEN p_community IS NOT NULL THEN 'AND p.community_id = $5' ELSE '' END,
    CASE WHEN p_before_at IS NOT NULL THEN 'AND (p.created_at, p.id) < ($6, $7)' ELSE '' END)
  USING v_region, v_user, p_query, p_tag, p_community, p_before_at, p_before_id, least(greatest(p_limit, 1), 101);
END $fn$;--> statement-breakpoint
REVOKE ALL ON FUNCTION community_post_search(tsquery, text, uuid, timestamptz, uuid, integer) FROM PUBLIC;--> statement-breakpoint
GRANT EXECUTE ON FUNCTION community_post_search(tsquery, text, uuid, timestamptz, uuid, integer) TO yui_app;
