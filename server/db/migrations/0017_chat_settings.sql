ALTER TABLE "providers" ADD COLUMN "chat_settings" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
-- The greeting and closing message a provider already wrote move into its chat settings.
UPDATE "providers" SET "chat_settings" = jsonb_build_object('greeting', "protocol_message", 'closingMessage', "closing_message");--> statement-breakpoint
ALTER TABLE "providers" DROP COLUMN "closing_message";--> statement-breakpoint
ALTER TABLE "providers" DROP COLUMN "protocol_message";