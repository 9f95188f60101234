ALTER TABLE "sectors" ADD COLUMN "description" text;--> statement-breakpoint
ALTER TABLE "sectors" ADD COLUMN "position" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "sectors" ADD COLUMN "attends" boolean DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "must_change_password" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "max_concurrent" integer DEFAULT 5 NOT NULL;