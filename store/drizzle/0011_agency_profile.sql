ALTER TABLE "agencies" ADD COLUMN "phone" text;--> statement-breakpoint
ALTER TABLE "agencies" ADD COLUMN "opening_hours" text;--> statement-breakpoint
ALTER TABLE "agencies" ADD COLUMN "website" text;--> statement-breakpoint
ALTER TABLE "agencies" ADD COLUMN "accessibility_notes" text;--> statement-breakpoint
ALTER TABLE "agencies" ADD COLUMN "on_site_services" text[] DEFAULT '{}'::text[] NOT NULL;