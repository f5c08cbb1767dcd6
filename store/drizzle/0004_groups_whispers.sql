CREATE TABLE "group_experts" (
	"group_id" uuid NOT NULL,
	"counselor_id" uuid NOT NULL,
	"occurrence" timestamp with time zone NOT NULL,
	"added_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"removed_at" timestamp with time zone,
	CONSTRAINT "group_experts_group_id_counselor_id_occurrence_pk" PRIMARY KEY("group_id","counselor_id","occurrence")
);
--> statement-breakpoint
CREATE TABLE "group_moderators" (
	"group_id" uuid NOT NULL,
	"counselor_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "group_moderators_group_id_counselor_id_pk" PRIMARY KEY("group_id","counselor_id")
);
--> statement-breakpoint
CREATE TABLE "group_participants" (
	"group_id" uuid NOT NULL,
	"seeker_id" uuid NOT NULL,
	"joined_at" timestamp with time zone DEFAULT now() NOT NULL,
	"left_at" timestamp with time zone,
	"left_reason" text,
	CONSTRAINT "group_participants_group_id_seeker_id_pk" PRIMARY KEY("group_id","seeker_id")
);
--> statement-breakpoint
CREATE TABLE "groups" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"title" text NOT NULL,
	"topic_id" text NOT NULL,
	"agency_id" uuid,
	"description" text DEFAULT '' NOT NULL,
	"rules" text DEFAULT '' NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"duration_minutes" integer NOT NULL,
	"repeat_weekly" boolean DEFAULT false NOT NULL,
	"max_participants" integer NOT NULL,
	"encrypted" boolean DEFAULT true NOT NULL,
	"listing_topic_ids" text[] DEFAULT '{}'::text[] NOT NULL,
	"listing_agency_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"room_id" text,
	"control_room_id" text,
	"created_by" uuid NOT NULL,
	"applied_phase" text DEFAULT 'before' NOT NULL,
	"applied_occurrence" timestamp with time zone,
	"deleted_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "whisper_rooms" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"group_id" uuid NOT NULL,
	"seeker_id" uuid NOT NULL,
	"moderator_id" uuid NOT NULL,
	"started_by" text NOT NULL,
	"room_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"ended_at" timestamp with time zone,
	"ended_by" text
);
--> statement-breakpoint
ALTER TABLE "group_experts" ADD CONSTRAINT "group_experts_group_id_groups_id_fk" FOREIGN KEY ("group_id") REFERENCES "public"."groups"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "group_experts" ADD CONSTRAINT "group_experts_counselor_id_counselors_id_fk" FOREIGN KEY ("counselor_id") REFERENCES "public"."counselors"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "group_experts" ADD CONSTRAINT "group_experts_added_by_counselors_id_fk" FOREIGN KEY ("added_by") REFERENCES "public"."counselors"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "group_moderators" ADD CONSTRAINT "group_moderators_group_id_groups_id_fk" FOREIGN KEY ("group_id") REFERENCES "public"."groups"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "group_moderators" ADD CONSTRAINT "group_moderators_counselor_id_counselors_id_fk" FOREIGN KEY ("counselor_id") REFERENCES "public"."counselors"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "group_participants" ADD CONSTRAINT "group_participants_group_id_groups_id_fk" FOREIGN KEY ("group_id") REFERENCES "public"."groups"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "group_participants" ADD CONSTRAINT "group_participants_seeker_id_seekers_id_fk" FOREIGN KEY ("seeker_id") REFERENCES "public"."seekers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "groups" ADD CONSTRAINT "groups_topic_id_topics_id_fk" FOREIGN KEY ("topic_id") REFERENCES "public"."topics"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "groups" ADD CONSTRAINT "groups_agency_id_agencies_id_fk" FOREIGN KEY ("agency_id") REFERENCES "public"."agencies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "groups" ADD CONSTRAINT "groups_created_by_counselors_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."counselors"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "whisper_rooms" ADD CONSTRAINT "whisper_rooms_group_id_groups_id_fk" FOREIGN KEY ("group_id") REFERENCES "public"."groups"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "whisper_rooms" ADD CONSTRAINT "whisper_rooms_seeker_id_seekers_id_fk" FOREIGN KEY ("seeker_id") REFERENCES "public"."seekers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "whisper_rooms" ADD CONSTRAINT "whisper_rooms_moderator_id_counselors_id_fk" FOREIGN KEY ("moderator_id") REFERENCES "public"."counselors"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "group_participants_seeker_idx" ON "group_participants" USING btree ("seeker_id");--> statement-breakpoint
CREATE UNIQUE INDEX "groups_room_uq" ON "groups" USING btree ("room_id");--> statement-breakpoint
CREATE INDEX "groups_topic_idx" ON "groups" USING btree ("topic_id");--> statement-breakpoint
CREATE UNIQUE INDEX "whisper_rooms_room_uq" ON "whisper_rooms" USING btree ("room_id");--> statement-breakpoint
CREATE UNIQUE INDEX "whisper_rooms_open_uq" ON "whisper_rooms" USING btree ("group_id","seeker_id") WHERE "whisper_rooms"."ended_at" is null;