-- Ready for Citus (docs/citus.md): every key and reference of a provider's rows includes provider_id.
-- Hand-ordered: the references go first, then the keys they stood on; the new keys and unique
-- indexes (channels_provider among them) exist before the references that need them are added back.
CREATE TABLE "logins" (
	"email" text NOT NULL,
	"provider_id" bigint NOT NULL,
	"user_id" bigint NOT NULL,
	CONSTRAINT "logins_user_id_provider_id_pk" PRIMARY KEY("user_id","provider_id")
);--> statement-breakpoint
ALTER TABLE "logins" ADD CONSTRAINT "logins_provider_id_providers_id_fk" FOREIGN KEY ("provider_id") REFERENCES "public"."providers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
INSERT INTO "logins" ("email", "provider_id", "user_id") SELECT "email", "provider_id", "id" FROM "users";--> statement-breakpoint
CREATE UNIQUE INDEX "logins_email" ON "logins" USING btree (lower("email"));--> statement-breakpoint
ALTER TABLE "bonuses" DROP CONSTRAINT "bonuses_client_id_clients_id_fk";--> statement-breakpoint
ALTER TABLE "bonuses" DROP CONSTRAINT "bonuses_contract_id_contracts_id_fk";--> statement-breakpoint
ALTER TABLE "bonuses" DROP CONSTRAINT "bonuses_granted_by_users_id_fk";--> statement-breakpoint
ALTER TABLE "charges" DROP CONSTRAINT "charges_client_id_clients_id_fk";--> statement-breakpoint
ALTER TABLE "charges" DROP CONSTRAINT "charges_contract_id_contracts_id_fk";--> statement-breakpoint
ALTER TABLE "contact_blocks" DROP CONSTRAINT "contact_blocks_contact_id_contacts_id_fk";--> statement-breakpoint
ALTER TABLE "contact_blocks" DROP CONSTRAINT "contact_blocks_blocked_by_users_id_fk";--> statement-breakpoint
ALTER TABLE "contact_blocks" DROP CONSTRAINT "contact_blocks_unblocked_by_users_id_fk";--> statement-breakpoint
ALTER TABLE "contact_identities" DROP CONSTRAINT "contact_identities_channel_id_channels_id_fk";--> statement-breakpoint
ALTER TABLE "contact_identities" DROP CONSTRAINT "contact_identities_contact_id_contacts_id_fk";--> statement-breakpoint
ALTER TABLE "contacts" DROP CONSTRAINT "contacts_client_id_clients_id_fk";--> statement-breakpoint
ALTER TABLE "contracts" DROP CONSTRAINT "contracts_client_id_clients_id_fk";--> statement-breakpoint
ALTER TABLE "conversation_events" DROP CONSTRAINT "conversation_events_conversation_id_conversations_id_fk";--> statement-breakpoint
ALTER TABLE "conversation_events" DROP CONSTRAINT "conversation_events_actor_user_id_users_id_fk";--> statement-breakpoint
ALTER TABLE "conversation_tags" DROP CONSTRAINT "conversation_tags_conversation_id_conversations_id_fk";--> statement-breakpoint
ALTER TABLE "conversation_tags" DROP CONSTRAINT "conversation_tags_tag_id_tags_id_fk";--> statement-breakpoint
ALTER TABLE "conversations" DROP CONSTRAINT "conversations_contact_id_contacts_id_fk";--> statement-breakpoint
ALTER TABLE "conversations" DROP CONSTRAINT "conversations_channel_id_channels_id_fk";--> statement-breakpoint
ALTER TABLE "conversations" DROP CONSTRAINT "conversations_sector_id_sectors_id_fk";--> statement-breakpoint
ALTER TABLE "conversations" DROP CONSTRAINT "conversations_motivo_id_motivos_id_fk";--> statement-breakpoint
ALTER TABLE "conversations" DROP CONSTRAINT "conversations_responsavel_id_users_id_fk";--> statement-breakpoint
ALTER TABLE "conversations" DROP CONSTRAINT "conversations_client_id_clients_id_fk";--> statement-breakpoint
ALTER TABLE "conversations" DROP CONSTRAINT "conversations_contract_id_contracts_id_fk";--> statement-breakpoint
ALTER TABLE "conversations" DROP CONSTRAINT "conversations_created_by_users_id_fk";--> statement-breakpoint
ALTER TABLE "files" DROP CONSTRAINT "files_uploaded_by_users_id_fk";--> statement-breakpoint
ALTER TABLE "messages" DROP CONSTRAINT "messages_conversation_id_conversations_id_fk";--> statement-breakpoint
ALTER TABLE "messages" DROP CONSTRAINT "messages_contact_id_contacts_id_fk";--> statement-breakpoint
ALTER TABLE "messages" DROP CONSTRAINT "messages_channel_id_channels_id_fk";--> statement-breakpoint
ALTER TABLE "messages" DROP CONSTRAINT "messages_author_user_id_users_id_fk";--> statement-breakpoint
ALTER TABLE "messages" DROP CONSTRAINT "messages_file_id_files_id_fk";--> statement-breakpoint
ALTER TABLE "motivo_sectors" DROP CONSTRAINT "motivo_sectors_motivo_id_motivos_id_fk";--> statement-breakpoint
ALTER TABLE "motivo_sectors" DROP CONSTRAINT "motivo_sectors_sector_id_sectors_id_fk";--> statement-breakpoint
ALTER TABLE "notas" DROP CONSTRAINT "notas_client_id_clients_id_fk";--> statement-breakpoint
ALTER TABLE "notas" DROP CONSTRAINT "notas_contract_id_contracts_id_fk";--> statement-breakpoint
ALTER TABLE "quick_replies" DROP CONSTRAINT "quick_replies_sector_id_sectors_id_fk";--> statement-breakpoint
ALTER TABLE "quick_replies" DROP CONSTRAINT "quick_replies_owner_id_users_id_fk";--> statement-breakpoint
ALTER TABLE "quick_replies" DROP CONSTRAINT "quick_replies_file_id_files_id_fk";--> statement-breakpoint
ALTER TABLE "service_orders" DROP CONSTRAINT "service_orders_client_id_clients_id_fk";--> statement-breakpoint
ALTER TABLE "service_orders" DROP CONSTRAINT "service_orders_contract_id_contracts_id_fk";--> statement-breakpoint
ALTER TABLE "service_orders" DROP CONSTRAINT "service_orders_sector_id_sectors_id_fk";--> statement-breakpoint
ALTER TABLE "service_orders" DROP CONSTRAINT "service_orders_created_by_users_id_fk";--> statement-breakpoint
ALTER TABLE "sessions" DROP CONSTRAINT "sessions_user_id_users_id_fk";--> statement-breakpoint
ALTER TABLE "user_sectors" DROP CONSTRAINT "user_sectors_user_id_users_id_fk";--> statement-breakpoint
ALTER TABLE "user_sectors" DROP CONSTRAINT "user_sectors_sector_id_sectors_id_fk";--> statement-breakpoint
ALTER TABLE "webhook_rejections" DROP CONSTRAINT "webhook_rejections_channel_id_channels_id_fk";--> statement-breakpoint
DROP INDEX "channels_provider";--> statement-breakpoint
DROP INDEX "jobs_dedupe";--> statement-breakpoint
DROP INDEX "messages_channel_provider_id";--> statement-breakpoint
DROP INDEX "users_email";--> statement-breakpoint
ALTER TABLE "contact_identities" DROP CONSTRAINT "contact_identities_channel_id_external_id_pk";--> statement-breakpoint
ALTER TABLE "conversation_tags" DROP CONSTRAINT "conversation_tags_conversation_id_tag_id_pk";--> statement-breakpoint
ALTER TABLE "motivo_sectors" DROP CONSTRAINT "motivo_sectors_motivo_id_sector_id_pk";--> statement-breakpoint
ALTER TABLE "user_sectors" DROP CONSTRAINT "user_sectors_user_id_sector_id_pk";--> statement-breakpoint
ALTER TABLE "bonuses" DROP CONSTRAINT "bonuses_pkey";--> statement-breakpoint
ALTER TABLE "charges" DROP CONSTRAINT "charges_pkey";--> statement-breakpoint
ALTER TABLE "clients" DROP CONSTRAINT "clients_pkey";--> statement-breakpoint
ALTER TABLE "contact_blocks" DROP CONSTRAINT "contact_blocks_pkey";--> statement-breakpoint
ALTER TABLE "contacts" DROP CONSTRAINT "contacts_pkey";--> statement-breakpoint
ALTER TABLE "contracts" DROP CONSTRAINT "contracts_pkey";--> statement-breakpoint
ALTER TABLE "conversation_events" DROP CONSTRAINT "conversation_events_pkey";--> statement-breakpoint
ALTER TABLE "conversations" DROP CONSTRAINT "conversations_pkey";--> statement-breakpoint
ALTER TABLE "feed" DROP CONSTRAINT "feed_pkey";--> statement-breakpoint
ALTER TABLE "files" DROP CONSTRAINT "files_pkey";--> statement-breakpoint
ALTER TABLE "jobs" DROP CONSTRAINT "jobs_pkey";--> statement-breakpoint
ALTER TABLE "messages" DROP CONSTRAINT "messages_pkey";--> statement-breakpoint
ALTER TABLE "motivos" DROP CONSTRAINT "motivos_pkey";--> statement-breakpoint
ALTER TABLE "notas" DROP CONSTRAINT "notas_pkey";--> statement-breakpoint
ALTER TABLE "quick_replies" DROP CONSTRAINT "quick_replies_pkey";--> statement-breakpoint
ALTER TABLE "sectors" DROP CONSTRAINT "sectors_pkey";--> statement-breakpoint
ALTER TABLE "service_orders" DROP CONSTRAINT "service_orders_pkey";--> statement-breakpoint
ALTER TABLE "sessions" DROP CONSTRAINT "sessions_pkey";--> statement-breakpoint
ALTER TABLE "tags" DROP CONSTRAINT "tags_pkey";--> statement-breakpoint
ALTER TABLE "users" DROP CONSTRAINT "users_pkey";--> statement-breakpoint
ALTER TABLE "webhook_rejections" DROP CONSTRAINT "webhook_rejections_pkey";--> statement-breakpoint
ALTER TABLE "bonuses" ADD CONSTRAINT "bonuses_id_provider_id_pk" PRIMARY KEY("id","provider_id");--> statement-breakpoint
ALTER TABLE "charges" ADD CONSTRAINT "charges_id_provider_id_pk" PRIMARY KEY("id","provider_id");--> statement-breakpoint
ALTER TABLE "clients" ADD CONSTRAINT "clients_id_provider_id_pk" PRIMARY KEY("id","provider_id");--> statement-breakpoint
ALTER TABLE "contact_blocks" ADD CONSTRAINT "contact_blocks_id_provider_id_pk" PRIMARY KEY("id","provider_id");--> statement-breakpoint
ALTER TABLE "contact_identities" ADD CONSTRAINT "contact_identities_channel_id_external_id_provider_id_pk" PRIMARY KEY("channel_id","external_id","provider_id");--> statement-breakpoint
ALTER TABLE "contacts" ADD CONSTRAINT "contacts_id_provider_id_pk" PRIMARY KEY("id","provider_id");--> statement-breakpoint
ALTER TABLE "contracts" ADD CONSTRAINT "contracts_id_provider_id_pk" PRIMARY KEY("id","provider_id");--> statement-breakpoint
ALTER TABLE "conversation_events" ADD CONSTRAINT "conversation_events_id_provider_id_pk" PRIMARY KEY("id","provider_id");--> statement-breakpoint
ALTER TABLE "conversation_tags" ADD CONSTRAINT "conversation_tags_conversation_id_tag_id_provider_id_pk" PRIMARY KEY("conversation_id","tag_id","provider_id");--> statement-breakpoint
ALTER TABLE "conversations" ADD CONSTRAINT "conversations_id_provider_id_pk" PRIMARY KEY("id","provider_id");--> statement-breakpoint
ALTER TABLE "feed" ADD CONSTRAINT "feed_id_provider_id_pk" PRIMARY KEY("id","provider_id");--> statement-breakpoint
ALTER TABLE "files" ADD CONSTRAINT "files_id_provider_id_pk" PRIMARY KEY("id","provider_id");--> statement-breakpoint
ALTER TABLE "jobs" ADD CONSTRAINT "jobs_id_provider_id_pk" PRIMARY KEY("id","provider_id");--> statement-breakpoint
ALTER TABLE "messages" ADD CONSTRAINT "messages_id_provider_id_pk" PRIMARY KEY("id","provider_id");--> statement-breakpoint
ALTER TABLE "motivo_sectors" ADD CONSTRAINT "motivo_sectors_motivo_id_sector_id_provider_id_pk" PRIMARY KEY("motivo_id","sector_id","provider_id");--> statement-breakpoint
ALTER TABLE "motivos" ADD CONSTRAINT "motivos_id_provider_id_pk" PRIMARY KEY("id","provider_id");--> statement-breakpoint
ALTER TABLE "notas" ADD CONSTRAINT "notas_id_provider_id_pk" PRIMARY KEY("id","provider_id");--> statement-breakpoint
ALTER TABLE "quick_replies" ADD CONSTRAINT "quick_replies_id_provider_id_pk" PRIMARY KEY("id","provider_id");--> statement-breakpoint
ALTER TABLE "sectors" ADD CONSTRAINT "sectors_id_provider_id_pk" PRIMARY KEY("id","provider_id");--> statement-breakpoint
ALTER TABLE "service_orders" ADD CONSTRAINT "service_orders_id_provider_id_pk" PRIMARY KEY("id","provider_id");--> statement-breakpoint
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_token_hash_provider_id_pk" PRIMARY KEY("token_hash","provider_id");--> statement-breakpoint
ALTER TABLE "tags" ADD CONSTRAINT "tags_id_provider_id_pk" PRIMARY KEY("id","provider_id");--> statement-breakpoint
ALTER TABLE "user_sectors" ADD CONSTRAINT "user_sectors_user_id_sector_id_provider_id_pk" PRIMARY KEY("user_id","sector_id","provider_id");--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_id_provider_id_pk" PRIMARY KEY("id","provider_id");--> statement-breakpoint
ALTER TABLE "webhook_rejections" ADD CONSTRAINT "webhook_rejections_id_provider_id_pk" PRIMARY KEY("id","provider_id");--> statement-breakpoint
CREATE UNIQUE INDEX "channels_provider" ON "channels" USING btree ("provider_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "jobs_dedupe" ON "jobs" USING btree ("provider_id","dedupe_key");--> statement-breakpoint
CREATE UNIQUE INDEX "messages_channel_provider_id" ON "messages" USING btree ("provider_id","channel_id","provider_message_id");--> statement-breakpoint
CREATE UNIQUE INDEX "users_email" ON "users" USING btree ("provider_id",lower("email"));--> statement-breakpoint
ALTER TABLE "bonuses" ADD CONSTRAINT "bonuses_client_id_fk" FOREIGN KEY ("provider_id","client_id") REFERENCES "public"."clients"("provider_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bonuses" ADD CONSTRAINT "bonuses_contract_id_fk" FOREIGN KEY ("provider_id","contract_id") REFERENCES "public"."contracts"("provider_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bonuses" ADD CONSTRAINT "bonuses_granted_by_fk" FOREIGN KEY ("provider_id","granted_by") REFERENCES "public"."users"("provider_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "charges" ADD CONSTRAINT "charges_client_id_fk" FOREIGN KEY ("provider_id","client_id") REFERENCES "public"."clients"("provider_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "charges" ADD CONSTRAINT "charges_contract_id_fk" FOREIGN KEY ("provider_id","contract_id") REFERENCES "public"."contracts"("provider_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contact_blocks" ADD CONSTRAINT "contact_blocks_contact_id_fk" FOREIGN KEY ("provider_id","contact_id") REFERENCES "public"."contacts"("provider_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contact_blocks" ADD CONSTRAINT "contact_blocks_blocked_by_fk" FOREIGN KEY ("provider_id","blocked_by") REFERENCES "public"."users"("provider_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contact_blocks" ADD CONSTRAINT "contact_blocks_unblocked_by_fk" FOREIGN KEY ("provider_id","unblocked_by") REFERENCES "public"."users"("provider_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contact_identities" ADD CONSTRAINT "contact_identities_channel_id_fk" FOREIGN KEY ("provider_id","channel_id") REFERENCES "public"."channels"("provider_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contact_identities" ADD CONSTRAINT "contact_identities_contact_id_fk" FOREIGN KEY ("provider_id","contact_id") REFERENCES "public"."contacts"("provider_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contacts" ADD CONSTRAINT "contacts_client_id_fk" FOREIGN KEY ("provider_id","client_id") REFERENCES "public"."clients"("provider_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contracts" ADD CONSTRAINT "contracts_client_id_fk" FOREIGN KEY ("provider_id","client_id") REFERENCES "public"."clients"("provider_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conversation_events" ADD CONSTRAINT "conversation_events_conversation_id_fk" FOREIGN KEY ("provider_id","conversation_id") REFERENCES "public"."conversations"("provider_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conversation_events" ADD CONSTRAINT "conversation_events_actor_user_id_fk" FOREIGN KEY ("provider_id","actor_user_id") REFERENCES "public"."users"("provider_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conversation_tags" ADD CONSTRAINT "conversation_tags_conversation_id_fk" FOREIGN KEY ("provider_id","conversation_id") REFERENCES "public"."conversations"("provider_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conversation_tags" ADD CONSTRAINT "conversation_tags_tag_id_fk" FOREIGN KEY ("provider_id","tag_id") REFERENCES "public"."tags"("provider_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conversations" ADD CONSTRAINT "conversations_contact_id_fk" FOREIGN KEY ("provider_id","contact_id") REFERENCES "public"."contacts"("provider_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conversations" ADD CONSTRAINT "conversations_channel_id_fk" FOREIGN KEY ("provider_id","channel_id") REFERENCES "public"."channels"("provider_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conversations" ADD CONSTRAINT "conversations_sector_id_fk" FOREIGN KEY ("provider_id","sector_id") REFERENCES "public"."sectors"("provider_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conversations" ADD CONSTRAINT "conversations_motivo_id_fk" FOREIGN KEY ("provider_id","motivo_id") REFERENCES "public"."motivos"("provider_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conversations" ADD CONSTRAINT "conversations_responsavel_id_fk" FOREIGN KEY ("provider_id","responsavel_id") REFERENCES "public"."users"("provider_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conversations" ADD CONSTRAINT "conversations_client_id_fk" FOREIGN KEY ("provider_id","client_id") REFERENCES "public"."clients"("provider_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conversations" ADD CONSTRAINT "conversations_contract_id_fk" FOREIGN KEY ("provider_id","contract_id") REFERENCES "public"."contracts"("provider_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conversations" ADD CONSTRAINT "conversations_created_by_fk" FOREIGN KEY ("provider_id","created_by") REFERENCES "public"."users"("provider_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "files" ADD CONSTRAINT "files_uploaded_by_fk" FOREIGN KEY ("provider_id","uploaded_by") REFERENCES "public"."users"("provider_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "messages" ADD CONSTRAINT "messages_conversation_id_fk" FOREIGN KEY ("provider_id","conversation_id") REFERENCES "public"."conversations"("provider_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "messages" ADD CONSTRAINT "messages_contact_id_fk" FOREIGN KEY ("provider_id","contact_id") REFERENCES "public"."contacts"("provider_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "messages" ADD CONSTRAINT "messages_channel_id_fk" FOREIGN KEY ("provider_id","channel_id") REFERENCES "public"."channels"("provider_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "messages" ADD CONSTRAINT "messages_author_user_id_fk" FOREIGN KEY ("provider_id","author_user_id") REFERENCES "public"."users"("provider_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "messages" ADD CONSTRAINT "messages_file_id_fk" FOREIGN KEY ("provider_id","file_id") REFERENCES "public"."files"("provider_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "motivo_sectors" ADD CONSTRAINT "motivo_sectors_motivo_id_fk" FOREIGN KEY ("provider_id","motivo_id") REFERENCES "public"."motivos"("provider_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "motivo_sectors" ADD CONSTRAINT "motivo_sectors_sector_id_fk" FOREIGN KEY ("provider_id","sector_id") REFERENCES "public"."sectors"("provider_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notas" ADD CONSTRAINT "notas_client_id_fk" FOREIGN KEY ("provider_id","client_id") REFERENCES "public"."clients"("provider_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notas" ADD CONSTRAINT "notas_contract_id_fk" FOREIGN KEY ("provider_id","contract_id") REFERENCES "public"."contracts"("provider_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quick_replies" ADD CONSTRAINT "quick_replies_sector_id_fk" FOREIGN KEY ("provider_id","sector_id") REFERENCES "public"."sectors"("provider_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quick_replies" ADD CONSTRAINT "quick_replies_owner_id_fk" FOREIGN KEY ("provider_id","owner_id") REFERENCES "public"."users"("provider_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quick_replies" ADD CONSTRAINT "quick_replies_file_id_fk" FOREIGN KEY ("provider_id","file_id") REFERENCES "public"."files"("provider_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_orders" ADD CONSTRAINT "service_orders_client_id_fk" FOREIGN KEY ("provider_id","client_id") REFERENCES "public"."clients"("provider_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_orders" ADD CONSTRAINT "service_orders_contract_id_fk" FOREIGN KEY ("provider_id","contract_id") REFERENCES "public"."contracts"("provider_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_orders" ADD CONSTRAINT "service_orders_sector_id_fk" FOREIGN KEY ("provider_id","sector_id") REFERENCES "public"."sectors"("provider_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_orders" ADD CONSTRAINT "service_orders_created_by_fk" FOREIGN KEY ("provider_id","created_by") REFERENCES "public"."users"("provider_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_user_id_fk" FOREIGN KEY ("provider_id","user_id") REFERENCES "public"."users"("provider_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "user_sectors" ADD CONSTRAINT "user_sectors_user_id_fk" FOREIGN KEY ("provider_id","user_id") REFERENCES "public"."users"("provider_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "user_sectors" ADD CONSTRAINT "user_sectors_sector_id_fk" FOREIGN KEY ("provider_id","sector_id") REFERENCES "public"."sectors"("provider_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "webhook_rejections" ADD CONSTRAINT "webhook_rejections_channel_id_fk" FOREIGN KEY ("provider_id","channel_id") REFERENCES "public"."channels"("provider_id","id") ON DELETE no action ON UPDATE no action;
