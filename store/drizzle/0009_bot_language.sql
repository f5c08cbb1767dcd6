ALTER TABLE "agencies" ADD COLUMN "bot_language" text DEFAULT 'de' NOT NULL;--> statement-breakpoint
ALTER TABLE "counselors" ADD COLUMN "bot_language" text;