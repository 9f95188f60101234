ALTER TABLE "conversations" ADD COLUMN "bot_state" jsonb;--> statement-breakpoint
ALTER TABLE "providers" ADD COLUMN "bot_flow" jsonb DEFAULT '{}'::jsonb NOT NULL;