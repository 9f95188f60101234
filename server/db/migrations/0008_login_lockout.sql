ALTER TABLE "users" ADD COLUMN "failed_logins" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "locked_until" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "messages_channel_inbound_files" ON "messages" USING btree ("channel_id","created_at") WHERE file_id IS NOT NULL AND direction = 'in';