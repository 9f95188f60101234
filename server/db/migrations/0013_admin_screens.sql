CREATE TABLE "motivo_sectors" (
	"provider_id" bigint NOT NULL,
	"motivo_id" bigint NOT NULL,
	"sector_id" bigint NOT NULL,
	CONSTRAINT "motivo_sectors_motivo_id_sector_id_pk" PRIMARY KEY("motivo_id","sector_id")
);
--> statement-breakpoint
ALTER TABLE "motivos" DROP CONSTRAINT "motivos_sector_id_sectors_id_fk";
--> statement-breakpoint
ALTER TABLE "motivos" ADD COLUMN "description" text;--> statement-breakpoint
ALTER TABLE "tags" ADD COLUMN "description" text;--> statement-breakpoint
ALTER TABLE "motivo_sectors" ADD CONSTRAINT "motivo_sectors_provider_id_providers_id_fk" FOREIGN KEY ("provider_id") REFERENCES "public"."providers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "motivo_sectors" ADD CONSTRAINT "motivo_sectors_motivo_id_motivos_id_fk" FOREIGN KEY ("motivo_id") REFERENCES "public"."motivos"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "motivo_sectors" ADD CONSTRAINT "motivo_sectors_sector_id_sectors_id_fk" FOREIGN KEY ("sector_id") REFERENCES "public"."sectors"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
-- A motivo's single sector becomes its one row in motivo_sectors before the column goes.
INSERT INTO "motivo_sectors" ("provider_id", "motivo_id", "sector_id") SELECT "provider_id", "id", "sector_id" FROM "motivos" WHERE "sector_id" IS NOT NULL;--> statement-breakpoint
ALTER TABLE "motivos" DROP COLUMN "sector_id";