// The one schema of Prosa. Migrations in ./migrations are generated from it (npm run db:generate),
// except 0000, which installs the extensions and the immutable unaccent wrapper the indexes need.
// Every table carries provider_id so that a hosted Prosa can distribute them by provider (Citus).
// Descending index columns say NULLS FIRST, as ORDER BY ... DESC does: PostgreSQL only walks an
// index for an ORDER BY whose NULLS order matches, even on NOT NULL columns.
import { sql } from 'drizzle-orm';
import {
  type AnyPgColumn,
  bigint,
  check,
  boolean,
  customType,
  date,
  foreignKey,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';

const id = () => bigint({ mode: 'number' }).generatedAlwaysAsIdentity();
const ref = (name: string) => bigint(name, { mode: 'number' });
// A provider's row is keyed, and referred to, together with its provider_id: the column Citus
// distributes by (docs/citus.md), so that a row and everything it refers to live on one shard.
// The key is (id, provider_id), id first: a look-up by id alone still finds its row by the index.
const ownKey = (t: { id: AnyPgColumn; providerId: AnyPgColumn }) => primaryKey({ columns: [t.id, t.providerId] });
// (provider_id, x_id) REFERENCES x (provider_id, id): a row may only point at its own provider's rows.
const sameProvider = (name: string, providerId: AnyPgColumn, column: AnyPgColumn, target: { id: AnyPgColumn; providerId: AnyPgColumn }) =>
  foreignKey({ name, columns: [providerId, column], foreignColumns: [target.providerId, target.id] });
// clock_timestamp(), not now(): rows written in one transaction (an inbound message, then the
// protocol sent in reply) keep the order they were written in.
const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().default(sql`clock_timestamp()`);
const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' });

export const roleEnum = pgEnum('role', ['administrador', 'supervisor', 'atendente']);
export const situacaoEnum = pgEnum('situacao', ['bot', 'fila', 'chat', 'finalizada']);
export const presenceEnum = pgEnum('presence', ['online', 'pausa', 'offline']);
export const channelKindEnum = pgEnum('channel_kind', ['whatsapp', 'telegram', 'webchat']);
export const directionEnum = pgEnum('direction', ['in', 'out', 'internal']);
export const authorKindEnum = pgEnum('author_kind', ['contact', 'agent', 'bot', 'system']);
export const messageTypeEnum = pgEnum('message_type', [
  'text', 'image', 'video', 'audio', 'file', 'location', 'template', 'note',
]);
export const deliveryStatusEnum = pgEnum('delivery_status', ['pending', 'sent', 'delivered', 'read', 'failed']);

export const providers = pgTable('providers', {
  id: id().primaryKey(),
  name: text().notNull(),
  slug: text().notNull().unique(),
  // The provider's own CNPJ (digits, or the alphanumeric form) and city, as the first run asks for them.
  cnpj: text(),
  city: text(),
  chatEnabled: boolean('chat_enabled').notNull().default(true),
  // Configurações do chat: greeting, closing and out-of-hours messages, business hours, holidays
  // (ChatSettingsShape in api/shapes.ts; server/desk/chat-settings.ts reads it with the defaults).
  chatSettings: jsonb('chat_settings').notNull().default({}),
  // Which ERP holds the provider's subscribers: 'builtin' (Prosa's tables) or 'ixc'.
  erpKind: text('erp_kind').notNull().default('builtin'),
  // The external ERP's address and token: write-only, never sent to a browser.
  erpConfig: jsonb('erp_config').notNull().default({}),
  // Boleto, PIX, multa and juros, the bonus rules (server/isp/settings.ts reads them with defaults).
  ispSettings: jsonb('isp_settings').notNull().default({}),
  // The bot's menu (BotFlowShape in api/bot.ts; server/bot/flow.ts reads it with the defaults).
  botFlow: jsonb('bot_flow').notNull().default({}),
  createdAt: createdAt(),
});

export const sectors = pgTable('sectors', {
  id: id(),
  providerId: ref('provider_id').notNull().references(() => providers.id),
  name: text().notNull(),
  description: text(),
  // Where it stands in lists and pickers, smallest first.
  position: integer().notNull().default(0),
  isDefault: boolean('is_default').notNull().default(false),
  // Whether it attends subscribers (takes conversations), or only groups people (a back office).
  attends: boolean().notNull().default(true),
  // Its Fila is handed out automatically to its online agents, instead of waiting to be assumed.
  autoAssign: boolean('auto_assign').notNull().default(false),
  active: boolean().notNull().default(true),
  createdAt: createdAt(),
}, (t) => [
  uniqueIndex('sectors_provider_name').on(t.providerId, t.name),
  // A provider has one default sector (server/desk/default-sector.ts); two could not both be saved.
  uniqueIndex('sectors_one_default').on(t.providerId).where(sql`${t.isDefault}`),
  ownKey(t),
]);

export const users = pgTable('users', {
  id: id(),
  providerId: ref('provider_id').notNull().references(() => providers.id),
  name: text().notNull(),
  // Login identity: one email opens one provider's desk, so it is unique across providers (logins).
  email: text().notNull(),
  passwordHash: text('password_hash').notNull(),
  role: roleEnum().notNull(),
  active: boolean().notNull().default(true),
  // A first password an administrator gave (or reset): the next login must choose one of their own.
  mustChangePassword: boolean('must_change_password').notNull().default(false),
  // How many conversations at once the automatic assignment may give them.
  maxConcurrent: integer('max_concurrent').notNull().default(5),
  // Set by the agent, seen by supervisors: only online agents receive conversations automatically.
  presence: presenceEnum().notNull().default('offline'),
  pauseReason: text('pause_reason'),
  presenceChangedAt: timestamp('presence_changed_at', { withTimezone: true }),
  // When the agent's app was last connected (kept fresh while it is): one gone for minutes goes offline.
  lastSeenAt: timestamp('last_seen_at', { withTimezone: true }),
  // Ties between agents with as many open conversations go to the one served longest ago.
  lastAssignedAt: timestamp('last_assigned_at', { withTimezone: true }),
  // Wrong passwords since the last right one, and until when logins are refused: counted here, so
  // that every instance sees the same count (server/http/login-lockout.ts).
  failedLogins: integer('failed_logins').notNull().default(0),
  lockedUntil: timestamp('locked_until', { withTimezone: true }),
  createdAt: createdAt(),
}, (t) => [
  uniqueIndex('users_email').on(t.providerId, sql`lower(${t.email})`),
  index('users_provider').on(t.providerId),
  ownKey(t),
]);

// Which provider's desk an email opens. Login knows only the email, and a user's row lives with
// their provider (on their provider's shard, under Citus): this small table, written when a user is
// added, answers first. One email, one login, across every provider.
export const logins = pgTable('logins', {
  email: text().notNull(),
  providerId: ref('provider_id').notNull().references(() => providers.id),
  userId: ref('user_id').notNull(),
}, (t) => [
  primaryKey({ columns: [t.userId, t.providerId] }),
  uniqueIndex('logins_email').on(sql`lower(${t.email})`),
]);

export const userSectors = pgTable('user_sectors', {
  providerId: ref('provider_id').notNull().references(() => providers.id),
  userId: ref('user_id').notNull(),
  sectorId: ref('sector_id').notNull(),
}, (t) => [
  primaryKey({ columns: [t.userId, t.sectorId, t.providerId] }),
  sameProvider('user_sectors_user_id_fk', t.providerId, t.userId, users),
  sameProvider('user_sectors_sector_id_fk', t.providerId, t.sectorId, sectors),
]);

export const sessions = pgTable('sessions', {
  tokenHash: text('token_hash').notNull(),
  providerId: ref('provider_id').notNull().references(() => providers.id),
  userId: ref('user_id').notNull(),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  createdAt: createdAt(),
}, (t) => [
  primaryKey({ columns: [t.tokenHash, t.providerId] }),
  index('sessions_user').on(t.userId),
  sameProvider('sessions_user_id_fk', t.providerId, t.userId, users),
]);

export const channels = pgTable('channels', {
  // Text ids: they appear in webhook URLs (/webhooks/whatsapp/demo-whatsapp).
  id: text().primaryKey(),
  providerId: ref('provider_id').notNull().references(() => providers.id),
  kind: channelKindEnum().notNull(),
  name: text().notNull(),
  active: boolean().notNull().default(true),
  config: jsonb().notNull().default({}),
  // Write-only from the API: tokens and secrets are never sent back to a browser.
  secrets: jsonb().notNull().default({}),
  createdAt: createdAt(),
}, (t) => [
  // What the provider's rows refer to (sameProvider): a channel of their own provider.
  uniqueIndex('channels_provider').on(t.providerId, t.id),
]);

export const contractStatusEnum = pgEnum('contract_status', [
  'ativo', 'bloqueado_manual', 'bloqueado_atraso', 'suspenso', 'cancelado', 'aguardando_instalacao',
]);
export const chargeStatusEnum = pgEnum('charge_status', ['aberto', 'pago', 'vencido', 'cancelado']);
export const serviceOrderStatusEnum = pgEnum('service_order_status', ['aberta', 'agendada', 'em_execucao', 'finalizada']);

// Subscribers. For a provider on the built-in ERP these rows are its data; for one on an external
// ERP (IXC), the clients its agents linked and their contracts as last read, so that the contract's
// dot and the searches never wait for the ERP. `external_ref` is the ERP's own id.
export const clients = pgTable('clients', {
  id: id(),
  providerId: ref('provider_id').notNull().references(() => providers.id),
  externalRef: text('external_ref'),
  // Name, or razão social.
  name: text().notNull(),
  // CPF or CNPJ (digits, or the alphanumeric CNPJ), unformatted.
  document: text(),
  email: text(),
  // E.164 without the plus.
  phones: text().array().notNull().default(sql`'{}'::text[]`),
  address: text(),
  createdAt: createdAt(),
}, (t) => [
  index('clients_provider_name').using('gin', sql`immutable_unaccent(lower(${t.name})) gin_trgm_ops`),
  uniqueIndex('clients_provider_document').on(t.providerId, t.document),
  uniqueIndex('clients_provider_external').on(t.providerId, t.externalRef),
  index('clients_phones').using('gin', t.phones),
  ownKey(t),
]);

export const contracts = pgTable('contracts', {
  id: id(),
  providerId: ref('provider_id').notNull().references(() => providers.id),
  clientId: ref('client_id').notNull(),
  externalRef: text('external_ref'),
  plan: text().notNull(),
  downloadMbps: integer('download_mbps'),
  uploadMbps: integer('upload_mbps'),
  monthlyPriceCents: integer('monthly_price_cents'),
  status: contractStatusEnum().notNull(),
  // The installation address.
  address: text(),
  dueDay: integer('due_day'),
  pppoeLogin: text('pppoe_login'),
  lastTrustUnlockAt: timestamp('last_trust_unlock_at', { withTimezone: true }),
  trustUnlockUntil: timestamp('trust_unlock_until', { withTimezone: true }),
  createdAt: createdAt(),
}, (t) => [
  index('contracts_client').on(t.providerId, t.clientId),
  uniqueIndex('contracts_provider_external').on(t.providerId, t.externalRef),
  ownKey(t),
  sameProvider('contracts_client_id_fk', t.providerId, t.clientId, clients),
]);

// The built-in ERP's money and documents (an external ERP keeps its own).
export const charges = pgTable('charges', {
  id: id(),
  providerId: ref('provider_id').notNull().references(() => providers.id),
  clientId: ref('client_id').notNull(),
  contractId: ref('contract_id'),
  amountCents: integer('amount_cents').notNull(),
  // A desconto granted as a bonus, taken off this charge.
  discountCents: integer('discount_cents').notNull().default(0),
  dueDate: date('due_date').notNull(),
  status: chargeStatusEnum().notNull().default('aberto'),
  nossoNumero: text('nosso_numero').notNull(),
  bankCode: text('bank_code').notNull(),
  paidAt: timestamp('paid_at', { withTimezone: true }),
  createdAt: createdAt(),
}, (t) => [
  index('charges_client').on(t.providerId, t.clientId, t.dueDate),
  uniqueIndex('charges_nosso_numero').on(t.providerId, t.bankCode, t.nossoNumero),
  ownKey(t),
  sameProvider('charges_client_id_fk', t.providerId, t.clientId, clients),
  sameProvider('charges_contract_id_fk', t.providerId, t.contractId, contracts),
]);

export const notas = pgTable('notas', {
  id: id(),
  providerId: ref('provider_id').notNull().references(() => providers.id),
  clientId: ref('client_id').notNull(),
  contractId: ref('contract_id'),
  number: text().notNull(),
  series: text().notNull(),
  // 62: NFCom, the telecom nota fiscal.
  model: text().notNull().default('62'),
  issuedAt: timestamp('issued_at', { withTimezone: true }).notNull(),
  amountCents: integer('amount_cents').notNull(),
  accessKey: text('access_key').notNull(),
  // What it bills: [{ description, amountCents }].
  items: jsonb().notNull().default([]),
  createdAt: createdAt(),
}, (t) => [
  index('notas_client').on(t.providerId, t.clientId, t.issuedAt.desc().nullsFirst()),
  uniqueIndex('notas_access_key').on(t.providerId, t.accessKey),
  ownKey(t),
  sameProvider('notas_client_id_fk', t.providerId, t.clientId, clients),
  sameProvider('notas_contract_id_fk', t.providerId, t.contractId, contracts),
]);

// Every bonus granted, whichever ERP applied it: the trust-unlock rule counts them.
export const bonuses = pgTable('bonuses', {
  id: id(),
  providerId: ref('provider_id').notNull().references(() => providers.id),
  clientId: ref('client_id').notNull(),
  contractId: ref('contract_id').notNull(),
  // desbloqueio_confianca | desconto | dias_extras
  kind: text().notNull(),
  days: integer(),
  valueCents: integer('value_cents'),
  percent: integer(),
  grantedBy: ref('granted_by'),
  conversationId: ref('conversation_id'),
  createdAt: createdAt(),
}, (t) => [
  index('bonuses_contract').on(t.providerId, t.contractId, t.createdAt),
  ownKey(t),
  sameProvider('bonuses_client_id_fk', t.providerId, t.clientId, clients),
  sameProvider('bonuses_contract_id_fk', t.providerId, t.contractId, contracts),
  sameProvider('bonuses_granted_by_fk', t.providerId, t.grantedBy, users),
]);

export const serviceOrders = pgTable('service_orders', {
  id: id(),
  providerId: ref('provider_id').notNull().references(() => providers.id),
  clientId: ref('client_id').notNull(),
  contractId: ref('contract_id'),
  externalRef: text('external_ref'),
  protocolo: text().notNull(),
  type: text().notNull(),
  subject: text().notNull(),
  description: text().notNull(),
  status: serviceOrderStatusEnum().notNull().default('aberta'),
  sectorId: ref('sector_id'),
  conversationId: ref('conversation_id'),
  createdBy: ref('created_by'),
  createdAt: createdAt(),
}, (t) => [
  uniqueIndex('service_orders_protocolo').on(t.providerId, t.protocolo),
  index('service_orders_client').on(t.providerId, t.clientId, t.createdAt.desc().nullsFirst()),
  ownKey(t),
  sameProvider('service_orders_client_id_fk', t.providerId, t.clientId, clients),
  sameProvider('service_orders_contract_id_fk', t.providerId, t.contractId, contracts),
  sameProvider('service_orders_sector_id_fk', t.providerId, t.sectorId, sectors),
  sameProvider('service_orders_created_by_fk', t.providerId, t.createdBy, users),
]);

export const contacts = pgTable('contacts', {
  id: id(),
  providerId: ref('provider_id').notNull().references(() => providers.id),
  name: text().notNull(),
  nameSearch: text('name_search').notNull().generatedAlwaysAs(sql`immutable_unaccent(lower(name))`),
  phone: text(), // E.164 without the plus: 5511987654321
  email: text(),
  clientId: ref('client_id'),
  blocked: boolean().notNull().default(false),
  // Messages a blocked contact sent that never reached the desk (shown in Bloqueados).
  blockedMessageCount: integer('blocked_message_count').notNull().default(0),
  createdAt: createdAt(),
}, (t) => [
  uniqueIndex('contacts_provider_phone').on(t.providerId, t.phone),
  index('contacts_name_trgm').using('gin', t.nameSearch.op('gin_trgm_ops')),
  // A phone search matches any part of the number ("4321", "98765-4321").
  index('contacts_phone_trgm').using('gin', t.phone.op('gin_trgm_ops')),
  index('contacts_blocked').on(t.providerId).where(sql`blocked`),
  index('contacts_client').on(t.providerId, t.clientId).where(sql`client_id IS NOT NULL`),
  ownKey(t),
  sameProvider('contacts_client_id_fk', t.providerId, t.clientId, clients),
]);

// How a contact is known on each channel: WhatsApp wa_id, Telegram chat id, web-chat visitor id.
export const contactIdentities = pgTable('contact_identities', {
  providerId: ref('provider_id').notNull().references(() => providers.id),
  channelId: text('channel_id').notNull(),
  externalId: text('external_id').notNull(),
  contactId: ref('contact_id').notNull(),
  // WhatsApp's customer-service window opens with each message the contact sends.
  lastInboundAt: timestamp('last_inbound_at', { withTimezone: true }),
}, (t) => [
  primaryKey({ columns: [t.channelId, t.externalId, t.providerId] }),
  index('contact_identities_contact').on(t.contactId),
  sameProvider('contact_identities_channel_id_fk', t.providerId, t.channelId, channels),
  sameProvider('contact_identities_contact_id_fk', t.providerId, t.contactId, contacts),
]);

export const contactBlocks = pgTable('contact_blocks', {
  id: id(),
  providerId: ref('provider_id').notNull().references(() => providers.id),
  contactId: ref('contact_id').notNull(),
  reason: text(),
  blockedBy: ref('blocked_by'),
  blockedAt: timestamp('blocked_at', { withTimezone: true }).notNull().defaultNow(),
  unblockedBy: ref('unblocked_by'),
  unblockedAt: timestamp('unblocked_at', { withTimezone: true }),
}, (t) => [
  index('contact_blocks_contact').on(t.providerId, t.contactId, t.blockedAt),
  ownKey(t),
  sameProvider('contact_blocks_contact_id_fk', t.providerId, t.contactId, contacts),
  sameProvider('contact_blocks_blocked_by_fk', t.providerId, t.blockedBy, users),
  sameProvider('contact_blocks_unblocked_by_fk', t.providerId, t.unblockedBy, users),
]);

export const motivos = pgTable('motivos', {
  id: id(),
  providerId: ref('provider_id').notNull().references(() => providers.id),
  name: text().notNull(),
  description: text(),
  active: boolean().notNull().default(true),
  createdAt: createdAt(),
}, (t) => [
  uniqueIndex('motivos_provider_name').on(t.providerId, t.name),
  ownKey(t),
]);

// The sectors a motivo applies to; a motivo with none applies to every sector.
export const motivoSectors = pgTable('motivo_sectors', {
  providerId: ref('provider_id').notNull().references(() => providers.id),
  motivoId: ref('motivo_id').notNull(),
  sectorId: ref('sector_id').notNull(),
}, (t) => [
  primaryKey({ columns: [t.motivoId, t.sectorId, t.providerId] }),
  sameProvider('motivo_sectors_motivo_id_fk', t.providerId, t.motivoId, motivos),
  sameProvider('motivo_sectors_sector_id_fk', t.providerId, t.sectorId, sectors),
]);

export const tags = pgTable('tags', {
  id: id(),
  providerId: ref('provider_id').notNull().references(() => providers.id),
  name: text().notNull(),
  color: text().notNull().default('#64748b'),
  description: text(),
  active: boolean().notNull().default(true),
  createdAt: createdAt(),
}, (t) => [
  uniqueIndex('tags_provider_name').on(t.providerId, t.name),
  ownKey(t),
]);

// A quick reply is for everyone (no sector, no owner), for one sector's agents, or personal: its
// owner's alone. A shortcut is unique within each of these.
export const quickReplies = pgTable('quick_replies', {
  id: id(),
  providerId: ref('provider_id').notNull().references(() => providers.id),
  shortcut: text().notNull(),
  title: text().notNull(),
  body: text().notNull(),
  sectorId: ref('sector_id'),
  ownerId: ref('owner_id'),
  // An optional attachment sent with the text as its caption; whoever may use the reply may read it.
  fileId: ref('file_id'),
  active: boolean().notNull().default(true),
  createdAt: createdAt(),
}, (t) => [
  uniqueIndex('quick_replies_scope_shortcut').on(t.providerId, sql`coalesce(${t.sectorId}, 0)`, sql`coalesce(${t.ownerId}, 0)`, t.shortcut),
  check('quick_replies_one_scope', sql`${t.sectorId} IS NULL OR ${t.ownerId} IS NULL`),
  ownKey(t),
  sameProvider('quick_replies_sector_id_fk', t.providerId, t.sectorId, sectors),
  sameProvider('quick_replies_owner_id_fk', t.providerId, t.ownerId, users),
  sameProvider('quick_replies_file_id_fk', t.providerId, t.fileId, files),
]);

export const protocolCounters = pgTable('protocol_counters', {
  providerId: ref('provider_id').notNull().references(() => providers.id),
  day: date().notNull(),
  last: integer().notNull(),
}, (t) => [primaryKey({ columns: [t.providerId, t.day] })]);

export const conversations = pgTable('conversations', {
  id: id(),
  providerId: ref('provider_id').notNull().references(() => providers.id),
  contactId: ref('contact_id').notNull(),
  channelId: text('channel_id').notNull(),
  situacao: situacaoEnum().notNull(),
  sectorId: ref('sector_id'),
  motivoId: ref('motivo_id'),
  responsavelId: ref('responsavel_id'),
  clientId: ref('client_id'),
  contractId: ref('contract_id'),
  protocolo: text().notNull(),
  unreadCount: integer('unread_count').notNull().default(0),
  lastMessageAt: timestamp('last_message_at', { withTimezone: true }).notNull().defaultNow(),
  lastMessagePreview: text('last_message_preview'),
  // Report timestamps, recorded when they happen.
  startedAt: timestamp('started_at', { withTimezone: true }).notNull().defaultNow(),
  queuedAt: timestamp('queued_at', { withTimezone: true }),
  // When the subscriber waiting in the Fila was last told their position (at most once a minute).
  queueNoticeAt: timestamp('queue_notice_at', { withTimezone: true }),
  assumedAt: timestamp('assumed_at', { withTimezone: true }),
  firstResponseAt: timestamp('first_response_at', { withTimezone: true }),
  closedAt: timestamp('closed_at', { withTimezone: true }),
  createdBy: ref('created_by'),
  // Where the bot is with this conversation while its situação is 'bot' (server/bot/state.ts).
  botState: jsonb('bot_state'),
  // Bumped by the database (trigger conversations_access_version, migration 0027) whenever sector_id
  // or responsavel_id change — who may see the conversation: its live events carry it, and the
  // gateway re-checks the conversation's room only when it moved (server/live/gateway.ts).
  accessVersion: integer('access_version').notNull().default(0),
}, (t) => [
  uniqueIndex('conversations_protocolo').on(t.providerId, t.protocolo),
  // One live conversation per contact: the database itself refuses a second.
  uniqueIndex('conversations_live_contact').on(t.providerId, t.contactId).where(sql`situacao <> 'finalizada'`),
  index('conversations_tab').on(t.providerId, t.situacao, t.lastMessageAt.desc().nullsFirst(), t.id.desc().nullsFirst()),
  index('conversations_sector_tab').on(t.providerId, t.sectorId, t.situacao, t.lastMessageAt.desc().nullsFirst(), t.id.desc().nullsFirst()),
  index('conversations_responsavel_tab').on(t.providerId, t.responsavelId, t.situacao, t.lastMessageAt.desc().nullsFirst(), t.id.desc().nullsFirst()),
  // An atendente's own conversations outside her sectors, counted as ranges of sector_id (countTabs).
  index('conversations_responsavel_sector').on(t.providerId, t.responsavelId, t.situacao, t.sectorId),
  index('conversations_contact').on(t.providerId, t.contactId, t.startedAt.desc().nullsFirst()),
  // The Fila in waiting order, per sector: automatic assignment takes its head, a subscriber's position counts what is ahead.
  index('conversations_fila_order').on(t.providerId, t.sectorId, t.queuedAt, t.id).where(sql`situacao = 'fila'`),
  // The Fila tab in the same order for whoever sees every sector, and for an agent's own conversations.
  index('conversations_fila_wait').on(t.providerId, t.queuedAt, t.id).where(sql`situacao = 'fila'`),
  index('conversations_responsavel_fila').on(t.providerId, t.responsavelId, t.queuedAt, t.id).where(sql`situacao = 'fila'`),
  ownKey(t),
  sameProvider('conversations_contact_id_fk', t.providerId, t.contactId, contacts),
  sameProvider('conversations_channel_id_fk', t.providerId, t.channelId, channels),
  sameProvider('conversations_sector_id_fk', t.providerId, t.sectorId, sectors),
  sameProvider('conversations_motivo_id_fk', t.providerId, t.motivoId, motivos),
  sameProvider('conversations_responsavel_id_fk', t.providerId, t.responsavelId, users),
  sameProvider('conversations_client_id_fk', t.providerId, t.clientId, clients),
  sameProvider('conversations_contract_id_fk', t.providerId, t.contractId, contracts),
  sameProvider('conversations_created_by_fk', t.providerId, t.createdBy, users),
]);

export const conversationTags = pgTable('conversation_tags', {
  providerId: ref('provider_id').notNull().references(() => providers.id),
  conversationId: ref('conversation_id').notNull(),
  tagId: ref('tag_id').notNull(),
  createdAt: createdAt(),
}, (t) => [
  primaryKey({ columns: [t.conversationId, t.tagId, t.providerId] }),
  index('conversation_tags_tag').on(t.providerId, t.tagId),
  sameProvider('conversation_tags_conversation_id_fk', t.providerId, t.conversationId, conversations),
  sameProvider('conversation_tags_tag_id_fk', t.providerId, t.tagId, tags),
]);

export const files = pgTable('files', {
  id: id(),
  providerId: ref('provider_id').notNull().references(() => providers.id),
  storageKey: text('storage_key').notNull(),
  filename: text().notNull(),
  mime: text().notNull(),
  size: bigint({ mode: 'number' }).notNull(),
  sha256: text().notNull(),
  // The agent who uploaded it: until it is sent, only they (and supervisors) may read it.
  uploadedBy: ref('uploaded_by'),
  createdAt: createdAt(),
}, (t) => [
  ownKey(t),
  sameProvider('files_uploaded_by_fk', t.providerId, t.uploadedBy, users),
]);

export const messages = pgTable('messages', {
  id: id(),
  providerId: ref('provider_id').notNull().references(() => providers.id),
  conversationId: ref('conversation_id').notNull(),
  contactId: ref('contact_id').notNull(),
  channelId: text('channel_id').notNull(),
  direction: directionEnum().notNull(),
  authorKind: authorKindEnum('author_kind').notNull(),
  authorUserId: ref('author_user_id'),
  type: messageTypeEnum().notNull(),
  body: text(),
  fileId: ref('file_id'),
  providerMessageId: text('provider_message_id'),
  // What a type carries beyond body and file: a template's name and parameters, a location, a
  // shared contact, an interactive reply.
  meta: jsonb(),
  status: deliveryStatusEnum(),
  statusError: text('status_error'),
  statusAt: timestamp('status_at', { withTimezone: true }),
  search: tsvector().generatedAlwaysAs(sql`to_tsvector('portuguese', coalesce(body, ''))`),
  createdAt: createdAt(),
}, (t) => [
  // Buscar em todas as conversas walks a provider's newest messages first (search-messages.ts): on a
  // server shared by providers, the key (id, provider_id) would walk everyone's.
  index('messages_provider_recent').on(t.providerId, t.id.desc()),
  index('messages_conversation').on(t.providerId, t.conversationId, t.id.desc().nullsFirst()),
  index('messages_contact').on(t.providerId, t.contactId, t.id.desc().nullsFirst()),
  uniqueIndex('messages_channel_provider_id').on(t.providerId, t.channelId, t.providerMessageId),
  index('messages_search').using('gin', t.search),
  index('messages_file').on(t.providerId, t.fileId).where(sql`file_id IS NOT NULL`),
  // Files received per channel in the last hour: the web chat's upload quota.
  index('messages_channel_inbound_files').on(t.channelId, t.createdAt).where(sql`file_id IS NOT NULL AND direction = 'in'`),
  // A status of one part of a long text sent in several (channels/parts.ts) finds its message.
  index('messages_parts').using('gin', sql`(meta -> 'parts')`).where(sql`(meta -> 'parts') IS NOT NULL`),
  ownKey(t),
  sameProvider('messages_conversation_id_fk', t.providerId, t.conversationId, conversations),
  sameProvider('messages_contact_id_fk', t.providerId, t.contactId, contacts),
  sameProvider('messages_channel_id_fk', t.providerId, t.channelId, channels),
  sameProvider('messages_author_user_id_fk', t.providerId, t.authorUserId, users),
  sameProvider('messages_file_id_fk', t.providerId, t.fileId, files),
]);

// The timeline: every change to a conversation, who made it and when.
export const conversationEvents = pgTable('conversation_events', {
  id: id(),
  providerId: ref('provider_id').notNull().references(() => providers.id),
  conversationId: ref('conversation_id').notNull(),
  type: text().notNull(),
  actorUserId: ref('actor_user_id'),
  data: jsonb().notNull().default({}),
  createdAt: createdAt(),
}, (t) => [
  index('conversation_events_conversation').on(t.providerId, t.conversationId, t.createdAt),
  ownKey(t),
  sameProvider('conversation_events_conversation_id_fk', t.providerId, t.conversationId, conversations),
  sameProvider('conversation_events_actor_user_id_fk', t.providerId, t.actorUserId, users),
]);

// Live events, written in the same transaction as the change they report and published after
// commit; a client that reconnects replays what it missed from its last id.
export const feed = pgTable('feed', {
  id: id(),
  providerId: ref('provider_id').notNull().references(() => providers.id),
  sectorId: ref('sector_id'),
  conversationId: ref('conversation_id'),
  type: text().notNull(),
  payload: jsonb().notNull(),
  createdAt: createdAt(),
}, (t) => [
  index('feed_provider').on(t.providerId, t.id),
  // The retention sweep deletes the oldest rows.
  index('feed_created').on(t.createdAt),
  ownKey(t),
]);

// Items of a channel's webhook that could never be stored (a timestamp that is no date, a sender
// with no number...): answered 200 so the channel stops sending them, and kept here for the
// operator. `item` is the item as JSON text (escaped, so that nothing in it can be refused).
export const webhookRejections = pgTable('webhook_rejections', {
  id: id(),
  providerId: ref('provider_id').notNull().references(() => providers.id),
  channelId: text('channel_id').notNull(),
  kind: text().notNull(),
  itemId: text('item_id'),
  reason: text().notNull(),
  item: text().notNull(),
  createdAt: createdAt(),
}, (t) => [
  index('webhook_rejections_provider').on(t.providerId, t.id),
  index('webhook_rejections_created').on(t.createdAt),
  ownKey(t),
  sameProvider('webhook_rejections_channel_id_fk', t.providerId, t.channelId, channels),
]);

// Durable work on the same database, taken with FOR UPDATE SKIP LOCKED.
export const jobs = pgTable('jobs', {
  id: id(),
  providerId: ref('provider_id').notNull().references(() => providers.id),
  kind: text().notNull(),
  payload: jsonb().notNull(),
  runAt: timestamp('run_at', { withTimezone: true }).notNull().defaultNow(),
  attempts: integer().notNull().default(0),
  maxAttempts: integer('max_attempts').notNull().default(8),
  // A worker holds a job until then; past it (the worker died), another may take it.
  lockedUntil: timestamp('locked_until', { withTimezone: true }),
  lastError: text('last_error'),
  // Jobs with the same key run in the order they were queued (a conversation's replies), unless
  // an earlier one is waiting to be retried.
  orderingKey: text('ordering_key'),
  // A job that must exist once (a message's media download): queueing it again does nothing.
  dedupeKey: text('dedupe_key'),
  doneAt: timestamp('done_at', { withTimezone: true }),
  createdAt: createdAt(),
}, (t) => [
  index('jobs_due').on(t.runAt).where(sql`done_at IS NULL`),
  index('jobs_ordering').on(t.orderingKey, t.id).where(sql`done_at IS NULL AND ordering_key IS NOT NULL`),
  uniqueIndex('jobs_dedupe').on(t.providerId, t.dedupeKey),
  // The retention sweep deletes the oldest finished jobs.
  index('jobs_done').on(t.doneAt).where(sql`done_at IS NOT NULL`),
  ownKey(t),
]);
