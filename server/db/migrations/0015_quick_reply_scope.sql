DROP INDEX "quick_replies_provider_shortcut";--> statement-breakpoint
ALTER TABLE "quick_replies" ADD COLUMN "owner_id" bigint;--> statement-breakpoint
ALTER TABLE "quick_replies" ADD CONSTRAINT "quick_replies_owner_id_users_id_fk" FOREIGN KEY ("owner_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "quick_replies_scope_shortcut" ON "quick_replies" USING btree ("provider_id",coalesce("sector_id", 0),coalesce("owner_id", 0),"shortcut");--> statement-breakpoint
CREATE UNIQUE INDEX "sectors_one_default" ON "sectors" USING btree ("provider_id") WHERE "sectors"."is_default";--> statement-breakpoint
ALTER TABLE "quick_replies" ADD CONSTRAINT "quick_replies_one_scope" CHECK ("quick_replies"."sector_id" IS NULL OR "quick_replies"."owner_id" IS NULL);