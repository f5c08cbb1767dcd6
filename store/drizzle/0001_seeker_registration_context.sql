ALTER TABLE "seekers" ADD COLUMN "topic_id" text;--> statement-breakpoint
ALTER TABLE "seekers" ADD COLUMN "postcode" char(5);--> statement-breakpoint
ALTER TABLE "seekers" ADD CONSTRAINT "seekers_topic_id_topics_id_fk" FOREIGN KEY ("topic_id") REFERENCES "public"."topics"("id") ON DELETE no action ON UPDATE no action;