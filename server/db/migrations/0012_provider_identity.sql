ALTER TABLE "providers" ADD COLUMN "cnpj" text;--> statement-breakpoint
ALTER TABLE "providers" ADD COLUMN "city" text;