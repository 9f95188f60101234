ALTER TABLE "jobs" ADD COLUMN "ordering_key" text;--> statement-breakpoint
CREATE INDEX "jobs_ordering" ON "jobs" USING btree ("ordering_key","id") WHERE done_at IS NULL AND ordering_key IS NOT NULL;