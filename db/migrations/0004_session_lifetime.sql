ALTER TABLE "refresh_tokens" ADD COLUMN "family_started_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
-- Sessions that already exist began when their first token was issued.
UPDATE "refresh_tokens" t SET "family_started_at" = f.started
  FROM (SELECT "family_id", min("created_at") AS started FROM "refresh_tokens" GROUP BY "family_id") f
  WHERE f."family_id" = t."family_id";
