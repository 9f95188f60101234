DROP INDEX "conversations_tab";--> statement-breakpoint
DROP INDEX "conversations_sector_tab";--> statement-breakpoint
DROP INDEX "conversations_responsavel_tab";--> statement-breakpoint
DROP INDEX "conversations_contact";--> statement-breakpoint
DROP INDEX "messages_conversation";--> statement-breakpoint
DROP INDEX "messages_contact";--> statement-breakpoint
CREATE INDEX "conversations_tab" ON "conversations" USING btree ("provider_id","situacao","last_message_at" DESC NULLS FIRST,"id" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "conversations_sector_tab" ON "conversations" USING btree ("provider_id","sector_id","situacao","last_message_at" DESC NULLS FIRST,"id" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "conversations_responsavel_tab" ON "conversations" USING btree ("provider_id","responsavel_id","situacao","last_message_at" DESC NULLS FIRST,"id" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "conversations_contact" ON "conversations" USING btree ("provider_id","contact_id","started_at" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "messages_conversation" ON "messages" USING btree ("provider_id","conversation_id","id" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "messages_contact" ON "messages" USING btree ("provider_id","contact_id","id" DESC NULLS FIRST);