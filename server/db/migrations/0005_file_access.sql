ALTER TABLE "files" ADD COLUMN "uploaded_by" bigint;--> statement-breakpoint
ALTER TABLE "files" ADD CONSTRAINT "files_uploaded_by_users_id_fk" FOREIGN KEY ("uploaded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "messages_file" ON "messages" USING btree ("provider_id","file_id") WHERE file_id IS NOT NULL;