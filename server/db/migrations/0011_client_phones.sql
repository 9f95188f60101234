CREATE INDEX "contacts_client" ON "contacts" USING btree ("provider_id","client_id") WHERE client_id IS NOT NULL;--> statement-breakpoint
ALTER TABLE "clients" DROP COLUMN "phone";