CREATE TABLE "attraction_channels" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"region_id" uuid NOT NULL,
	"municipality_id" uuid NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"url" text NOT NULL,
	"secret" text NOT NULL,
	"char_limit" integer NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "attraction_channels_region_id_uq" UNIQUE("region_id","id"),
	CONSTRAINT "attraction_channels_name_len" CHECK (char_length("attraction_channels"."name") between 1 and 60),
	CONSTRAINT "attraction_channels_limit" CHECK ("attraction_channels"."char_limit" between 10 and 100000)
);
--> statement-breakpoint
ALTER TABLE "attraction_channels" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "attraction_collection_items" (
	"region_id" uuid NOT NULL,
	"collection_id" uuid NOT NULL,
	"post_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	CONSTRAINT "attraction_collection_items_collection_id_post_id_pk" PRIMARY KEY("collection_id","post_id"),
	CONSTRAINT "attraction_collection_items_note_len" CHECK (char_length("attraction_collection_items"."note") <= 300)
);
--> statement-breakpoint
ALTER TABLE "attraction_collection_items" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "attraction_collections" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"region_id" uuid NOT NULL,
	"municipality_id" uuid NOT NULL,
	"title" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"created_by" uuid NOT NULL,
	"published_at" timestamp with time zone,
	"idempotency_key" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "attraction_collections_region_id_uq" UNIQUE("region_id","id"),
	CONSTRAINT "attraction_collections_title_len" CHECK (char_length("attraction_collections"."title") between 1 and 80),
	CONSTRAINT "attraction_collections_description_len" CHECK (char_length("attraction_collections"."description") <= 2000)
);
--> statement-breakpoint
ALTER TABLE "attraction_collections" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "attraction_photos" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"region_id" uuid NOT NULL,
	"municipality_id" uuid NOT NULL,
	"post_id" uuid NOT NULL,
	"uploaded_by" uuid NOT NULL,
	"original_key" text NOT NULL,
	"content_type" text NOT NULL,
	"byte_size" integer NOT NULL,
	"status" text DEFAULT 'processing' NOT NULL,
	"keep_location" boolean DEFAULT false NOT NULL,
	"had_location" boolean,
	"width" integer,
	"height" integer,
	"variants" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"process_seq" integer DEFAULT 1 NOT NULL,
	"process_error" text,
	"photographer" text DEFAULT '' NOT NULL,
	"people" text DEFAULT 'not_asked' NOT NULL,
	"may_publish" boolean DEFAULT false NOT NULL,
	"alt" text DEFAULT '' NOT NULL,
	"caption" text DEFAULT '' NOT NULL,
	"sort_order" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "attraction_photos_texts" CHECK (char_length("attraction_photos"."photographer") <= 100 and char_length("attraction_photos"."alt") <= 200 and char_length("attraction_photos"."caption") <= 200)
);
--> statement-breakpoint
ALTER TABLE "attraction_photos" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "attraction_posts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"region_id" uuid NOT NULL,
	"municipality_id" uuid NOT NULL,
	"author_id" uuid NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"category" text NOT NULL,
	"title" text NOT NULL,
	"body" text DEFAULT '' NOT NULL,
	"place_name" text,
	"address" text,
	"latitude" double precision,
	"longitude" double precision,
	"event_starts_on" date,
	"event_ends_on" date,
	"event_start_time" time,
	"event_end_time" time,
	"tags" text[] DEFAULT '{}'::text[] NOT NULL,
	"link_url" text,
	"submitted_at" timestamp with time zone,
	"reviewed_by" uuid,
	"reviewed_at" timestamp with time zone,
	"review_comment" text,
	"approved_at" timestamp with time zone,
	"publish_at" timestamp with time zone,
	"scheduled_by" uuid,
	"schedule_seq" integer DEFAULT 0 NOT NULL,
	"channel_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"social_texts" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"published_at" timestamp with time zone,
	"unpublished_at" timestamp with time zone,
	"unpublished_by" uuid,
	"unpublish_reason" text,
	"version" integer DEFAULT 1 NOT NULL,
	"idempotency_key" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "attraction_posts_region_id_uq" UNIQUE("region_id","id"),
	CONSTRAINT "attraction_posts_tenant_id_uq" UNIQUE("municipality_id","id"),
	CONSTRAINT "attraction_posts_title_len" CHECK (char_length("attraction_posts"."title") between 1 and 80),
	CONSTRAINT "attraction_posts_body_len" CHECK (char_length("attraction_posts"."body") <= 5000),
	CONSTRAINT "attraction_posts_coords" CHECK (("attraction_posts"."latitude" is null) = ("attraction_posts"."longitude" is null)
      and ("attraction_posts"."latitude" is null or ("attraction_posts"."latitude" between -90 and 90 and "attraction_posts"."longitude" between -180 and 180))),
	CONSTRAINT "attraction_posts_event_period" CHECK ("attraction_posts"."event_ends_on" is null or ("attraction_posts"."event_starts_on" is not null and "attraction_posts"."event_starts_on" <= "attraction_posts"."event_ends_on")),
	CONSTRAINT "attraction_posts_tags" CHECK (cardinality("attraction_posts"."tags") <= 10)
);
--> statement-breakpoint
ALTER TABLE "attraction_posts" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "attraction_publications" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"region_id" uuid NOT NULL,
	"municipality_id" uuid NOT NULL,
	"post_id" uuid NOT NULL,
	"channel_id" uuid,
	"action" text NOT NULL,
	"schedule_seq" integer NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"response_status" integer,
	"last_error" text,
	"text" text DEFAULT '' NOT NULL,
	"delivered_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "attraction_publications" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "attraction_reviews" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"region_id" uuid NOT NULL,
	"municipality_id" uuid NOT NULL,
	"post_id" uuid NOT NULL,
	"action" text NOT NULL,
	"comment" text DEFAULT '' NOT NULL,
	"actor_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "attraction_reviews_comment_len" CHECK (char_length("attraction_reviews"."comment") <= 2000)
);
--> statement-breakpoint
ALTER TABLE "attraction_reviews" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "attraction_views" (
	"region_id" uuid NOT NULL,
	"municipality_id" uuid NOT NULL,
	"post_id" uuid NOT NULL,
	"day" date NOT NULL,
	"views" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "attraction_views_post_id_day_pk" PRIMARY KEY("post_id","day"),
	CONSTRAINT "attraction_views_positive" CHECK ("attraction_views"."views" >= 0)
);
--> statement-breakpoint
ALTER TABLE "attraction_views" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "attraction_channels" ADD CONSTRAINT "attraction_channels_region_id_regions_id_fk" FOREIGN KEY ("region_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "attraction_channels" ADD CONSTRAINT "attraction_channels_municipality_id_municipalities_id_fk" FOREIGN KEY ("municipality_id") REFERENCES "public"."municipalities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "attraction_collection_items" ADD CONSTRAINT "attraction_collection_items_collection_fk" FOREIGN KEY ("region_id","collection_id") REFERENCES "public"."attraction_collections"("region_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "attraction_collection_items" ADD CONSTRAINT "attraction_collection_items_post_fk" FOREIGN KEY ("region_id","post_id") REFERENCES "public"."attraction_posts"("region_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "attraction_collections" ADD CONSTRAINT "attraction_collections_region_id_regions_id_fk" FOREIGN KEY ("region_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "attraction_collections" ADD CONSTRAINT "attraction_collections_municipality_id_municipalities_id_fk" FOREIGN KEY ("municipality_id") REFERENCES "public"."municipalities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "attraction_photos" ADD CONSTRAINT "attraction_photos_municipality_id_municipalities_id_fk" FOREIGN KEY ("municipality_id") REFERENCES "public"."municipalities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "attraction_photos" ADD CONSTRAINT "attraction_photos_post_fk" FOREIGN KEY ("region_id","post_id") REFERENCES "public"."attraction_posts"("region_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "attraction_posts" ADD CONSTRAINT "attraction_posts_region_id_regions_id_fk" FOREIGN KEY ("region_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "attraction_posts" ADD CONSTRAINT "attraction_posts_municipality_id_municipalities_id_fk" FOREIGN KEY ("municipality_id") REFERENCES "public"."municipalities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "attraction_publications" ADD CONSTRAINT "attraction_publications_municipality_id_municipalities_id_fk" FOREIGN KEY ("municipality_id") REFERENCES "public"."municipalities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "attraction_publications" ADD CONSTRAINT "attraction_publications_post_fk" FOREIGN KEY ("region_id","post_id") REFERENCES "public"."attraction_posts"("region_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "attraction_publications" ADD CONSTRAINT "attraction_publications_channel_fk" FOREIGN KEY ("region_id","channel_id") REFERENCES "public"."attraction_channels"("region_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "attraction_reviews" ADD CONSTRAINT "attraction_reviews_municipality_id_municipalities_id_fk" FOREIGN KEY ("municipality_id") REFERENCES "public"."municipalities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "attraction_reviews" ADD CONSTRAINT "attraction_reviews_post_fk" FOREIGN KEY ("region_id","post_id") REFERENCES "public"."attraction_posts"("region_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "attraction_views" ADD CONSTRAINT "attraction_views_municipality_id_municipalities_id_fk" FOREIGN KEY ("municipality_id") REFERENCES "public"."municipalities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "attraction_views" ADD CONSTRAINT "attraction_views_post_fk" FOREIGN KEY ("region_id","post_id") REFERENCES "public"."attraction_posts"("region_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "attraction_channels_name_uq" ON "attraction_channels" USING btree ("region_id","name");--> statement-breakpoint
CREATE INDEX "attraction_collection_items_post_idx" ON "attraction_collection_items" USING btree ("post_id");--> statement-breakpoint
CREATE UNIQUE INDEX "attraction_collections_idempotency_uq" ON "attraction_collections" USING btree ("created_by","idempotency_key");--> statement-breakpoint
CREATE INDEX "attraction_collections_region_idx" ON "attraction_collections" USING btree ("region_id","status","updated_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "attraction_photos_post_idx" ON "attraction_photos" USING btree ("post_id","sort_order");--> statement-breakpoint
CREATE UNIQUE INDEX "attraction_posts_idempotency_uq" ON "attraction_posts" USING btree ("author_id","idempotency_key");--> statement-breakpoint
CREATE INDEX "attraction_posts_town_idx" ON "attraction_posts" USING btree ("municipality_id","status","updated_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "attraction_posts_author_idx" ON "attraction_posts" USING btree ("author_id","updated_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "attraction_posts_pool_idx" ON "attraction_posts" USING btree ("region_id","status","approved_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "attraction_posts_region_updated_idx" ON "attraction_posts" USING btree ("region_id","updated_at" DESC NULLS FIRST,"id" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "attraction_posts_published_idx" ON "attraction_posts" USING btree ("region_id","published_at" DESC NULLS FIRST,"id" DESC NULLS FIRST) WHERE "attraction_posts"."status" = 'published';--> statement-breakpoint
CREATE INDEX "attraction_posts_due_idx" ON "attraction_posts" USING btree ("publish_at") WHERE "attraction_posts"."status" = 'scheduled';--> statement-breakpoint
CREATE UNIQUE INDEX "attraction_publications_uq" ON "attraction_publications" USING btree ("post_id",coalesce("channel_id", '00000000-0000-0000-0000-000000000000'::uuid),"action","schedule_seq");--> statement-breakpoint
CREATE INDEX "attraction_publications_region_idx" ON "attraction_publications" USING btree ("region_id","created_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "attraction_publications_pending_idx" ON "attraction_publications" USING btree ("municipality_id","updated_at") WHERE "attraction_publications"."status" = 'pending';--> statement-breakpoint
CREATE INDEX "attraction_reviews_post_idx" ON "attraction_reviews" USING btree ("post_id","created_at");--> statement-breakpoint
CREATE INDEX "attraction_views_region_idx" ON "attraction_views" USING btree ("region_id","day");--> statement-breakpoint
-- 地域の魅力: a pooled post (approved and later) may be changed by a regional coordinator of another
-- town (RLS allows it), but only in its scheduling: when, to which relays, with which texts, and taking
-- it down. The content stays the town's. Nobody moves a post to another town or author. No tenant
-- (owner scripts): not checked.
CREATE FUNCTION attraction_posts_guard() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  v_tenant uuid := nullif(current_setting('app.tenant_id', true), '')::uuid;
  v_changed text[];
BEGIN
  IF v_tenant IS NULL THEN
    RETURN NEW;
  END IF;
  v_changed := yui_changed_columns(to_jsonb(OLD), to_jsonb(NEW));
  IF v_changed && ARRAY['id', 'region_id', 'municipality_id', 'author_id', 'created_at', 'idempotency_key'] THEN
    RAISE EXCEPTION 'attraction_posts: who wrote it and for which town never changes' USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF v_tenant IS DISTINCT FROM OLD.municipality_id THEN
    IF NOT v_changed <@ ARRAY['status', 'publish_at', 'scheduled_by', 'schedule_seq', 'channel_ids', 'social_texts',
                              'unpublished_at', 'unpublished_by', 'unpublish_reason', 'updated_at']
       OR NEW.status NOT IN ('approved', 'scheduled', 'unpublished') THEN
      RAISE EXCEPTION 'attraction_posts: another town schedules and takes down, nothing else' USING ERRCODE = 'insufficient_privilege';
    END IF;
  END IF;
  RETURN NEW;
END $$;--> statement-breakpoint
CREATE TRIGGER attraction_posts_guard BEFORE UPDATE ON attraction_posts
  FOR EACH ROW EXECUTE FUNCTION attraction_posts_guard();--> statement-breakpoint
REVOKE ALL ON FUNCTION attraction_posts_guard() FROM PUBLIC;--> statement-breakpoint
-- A post the current context may see: the read rule of attraction_posts, for one post (its photos
-- are seen where it is). An index lookup per photo row instead of reading every visible post.
CREATE FUNCTION yui_attraction_post_visible(p_post uuid) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT EXISTS (
    SELECT 1 FROM attraction_posts p
    WHERE p.id = p_post
      AND p.region_id = nullif(current_setting('app.region_id', true), '')::uuid
      AND (p.municipality_id = nullif(current_setting('app.tenant_id', true), '')::uuid
           OR (nullif(current_setting('app.tenant_id', true), '')::uuid IS NOT NULL
               AND p.status IN ('approved', 'scheduled', 'published', 'unpublished'))
           OR p.status = 'published'))
$$;--> statement-breakpoint
REVOKE ALL ON FUNCTION yui_attraction_post_visible(uuid) FROM PUBLIC;--> statement-breakpoint
GRANT EXECUTE ON FUNCTION yui_attraction_post_visible(uuid) TO yui_app;--> statement-breakpoint
CREATE POLICY "attraction_channels_read" ON "attraction_channels" AS PERMISSIVE FOR SELECT TO "yui_app" USING (region_id = nullif(current_setting('app.region_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "attraction_channels_write" ON "attraction_channels" AS PERMISSIVE FOR ALL TO "yui_app" USING (region_id = nullif(current_setting('app.region_id', true), '')::uuid and yui_is_region_coordinator()) WITH CHECK (region_id = nullif(current_setting('app.region_id', true), '')::uuid and yui_is_region_coordinator());--> statement-breakpoint
CREATE POLICY "attraction_collection_items_read" ON "attraction_collection_items" AS PERMISSIVE FOR SELECT TO "yui_app" USING (region_id = nullif(current_setting('app.region_id', true), '')::uuid and collection_id in (select id from attraction_collections));--> statement-breakpoint
CREATE POLICY "attraction_collection_items_write" ON "attraction_collection_items" AS PERMISSIVE FOR ALL TO "yui_app" USING (region_id = nullif(current_setting('app.region_id', true), '')::uuid and yui_is_region_coordinator()) WITH CHECK (region_id = nullif(current_setting('app.region_id', true), '')::uuid and yui_is_region_coordinator());--> statement-breakpoint
CREATE POLICY "attraction_collections_read" ON "attraction_collections" AS PERMISSIVE FOR SELECT TO "yui_app" USING (region_id = nullif(current_setting('app.region_id', true), '')::uuid and (nullif(current_setting('app.tenant_id', true), '')::uuid is not null or status = 'published'));--> statement-breakpoint
CREATE POLICY "attraction_collections_write" ON "attraction_collections" AS PERMISSIVE FOR ALL TO "yui_app" USING (region_id = nullif(current_setting('app.region_id', true), '')::uuid and yui_is_region_coordinator()) WITH CHECK (region_id = nullif(current_setting('app.region_id', true), '')::uuid and yui_is_region_coordinator());--> statement-breakpoint
CREATE POLICY "attraction_photos_read" ON "attraction_photos" AS PERMISSIVE FOR SELECT TO "yui_app" USING (region_id = nullif(current_setting('app.region_id', true), '')::uuid and yui_attraction_post_visible(post_id));--> statement-breakpoint
CREATE POLICY "attraction_photos_write" ON "attraction_photos" AS PERMISSIVE FOR ALL TO "yui_app" USING (region_id = nullif(current_setting('app.region_id', true), '')::uuid and municipality_id = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK (region_id = nullif(current_setting('app.region_id', true), '')::uuid and municipality_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "attraction_posts_read" ON "attraction_posts" AS PERMISSIVE FOR SELECT TO "yui_app" USING (region_id = nullif(current_setting('app.region_id', true), '')::uuid and (municipality_id = nullif(current_setting('app.tenant_id', true), '')::uuid or (nullif(current_setting('app.tenant_id', true), '')::uuid is not null and status in ('approved', 'scheduled', 'published', 'unpublished')) or status = 'published'));--> statement-breakpoint
CREATE POLICY "attraction_posts_create" ON "attraction_posts" AS PERMISSIVE FOR INSERT TO "yui_app" WITH CHECK (region_id = nullif(current_setting('app.region_id', true), '')::uuid and municipality_id = nullif(current_setting('app.tenant_id', true), '')::uuid and author_id = nullif(current_setting('app.user_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "attraction_posts_change" ON "attraction_posts" AS PERMISSIVE FOR UPDATE TO "yui_app" USING (region_id = nullif(current_setting('app.region_id', true), '')::uuid and (municipality_id = nullif(current_setting('app.tenant_id', true), '')::uuid or (status in ('approved', 'scheduled', 'published', 'unpublished') and yui_is_region_coordinator()))) WITH CHECK (region_id = nullif(current_setting('app.region_id', true), '')::uuid and (municipality_id = nullif(current_setting('app.tenant_id', true), '')::uuid or (status in ('approved', 'scheduled', 'published', 'unpublished') and yui_is_region_coordinator())));--> statement-breakpoint
CREATE POLICY "attraction_posts_remove" ON "attraction_posts" AS PERMISSIVE FOR DELETE TO "yui_app" USING (region_id = nullif(current_setting('app.region_id', true), '')::uuid and municipality_id = nullif(current_setting('app.tenant_id', true), '')::uuid and status in ('draft', 'returned'));--> statement-breakpoint
CREATE POLICY "attraction_publications_read" ON "attraction_publications" AS PERMISSIVE FOR SELECT TO "yui_app" USING (region_id = nullif(current_setting('app.region_id', true), '')::uuid and nullif(current_setting('app.tenant_id', true), '')::uuid is not null);--> statement-breakpoint
CREATE POLICY "attraction_publications_write" ON "attraction_publications" AS PERMISSIVE FOR ALL TO "yui_app" USING (region_id = nullif(current_setting('app.region_id', true), '')::uuid and municipality_id = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK (region_id = nullif(current_setting('app.region_id', true), '')::uuid and municipality_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "attraction_reviews_read" ON "attraction_reviews" AS PERMISSIVE FOR SELECT TO "yui_app" USING (region_id = nullif(current_setting('app.region_id', true), '')::uuid and municipality_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "attraction_reviews_add" ON "attraction_reviews" AS PERMISSIVE FOR INSERT TO "yui_app" WITH CHECK (region_id = nullif(current_setting('app.region_id', true), '')::uuid and municipality_id = nullif(current_setting('app.tenant_id', true), '')::uuid and actor_id = nullif(current_setting('app.user_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "attraction_views_read" ON "attraction_views" AS PERMISSIVE FOR SELECT TO "yui_app" USING (region_id = nullif(current_setting('app.region_id', true), '')::uuid and nullif(current_setting('app.tenant_id', true), '')::uuid is not null);--> statement-breakpoint
CREATE POLICY "attraction_views_count" ON "attraction_views" AS PERMISSIVE FOR INSERT TO "yui_app" WITH CHECK (region_id = nullif(current_setting('app.region_id', true), '')::uuid and post_id in (select id from attraction_posts where status = 'published'));--> statement-breakpoint
CREATE POLICY "attraction_views_add" ON "attraction_views" AS PERMISSIVE FOR UPDATE TO "yui_app" USING (region_id = nullif(current_setting('app.region_id', true), '')::uuid) WITH CHECK (region_id = nullif(current_setting('app.region_id', true), '')::uuid);