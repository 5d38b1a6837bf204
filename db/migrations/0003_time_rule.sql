CREATE TABLE "approval_delegations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"municipality_id" uuid NOT NULL,
	"manager_id" uuid NOT NULL,
	"deputy_id" uuid NOT NULL,
	"starts_on" date NOT NULL,
	"ends_on" date NOT NULL,
	"reason" text,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "approval_delegations_dates" CHECK ("approval_delegations"."starts_on" <= "approval_delegations"."ends_on"),
	CONSTRAINT "approval_delegations_not_self" CHECK ("approval_delegations"."manager_id" <> "approval_delegations"."deputy_id")
);
--> statement-breakpoint
ALTER TABLE "approval_delegations" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "time_policies" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"municipality_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"cap_percent" numeric(5, 2) DEFAULT 20 NOT NULL,
	"period" text DEFAULT 'month' NOT NULL,
	"lead_days" integer DEFAULT 1 NOT NULL,
	"max_minutes_per_day" integer DEFAULT 465 NOT NULL,
	"reminder_working_days" integer DEFAULT 2 NOT NULL,
	"actuals_reminder_days" integer DEFAULT 3 NOT NULL,
	"note" text,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "time_policies_version_uq" UNIQUE("municipality_id","version"),
	CONSTRAINT "time_policies_tenant_id_uq" UNIQUE("municipality_id","id"),
	CONSTRAINT "time_policies_cap" CHECK ("time_policies"."cap_percent" > 0 and "time_policies"."cap_percent" <= 100),
	CONSTRAINT "time_policies_lead" CHECK ("time_policies"."lead_days" between 0 and 60),
	CONSTRAINT "time_policies_day" CHECK ("time_policies"."max_minutes_per_day" between 15 and 720)
);
--> statement-breakpoint
ALTER TABLE "time_policies" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "time_request_days" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"municipality_id" uuid NOT NULL,
	"request_id" uuid NOT NULL,
	"requester_id" uuid NOT NULL,
	"work_date" date NOT NULL,
	"planned_minutes" integer NOT NULL,
	"actual_minutes" integer,
	CONSTRAINT "time_request_days_date_uq" UNIQUE("request_id","work_date"),
	CONSTRAINT "time_request_days_planned" CHECK ("time_request_days"."planned_minutes" > 0),
	CONSTRAINT "time_request_days_actual" CHECK ("time_request_days"."actual_minutes" is null or "time_request_days"."actual_minutes" >= 0)
);
--> statement-breakpoint
ALTER TABLE "time_request_days" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "time_request_history" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"municipality_id" uuid NOT NULL,
	"request_id" uuid NOT NULL,
	"actor_id" uuid,
	"action" text NOT NULL,
	"from_status" text,
	"to_status" text,
	"comment" text,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "time_request_history" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "time_requests" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"municipality_id" uuid NOT NULL,
	"requester_id" uuid NOT NULL,
	"department_id" uuid,
	"policy_id" uuid,
	"activity_kind" text NOT NULL,
	"ref_type" text,
	"ref_id" uuid,
	"ref_title" text,
	"purpose" text NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"first_date" date NOT NULL,
	"last_date" date NOT NULL,
	"planned_minutes" integer NOT NULL,
	"actual_minutes" integer,
	"actuals_exceed" boolean DEFAULT false NOT NULL,
	"approver_id" uuid,
	"decided_by" uuid,
	"decided_at" timestamp with time zone,
	"decision_comment" text,
	"submitted_at" timestamp with time zone,
	"idempotency_key" text,
	"reminder_sent_at" timestamp with time zone,
	"actuals_reminder_sent_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "time_requests_tenant_id_uq" UNIQUE("municipality_id","id"),
	CONSTRAINT "time_requests_dates" CHECK ("time_requests"."first_date" <= "time_requests"."last_date"),
	CONSTRAINT "time_requests_minutes" CHECK ("time_requests"."planned_minutes" > 0)
);
--> statement-breakpoint
ALTER TABLE "time_requests" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "approval_delegations" ADD CONSTRAINT "approval_delegations_municipality_id_municipalities_id_fk" FOREIGN KEY ("municipality_id") REFERENCES "public"."municipalities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "approval_delegations" ADD CONSTRAINT "approval_delegations_manager_fk" FOREIGN KEY ("municipality_id","manager_id") REFERENCES "public"."users"("municipality_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "approval_delegations" ADD CONSTRAINT "approval_delegations_deputy_fk" FOREIGN KEY ("municipality_id","deputy_id") REFERENCES "public"."users"("municipality_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "time_policies" ADD CONSTRAINT "time_policies_municipality_id_municipalities_id_fk" FOREIGN KEY ("municipality_id") REFERENCES "public"."municipalities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "time_request_days" ADD CONSTRAINT "time_request_days_municipality_id_municipalities_id_fk" FOREIGN KEY ("municipality_id") REFERENCES "public"."municipalities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "time_request_days" ADD CONSTRAINT "time_request_days_request_fk" FOREIGN KEY ("municipality_id","request_id") REFERENCES "public"."time_requests"("municipality_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "time_request_history" ADD CONSTRAINT "time_request_history_municipality_id_municipalities_id_fk" FOREIGN KEY ("municipality_id") REFERENCES "public"."municipalities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "time_request_history" ADD CONSTRAINT "time_request_history_request_fk" FOREIGN KEY ("municipality_id","request_id") REFERENCES "public"."time_requests"("municipality_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "time_requests" ADD CONSTRAINT "time_requests_municipality_id_municipalities_id_fk" FOREIGN KEY ("municipality_id") REFERENCES "public"."municipalities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "time_requests" ADD CONSTRAINT "time_requests_requester_fk" FOREIGN KEY ("municipality_id","requester_id") REFERENCES "public"."users"("municipality_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "time_requests" ADD CONSTRAINT "time_requests_department_fk" FOREIGN KEY ("municipality_id","department_id") REFERENCES "public"."departments"("municipality_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "time_requests" ADD CONSTRAINT "time_requests_policy_fk" FOREIGN KEY ("municipality_id","policy_id") REFERENCES "public"."time_policies"("municipality_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "approval_delegations_deputy_idx" ON "approval_delegations" USING btree ("municipality_id","deputy_id","ends_on");--> statement-breakpoint
CREATE INDEX "time_request_days_budget_idx" ON "time_request_days" USING btree ("municipality_id","requester_id","work_date");--> statement-breakpoint
CREATE INDEX "time_request_history_request_idx" ON "time_request_history" USING btree ("municipality_id","request_id","at");--> statement-breakpoint
CREATE UNIQUE INDEX "time_requests_idempotency_uq" ON "time_requests" USING btree ("municipality_id","requester_id","idempotency_key");--> statement-breakpoint
CREATE INDEX "time_requests_requester_idx" ON "time_requests" USING btree ("municipality_id","requester_id","created_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "time_requests_pending_idx" ON "time_requests" USING btree ("municipality_id","department_id","submitted_at") WHERE "time_requests"."status" = 'submitted';--> statement-breakpoint
CREATE INDEX "time_requests_ref_idx" ON "time_requests" USING btree ("municipality_id","ref_type","ref_id");--> statement-breakpoint
CREATE POLICY "approval_delegations_tenant" ON "approval_delegations" AS PERMISSIVE FOR ALL TO "yui_app" USING ("municipality_id" = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK ("municipality_id" = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "time_policies_tenant" ON "time_policies" AS PERMISSIVE FOR ALL TO "yui_app" USING ("municipality_id" = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK ("municipality_id" = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "time_request_days_tenant" ON "time_request_days" AS PERMISSIVE FOR ALL TO "yui_app" USING ("municipality_id" = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK ("municipality_id" = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "time_request_history_tenant" ON "time_request_history" AS PERMISSIVE FOR ALL TO "yui_app" USING ("municipality_id" = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK ("municipality_id" = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "time_requests_tenant" ON "time_requests" AS PERMISSIVE FOR ALL TO "yui_app" USING ("municipality_id" = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK ("municipality_id" = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
-- Every municipality starts with the region's default 20% rule (version 1); its admin can change it.
INSERT INTO time_policies (municipality_id, version) SELECT id, 1 FROM municipalities;--> statement-breakpoint
CREATE FUNCTION municipality_default_time_policy() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO time_policies (municipality_id, version) VALUES (NEW.id, 1);
  RETURN NEW;
END $$;--> statement-breakpoint
CREATE TRIGGER municipalities_default_time_policy AFTER INSERT ON municipalities
  FOR EACH ROW EXECUTE FUNCTION municipality_default_time_policy();
