CREATE TYPE "public"."presence" AS ENUM('online', 'pausa', 'offline');--> statement-breakpoint
ALTER TABLE "conversations" ADD COLUMN "queue_notice_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "sectors" ADD COLUMN "auto_assign" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "presence" "presence" DEFAULT 'offline' NOT NULL;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "pause_reason" text;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "presence_changed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "last_assigned_at" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "conversations_fila_order" ON "conversations" USING btree ("provider_id","sector_id","queued_at","id") WHERE situacao = 'fila';