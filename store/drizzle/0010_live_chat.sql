CREATE TABLE "live_chat_waits" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"agency_id" uuid NOT NULL,
	"topic_id" text NOT NULL,
	"queued_hour" timestamp with time zone NOT NULL,
	"wait_seconds" integer,
	"taken" boolean NOT NULL
);
--> statement-breakpoint
CREATE TABLE "live_chats" (
	"case_id" uuid PRIMARY KEY NOT NULL,
	"seeker_id" uuid NOT NULL,
	"agency_id" uuid NOT NULL,
	"topic_id" text NOT NULL,
	"queued_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	"ended_at" timestamp with time zone,
	"end_reason" text,
	CONSTRAINT "live_chats_seeker_id_unique" UNIQUE("seeker_id")
);
--> statement-breakpoint
CREATE TABLE "live_start_throttle" (
	"key_hash" text NOT NULL,
	"window_start" timestamp with time zone NOT NULL,
	"count" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "live_start_throttle_key_hash_window_start_pk" PRIMARY KEY("key_hash","window_start")
);
--> statement-breakpoint
ALTER TABLE "seekers" ALTER COLUMN "password_hash" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "counselors" ADD COLUMN "live_duty_until" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "seekers" ADD COLUMN "temporary" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "live_chat_waits" ADD CONSTRAINT "live_chat_waits_agency_id_agencies_id_fk" FOREIGN KEY ("agency_id") REFERENCES "public"."agencies"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "live_chat_waits" ADD CONSTRAINT "live_chat_waits_topic_id_topics_id_fk" FOREIGN KEY ("topic_id") REFERENCES "public"."topics"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "live_chats" ADD CONSTRAINT "live_chats_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "live_chats" ADD CONSTRAINT "live_chats_seeker_id_seekers_id_fk" FOREIGN KEY ("seeker_id") REFERENCES "public"."seekers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "live_chats" ADD CONSTRAINT "live_chats_agency_id_agencies_id_fk" FOREIGN KEY ("agency_id") REFERENCES "public"."agencies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "live_chats" ADD CONSTRAINT "live_chats_topic_id_topics_id_fk" FOREIGN KEY ("topic_id") REFERENCES "public"."topics"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "live_chat_waits_agency_idx" ON "live_chat_waits" USING btree ("agency_id","queued_hour");--> statement-breakpoint
CREATE INDEX "live_chats_agency_topic_idx" ON "live_chats" USING btree ("agency_id","topic_id","queued_at");