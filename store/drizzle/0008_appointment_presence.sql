ALTER TABLE "bookings" ADD COLUMN "seeker_seen_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "bookings" ADD COLUMN "counselor_seen_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "bookings" ADD COLUMN "settled_at" timestamp with time zone;