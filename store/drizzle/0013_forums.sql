CREATE TABLE "forum_members" (
	"topic_id" text NOT NULL,
	"seeker_id" uuid NOT NULL,
	"joined_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "forum_members_topic_id_seeker_id_pk" PRIMARY KEY("topic_id","seeker_id")
);
--> statement-breakpoint
CREATE TABLE "forum_reports" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"topic_id" text NOT NULL,
	"event_id" text NOT NULL,
	"reason" text NOT NULL,
	"seeker_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "forums" (
	"topic_id" text PRIMARY KEY NOT NULL,
	"room_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "forum_members" ADD CONSTRAINT "forum_members_topic_id_forums_topic_id_fk" FOREIGN KEY ("topic_id") REFERENCES "public"."forums"("topic_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "forum_members" ADD CONSTRAINT "forum_members_seeker_id_seekers_id_fk" FOREIGN KEY ("seeker_id") REFERENCES "public"."seekers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "forum_reports" ADD CONSTRAINT "forum_reports_topic_id_forums_topic_id_fk" FOREIGN KEY ("topic_id") REFERENCES "public"."forums"("topic_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "forum_reports" ADD CONSTRAINT "forum_reports_seeker_id_seekers_id_fk" FOREIGN KEY ("seeker_id") REFERENCES "public"."seekers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "forums" ADD CONSTRAINT "forums_topic_id_topics_id_fk" FOREIGN KEY ("topic_id") REFERENCES "public"."topics"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "forum_members_seeker_idx" ON "forum_members" USING btree ("seeker_id");--> statement-breakpoint
CREATE UNIQUE INDEX "forum_reports_once_uq" ON "forum_reports" USING btree ("seeker_id","event_id");--> statement-breakpoint
CREATE INDEX "forum_reports_seeker_time_idx" ON "forum_reports" USING btree ("seeker_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "forums_room_uq" ON "forums" USING btree ("room_id");