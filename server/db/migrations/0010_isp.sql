CREATE TYPE "public"."charge_status" AS ENUM('aberto', 'pago', 'vencido', 'cancelado');--> statement-breakpoint
CREATE TYPE "public"."contract_status" AS ENUM('ativo', 'bloqueado_manual', 'bloqueado_atraso', 'suspenso', 'cancelado', 'aguardando_instalacao');--> statement-breakpoint
CREATE TYPE "public"."service_order_status" AS ENUM('aberta', 'agendada', 'em_execucao', 'finalizada');--> statement-breakpoint
CREATE TABLE "bonuses" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "bonuses_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"provider_id" bigint NOT NULL,
	"client_id" bigint NOT NULL,
	"contract_id" bigint NOT NULL,
	"kind" text NOT NULL,
	"days" integer,
	"value_cents" integer,
	"percent" integer,
	"granted_by" bigint,
	"conversation_id" bigint,
	"created_at" timestamp with time zone DEFAULT clock_timestamp() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "charges" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "charges_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"provider_id" bigint NOT NULL,
	"client_id" bigint NOT NULL,
	"contract_id" bigint,
	"amount_cents" integer NOT NULL,
	"discount_cents" integer DEFAULT 0 NOT NULL,
	"due_date" date NOT NULL,
	"status" charge_status DEFAULT 'aberto' NOT NULL,
	"nosso_numero" text NOT NULL,
	"bank_code" text NOT NULL,
	"paid_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT clock_timestamp() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "notas" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "notas_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"provider_id" bigint NOT NULL,
	"client_id" bigint NOT NULL,
	"contract_id" bigint,
	"number" text NOT NULL,
	"series" text NOT NULL,
	"model" text DEFAULT '62' NOT NULL,
	"issued_at" timestamp with time zone NOT NULL,
	"amount_cents" integer NOT NULL,
	"access_key" text NOT NULL,
	"items" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT clock_timestamp() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "service_orders" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "service_orders_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"provider_id" bigint NOT NULL,
	"client_id" bigint NOT NULL,
	"contract_id" bigint,
	"external_ref" text,
	"protocolo" text NOT NULL,
	"type" text NOT NULL,
	"subject" text NOT NULL,
	"description" text NOT NULL,
	"status" "service_order_status" DEFAULT 'aberta' NOT NULL,
	"sector_id" bigint,
	"conversation_id" bigint,
	"created_by" bigint,
	"created_at" timestamp with time zone DEFAULT clock_timestamp() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "contracts" ALTER COLUMN "status" SET DATA TYPE "public"."contract_status" USING "status"::"public"."contract_status";--> statement-breakpoint
ALTER TABLE "clients" ADD COLUMN "external_ref" text;--> statement-breakpoint
ALTER TABLE "clients" ADD COLUMN "phones" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "clients" ADD COLUMN "address" text;--> statement-breakpoint
UPDATE "clients" SET "phones" = ARRAY["phone"] WHERE "phone" IS NOT NULL;--> statement-breakpoint
ALTER TABLE "contracts" ADD COLUMN "external_ref" text;--> statement-breakpoint
ALTER TABLE "contracts" ADD COLUMN "download_mbps" integer;--> statement-breakpoint
ALTER TABLE "contracts" ADD COLUMN "upload_mbps" integer;--> statement-breakpoint
ALTER TABLE "contracts" ADD COLUMN "monthly_price_cents" integer;--> statement-breakpoint
ALTER TABLE "contracts" ADD COLUMN "pppoe_login" text;--> statement-breakpoint
ALTER TABLE "contracts" ADD COLUMN "last_trust_unlock_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "contracts" ADD COLUMN "trust_unlock_until" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "providers" ADD COLUMN "erp_kind" text DEFAULT 'builtin' NOT NULL;--> statement-breakpoint
ALTER TABLE "providers" ADD COLUMN "erp_config" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "providers" ADD COLUMN "isp_settings" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "bonuses" ADD CONSTRAINT "bonuses_provider_id_providers_id_fk" FOREIGN KEY ("provider_id") REFERENCES "public"."providers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bonuses" ADD CONSTRAINT "bonuses_client_id_clients_id_fk" FOREIGN KEY ("client_id") REFERENCES "public"."clients"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bonuses" ADD CONSTRAINT "bonuses_contract_id_contracts_id_fk" FOREIGN KEY ("contract_id") REFERENCES "public"."contracts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bonuses" ADD CONSTRAINT "bonuses_granted_by_users_id_fk" FOREIGN KEY ("granted_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "charges" ADD CONSTRAINT "charges_provider_id_providers_id_fk" FOREIGN KEY ("provider_id") REFERENCES "public"."providers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "charges" ADD CONSTRAINT "charges_client_id_clients_id_fk" FOREIGN KEY ("client_id") REFERENCES "public"."clients"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "charges" ADD CONSTRAINT "charges_contract_id_contracts_id_fk" FOREIGN KEY ("contract_id") REFERENCES "public"."contracts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notas" ADD CONSTRAINT "notas_provider_id_providers_id_fk" FOREIGN KEY ("provider_id") REFERENCES "public"."providers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notas" ADD CONSTRAINT "notas_client_id_clients_id_fk" FOREIGN KEY ("client_id") REFERENCES "public"."clients"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notas" ADD CONSTRAINT "notas_contract_id_contracts_id_fk" FOREIGN KEY ("contract_id") REFERENCES "public"."contracts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_orders" ADD CONSTRAINT "service_orders_provider_id_providers_id_fk" FOREIGN KEY ("provider_id") REFERENCES "public"."providers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_orders" ADD CONSTRAINT "service_orders_client_id_clients_id_fk" FOREIGN KEY ("client_id") REFERENCES "public"."clients"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_orders" ADD CONSTRAINT "service_orders_contract_id_contracts_id_fk" FOREIGN KEY ("contract_id") REFERENCES "public"."contracts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_orders" ADD CONSTRAINT "service_orders_sector_id_sectors_id_fk" FOREIGN KEY ("sector_id") REFERENCES "public"."sectors"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_orders" ADD CONSTRAINT "service_orders_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "bonuses_contract" ON "bonuses" USING btree ("provider_id","contract_id","created_at");--> statement-breakpoint
CREATE INDEX "charges_client" ON "charges" USING btree ("provider_id","client_id","due_date");--> statement-breakpoint
CREATE UNIQUE INDEX "charges_nosso_numero" ON "charges" USING btree ("provider_id","bank_code","nosso_numero");--> statement-breakpoint
CREATE INDEX "notas_client" ON "notas" USING btree ("provider_id","client_id","issued_at" DESC NULLS FIRST);--> statement-breakpoint
CREATE UNIQUE INDEX "notas_access_key" ON "notas" USING btree ("provider_id","access_key");--> statement-breakpoint
CREATE UNIQUE INDEX "service_orders_protocolo" ON "service_orders" USING btree ("provider_id","protocolo");--> statement-breakpoint
CREATE INDEX "service_orders_client" ON "service_orders" USING btree ("provider_id","client_id","created_at" DESC NULLS FIRST);--> statement-breakpoint
CREATE UNIQUE INDEX "clients_provider_external" ON "clients" USING btree ("provider_id","external_ref");--> statement-breakpoint
CREATE INDEX "clients_phones" ON "clients" USING gin ("phones");--> statement-breakpoint
CREATE UNIQUE INDEX "contracts_provider_external" ON "contracts" USING btree ("provider_id","external_ref");