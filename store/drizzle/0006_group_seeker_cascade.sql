ALTER TABLE "group_participants" DROP CONSTRAINT "group_participants_seeker_id_seekers_id_fk";
--> statement-breakpoint
ALTER TABLE "whisper_rooms" DROP CONSTRAINT "whisper_rooms_seeker_id_seekers_id_fk";
--> statement-breakpoint
ALTER TABLE "group_participants" ADD CONSTRAINT "group_participants_seeker_id_seekers_id_fk" FOREIGN KEY ("seeker_id") REFERENCES "public"."seekers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "whisper_rooms" ADD CONSTRAINT "whisper_rooms_seeker_id_seekers_id_fk" FOREIGN KEY ("seeker_id") REFERENCES "public"."seekers"("id") ON DELETE cascade ON UPDATE no action;