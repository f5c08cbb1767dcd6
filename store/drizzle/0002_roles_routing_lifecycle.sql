CREATE TABLE "agency_memberships" (
	"agency_id" uuid NOT NULL,
	"counselor_id" uuid NOT NULL,
	"role" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "agency_memberships_agency_id_counselor_id_role_pk" PRIMARY KEY("agency_id","counselor_id","role")
);
--> statement-breakpoint
CREATE TABLE "audit_log" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"actor" text NOT NULL,
	"action" text NOT NULL,
	"entity_type" text NOT NULL,
	"entity_id" text,
	"details" jsonb DEFAULT '{}'::jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "bot_direct_rooms" (
	"matrix_user_id" text PRIMARY KEY NOT NULL,
	"room_id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "bot_direct_rooms_room_id_unique" UNIQUE("room_id")
);
--> statement-breakpoint
CREATE TABLE "case_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"case_id" uuid NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"actor" text NOT NULL,
	"action" text NOT NULL,
	"from_status" text,
	"to_status" text,
	"details" jsonb DEFAULT '{}'::jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "case_reminders" (
	"case_id" uuid NOT NULL,
	"threshold_hours" integer NOT NULL,
	"sent_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "case_reminders_case_id_threshold_hours_pk" PRIMARY KEY("case_id","threshold_hours")
);
--> statement-breakpoint
CREATE TABLE "platform_admins" (
	"matrix_user_id" text PRIMARY KEY NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "processed_events" (
	"event_id" text PRIMARY KEY NOT NULL,
	"room_id" text NOT NULL,
	"processed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"outcome" jsonb
);
--> statement-breakpoint
ALTER TABLE "counselors" DROP CONSTRAINT "counselors_agency_id_agencies_id_fk";
--> statement-breakpoint
DROP INDEX "agency_postcode_ranges_range_idx";--> statement-breakpoint
ALTER TABLE "agencies" ADD COLUMN "address" text;--> statement-breakpoint
ALTER TABLE "agencies" ADD COLUMN "postcode" char(5);--> statement-breakpoint
ALTER TABLE "agencies" ADD COLUMN "description" text;--> statement-breakpoint
ALTER TABLE "agencies" ADD COLUMN "languages" text[] DEFAULT '{de}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "agencies" ADD COLUMN "online" boolean DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE "agencies" ADD COLUMN "team_agency" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "agencies" ADD COLUMN "homeserver_server_name" text;--> statement-breakpoint
ALTER TABLE "agencies" ADD COLUMN "pool_room_id" text;--> statement-breakpoint
ALTER TABLE "agencies" ADD COLUMN "deleted_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "agencies" ADD COLUMN "updated_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
ALTER TABLE "agency_postcode_ranges" ADD COLUMN "topic_id" text;--> statement-breakpoint
-- Data: ranges become per topic; an existing range applies to every topic its agency offers.
INSERT INTO "agency_postcode_ranges" ("agency_id", "topic_id", "from_postcode", "to_postcode")
  SELECT r."agency_id", at."topic_id", r."from_postcode", r."to_postcode"
  FROM "agency_postcode_ranges" r JOIN "agency_topics" at ON at."agency_id" = r."agency_id"
  WHERE r."topic_id" IS NULL;--> statement-breakpoint
DELETE FROM "agency_postcode_ranges" WHERE "topic_id" IS NULL;--> statement-breakpoint
ALTER TABLE "agency_postcode_ranges" ALTER COLUMN "topic_id" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "case_number" integer NOT NULL GENERATED ALWAYS AS IDENTITY (sequence name "cases_case_number_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1);--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "postcode_region" char(2);--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "assigned_counselor_id" uuid;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "supervision_room_id" text;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "taken_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "first_answer_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "closed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "archived_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "counselors" ADD COLUMN "away_message" text;--> statement-breakpoint
ALTER TABLE "counselors" ADD COLUMN "away_since" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "seekers" ADD COLUMN "last_notified_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "topics" ADD COLUMN "min_postcode_length" smallint DEFAULT 5 NOT NULL;--> statement-breakpoint
ALTER TABLE "topics" ADD COLUMN "white_spot_agency_id" uuid;--> statement-breakpoint
ALTER TABLE "topics" ADD COLUMN "min_age" smallint;--> statement-breakpoint
ALTER TABLE "topics" ADD COLUMN "max_age" smallint;--> statement-breakpoint
ALTER TABLE "agency_memberships" ADD CONSTRAINT "agency_memberships_agency_id_agencies_id_fk" FOREIGN KEY ("agency_id") REFERENCES "public"."agencies"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agency_memberships" ADD CONSTRAINT "agency_memberships_counselor_id_counselors_id_fk" FOREIGN KEY ("counselor_id") REFERENCES "public"."counselors"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_events" ADD CONSTRAINT "case_events_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_reminders" ADD CONSTRAINT "case_reminders_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "agency_memberships_counselor_idx" ON "agency_memberships" USING btree ("counselor_id");--> statement-breakpoint
CREATE INDEX "audit_log_entity_idx" ON "audit_log" USING btree ("entity_type","entity_id");--> statement-breakpoint
CREATE INDEX "audit_log_at_idx" ON "audit_log" USING btree ("at");--> statement-breakpoint
CREATE INDEX "case_events_case_idx" ON "case_events" USING btree ("case_id","at");--> statement-breakpoint
ALTER TABLE "agency_postcode_ranges" ADD CONSTRAINT "agency_postcode_ranges_topic_id_topics_id_fk" FOREIGN KEY ("topic_id") REFERENCES "public"."topics"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cases" ADD CONSTRAINT "cases_assigned_counselor_id_counselors_id_fk" FOREIGN KEY ("assigned_counselor_id") REFERENCES "public"."counselors"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "topics" ADD CONSTRAINT "topics_white_spot_agency_id_agencies_id_fk" FOREIGN KEY ("white_spot_agency_id") REFERENCES "public"."agencies"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "agencies_pool_room_uq" ON "agencies" USING btree ("pool_room_id");--> statement-breakpoint
CREATE INDEX "agency_postcode_ranges_topic_range_idx" ON "agency_postcode_ranges" USING btree ("topic_id","from_postcode","to_postcode");--> statement-breakpoint
CREATE INDEX "agency_postcode_ranges_agency_idx" ON "agency_postcode_ranges" USING btree ("agency_id");--> statement-breakpoint
CREATE INDEX "cases_agency_status_idx" ON "cases" USING btree ("agency_id","status");--> statement-breakpoint
CREATE UNIQUE INDEX "cases_case_number_uq" ON "cases" USING btree ("case_number");--> statement-breakpoint
CREATE UNIQUE INDEX "cases_room_uq" ON "cases" USING btree ("room_id");--> statement-breakpoint
-- Data: a counselor's single agency becomes a membership with the role "counselor".
INSERT INTO "agency_memberships" ("agency_id", "counselor_id", "role")
  SELECT "agency_id", "id", 'counselor' FROM "counselors";--> statement-breakpoint
UPDATE "cases" SET "status" = 'in_progress' WHERE "status" = 'open';--> statement-breakpoint
ALTER TABLE "counselors" DROP COLUMN "agency_id";