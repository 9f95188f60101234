// The shapes the API answers with, defined once: the server validates its answers with them (and
// publishes them in /api/docs), the agent app and the widget take their types from them.
import { z } from 'zod';
import { ERROR_CODES } from './errors.js';
import { normalizePhone } from './phone.js';

export const Id = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER);

export const ErrorShape = z.object({
  error: z.object({ code: z.enum(ERROR_CODES), message: z.string(), details: z.record(z.string(), z.unknown()).optional() }),
});

export const RoleShape = z.enum(['administrador', 'supervisor', 'atendente']);
export const PresenceShape = z.enum(['online', 'pausa', 'offline']);
export const SituacaoShape = z.enum(['bot', 'fila', 'chat', 'finalizada']);

export const InstallationShape = z.object({ setupNeeded: z.boolean(), demo: z.boolean() });

export const MeShape = z.object({
  user: z.object({ id: z.number(), name: z.string(), email: z.string(), role: RoleShape, sectorIds: z.array(z.number()) }),
  providerId: z.number(),
  chatEnabled: z.boolean(),
  /** Logged in with a first password an administrator gave: the app asks for a new one before anything else. */
  mustChangePassword: z.boolean(),
  /** Online, pausa (with its reason) or offline: set by the agent, seen by supervisors. */
  presence: z.object({ status: PresenceShape, pauseReason: z.string().nullable() }),
});

const Ref = z.object({ id: z.number(), name: z.string() });

export const ConversationSummaryShape = z.object({
  id: z.number(),
  protocolo: z.string(),
  situacao: SituacaoShape,
  channel: z.object({ id: z.string(), kind: z.string(), name: z.string() }),
  contact: z.object({ id: z.number(), name: z.string(), phone: z.string().nullable(), blocked: z.boolean() }),
  sector: Ref.nullable(),
  responsavel: Ref.nullable(),
  motivo: Ref.nullable(),
  clientId: z.number().nullable(),
  /** The dot beside the name: a linked client's contracts, blocked if any is. */
  contractState: z.enum(['active', 'blocked', 'none']),
  tags: z.array(z.object({ id: z.number(), name: z.string(), color: z.string() })),
  lastMessageAt: z.string(),
  lastMessagePreview: z.string().nullable(),
  unreadCount: z.number(),
  startedAt: z.string(),
  queuedAt: z.string().nullable(),
  assumedAt: z.string().nullable(),
  closedAt: z.string().nullable(),
});

const TabCountShape = z.object({ total: z.number(), exact: z.boolean() });

export const ConversationListShape = z.object({
  items: z.array(ConversationSummaryShape),
  nextCursor: z.string().nullable(),
  counts: z.object({ fila: TabCountShape, meus: TabCountShape, abertos: TabCountShape, fechados: TabCountShape, bot: TabCountShape }),
});

export const FileShape = z.object({
  id: z.number(),
  filename: z.string(),
  mime: z.string(),
  size: z.number(),
  kind: z.enum(['image', 'video', 'audio', 'file']),
  url: z.string(),
  thumbnailUrl: z.string().nullable(),
});

/** A quoted message as a reply shows it: who wrote it, its kind, the start of its text. */
export const QuoteShape = z.object({
  messageId: z.number().nullable(),
  authorKind: z.enum(['contact', 'agent', 'bot', 'system']).nullable(),
  authorName: z.string().nullable(),
  type: z.string().nullable(),
  excerpt: z.string().nullable(),
});

export const MessageShape = z.object({
  id: z.number(),
  conversationId: z.number(),
  direction: z.enum(['in', 'out', 'internal']),
  authorKind: z.enum(['contact', 'agent', 'bot', 'system']),
  authorUserId: z.number().nullable(),
  type: z.enum(['text', 'image', 'video', 'audio', 'file', 'location', 'template', 'note']),
  body: z.string().nullable(),
  fileId: z.number().nullable(),
  file: FileShape.nullable(),
  status: z.enum(['pending', 'sent', 'delivered', 'read', 'failed']).nullable(),
  statusError: z.string().nullable(),
  /** The contact changed its text after sending it (WhatsApp's edit); `body` is the new one. */
  edited: z.boolean(),
  /** The contact took it back (WhatsApp's revoke); `body` is kept for the record, not to be shown. */
  deleted: z.boolean(),
  /** A contact's media that could not be downloaded: why (the message may ask to try again). */
  mediaError: z.string().nullable(),
  /** The message this one answers, as it was when answered; `messageId` null: the channel named one Prosa does not have. */
  quote: QuoteShape.nullable(),
  /** The contact's reaction to this message (an emoji), the newest one they left. */
  reaction: z.string().nullable(),
  /** A place the contact shared (type `location`). */
  location: z.object({ latitude: z.number(), longitude: z.number(), name: z.string().nullable(), address: z.string().nullable() }).nullable(),
  /** People the contact shared, each with their phones. */
  sharedContacts: z.array(z.object({ name: z.string(), phones: z.array(z.string()) })).nullable(),
  /** The click-to-WhatsApp ad (or post) the contact wrote from. */
  referral: z.object({
    headline: z.string().nullable(), body: z.string().nullable(), sourceUrl: z.string().nullable(), sourceType: z.string().nullable(),
  }).nullable(),
  createdAt: z.string(),
});

export const TimelineEventShape = z.object({
  id: z.number(),
  type: z.string(),
  data: z.unknown(),
  createdAt: z.string(),
  actorUserId: z.number().nullable(),
  actorName: z.string().nullable(),
});

export const MessagesPageShape = z.object({
  messages: z.array(MessageShape),
  events: z.array(TimelineEventShape),
  nextBefore: z.number().nullable(),
});

export const ContactShape = z.object({
  id: z.number(), name: z.string(), phone: z.string().nullable(), email: z.string().nullable(),
  clientId: z.number().nullable(), blocked: z.boolean(),
});

export const BlockedContactShape = ContactShape.extend({
  blockedMessageCount: z.number(), blockedAt: z.string().nullable(), reason: z.string().nullable(), blockedByName: z.string().nullable(),
});

export const BlockStateShape = z.object({ id: z.number(), blocked: z.boolean() });

// The catalogue the Chat screen's filters, pop-ups and composer read.
/** Ordered by `position`, then name; `members`: the active users in it (edited on the Atendentes screen). */
export const SectorShape = z.object({
  id: z.number(), name: z.string(), description: z.string().nullable(), position: z.number(),
  isDefault: z.boolean(), attends: z.boolean(), active: z.boolean(), members: z.array(Ref),
  /** Its Fila goes automatically to its online agents (fewest open conversations first). */
  autoAssign: z.boolean(),
});
export const UserShape = z.object({ id: z.number(), name: z.string(), email: z.string(), role: RoleShape, active: z.boolean(), sectorIds: z.array(z.number()) });
/** A user as the Atendentes screen shows them (administrators). */
export const TeamMemberShape = UserShape.extend({ maxConcurrent: z.number(), mustChangePassword: z.boolean() });
/** What an administrator sends to add a person, or (any part of it) to edit one. */
export const TeamMemberInput = z.object({
  name: z.string().trim().min(2, 'informe o nome').max(120),
  email: z.string().trim().max(200).email('e-mail inválido'),
  role: RoleShape,
  sectorIds: z.array(Id).max(50),
  maxConcurrent: z.number().int().min(1, 'pelo menos 1 conversa').max(50, 'no máximo 50 conversas'),
});
export const ChannelShape = z.object({ id: z.string(), kind: z.string(), name: z.string(), active: z.boolean() });
/** A channel as the Canais screen shows it (administrators): what is needed to connect it, never a secret. */
const ChannelBase = { id: z.string(), name: z.string(), active: z.boolean() };
export const ChannelSettingsShape = z.discriminatedUnion('kind', [
  z.object({
    ...ChannelBase, kind: z.literal('whatsapp'),
    phoneNumberId: z.string(), businessAccountId: z.string().nullable(), callbackUrl: z.string(), verifyToken: z.string(),
    accessTokenSet: z.boolean(), appSecretSet: z.boolean(),
    templates: z.array(z.object({ name: z.string(), language: z.string(), body: z.string(), params: z.number() })),
  }),
  z.object({ ...ChannelBase, kind: z.literal('telegram'), botUsername: z.string().nullable(), webhookUrl: z.string(), botTokenSet: z.boolean() }),
  z.object({ ...ChannelBase, kind: z.literal('webchat'), color: z.string(), greeting: z.string(), allowedOrigins: z.array(z.string()), script: z.string() }),
]);
const ChannelName = z.string().trim().min(2, 'informe o nome do canal').max(60);
const Color = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'cor no formato #rrggbb');
const Origin = z.string().trim().max(200).refine((value) => {
  try {
    const url = new URL(value);
    return ['http:', 'https:'].includes(url.protocol) && url.origin === value.replace(/\/+$/, '');
  } catch {
    return false;
  }
}, 'origem no formato https://www.provedor.com.br (sem caminho)');
const WhatsAppFields = {
  phoneNumberId: z.string().trim().regex(/^\d{5,30}$/, 'o Phone number ID tem só dígitos (WhatsApp Manager > API Setup)'),
  businessAccountId: z.string().trim().regex(/^\d{5,30}$/, 'o ID da conta do WhatsApp Business tem só dígitos (WhatsApp Manager > API Setup)').optional(),
  accessToken: z.string().trim().min(10, 'token de acesso curto demais').max(1000),
  appSecret: z.string().trim().regex(/^[0-9a-fA-F]{16,64}$/, 'a chave secreta do app tem de 16 a 64 dígitos hexadecimais'),
};
const TelegramFields = { botToken: z.string().trim().regex(/^\d{3,20}:[A-Za-z0-9_-]{20,60}$/, 'não parece um token do BotFather (123456789:AAE...)') };
const WebchatFields = { color: Color, greeting: z.string().trim().min(1).max(300), allowedOrigins: z.array(Origin).max(20) };
/** A new channel, as the Canais screen sends it. */
export const NewChannelInput = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('whatsapp'), name: ChannelName, ...WhatsAppFields }),
  z.object({ kind: z.literal('telegram'), name: ChannelName, ...TelegramFields }),
  z.object({ kind: z.literal('webchat'), name: ChannelName, ...WebchatFields }),
]);
/** Any part of a channel to change; secrets left out stay as they are. */
export const ChannelChanges = z.object({
  name: ChannelName.optional(), active: z.boolean().optional(),
  phoneNumberId: WhatsAppFields.phoneNumberId.optional(), businessAccountId: WhatsAppFields.businessAccountId, accessToken: WhatsAppFields.accessToken.optional(), appSecret: WhatsAppFields.appSecret.optional(),
  botToken: TelegramFields.botToken.optional(),
  color: WebchatFields.color.optional(), greeting: WebchatFields.greeting.optional(), allowedOrigins: WebchatFields.allowedOrigins.optional(),
});
export const ChannelTestShape = z.object({ ok: z.literal(true), summary: z.string() });
/** "Buscar modelos aprovados": what the WhatsApp Business Account has that the desk can send, and what it left out and why. */
export const TemplateSyncShape = z.object({
  templates: z.array(z.object({ name: z.string(), language: z.string(), body: z.string(), params: z.number() })),
  skipped: z.array(z.object({ name: z.string(), language: z.string(), reason: z.string() })),
});
export const TagShape = z.object({ id: z.number(), name: z.string(), color: z.string(), description: z.string().nullable(), active: z.boolean() });
/** The Etiquetas screen's row: the tag and how many conversations carry it. */
export const TagOverviewShape = TagShape.extend({ conversationCount: z.number() });
/** `sectorIds` empty: the motivo applies to every sector. */
export const MotivoShape = z.object({
  id: z.number(), name: z.string(), description: z.string().nullable(), sectorIds: z.array(z.number()), active: z.boolean(),
});

// What an administrator sends to create or edit an etiqueta or a motivo.
const CatalogName = (max: number) => z.string().trim().min(1).max(max);
const Description = z.string().trim().max(500).transform((v) => (v === '' ? null : v)).nullable();
export const ColorShape = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'cor no formato #rrggbb');
export const NewTagShape = z.object({ name: CatalogName(60), color: ColorShape.optional(), description: Description.optional() });
export const TagChangesShape = { name: CatalogName(60).optional(), color: ColorShape.optional(), description: Description.optional(), active: z.boolean().optional() };
const SectorIds = z.array(Id).max(100);
export const NewMotivoShape = z.object({ name: CatalogName(80), description: Description.optional(), sectorIds: SectorIds.optional() });
export const MotivoChangesShape = { name: CatalogName(80).optional(), description: Description.optional(), sectorIds: SectorIds.optional(), active: z.boolean().optional() };
const Position = z.number().int().min(0).max(9999);
/** `isDefault: true` makes it the one sector new conversations fall into (the previous default stops being it). */
export const NewSectorShape = z.object({
  name: CatalogName(60), description: Description.optional(), position: Position.optional(), attends: z.boolean().optional(), isDefault: z.boolean().optional(),
  autoAssign: z.boolean().optional(),
});
export const SectorChangesShape = {
  name: CatalogName(60).optional(), description: Description.optional(), position: Position.optional(), attends: z.boolean().optional(),
  isDefault: z.boolean().optional(), active: z.boolean().optional(), autoAssign: z.boolean().optional(),
};
/** For everyone (no sector), for one sector's agents, or `personal`: its owner's alone. */
// `file`: an optional attachment, sent with the filled-in text as its caption.
export const QuickReplyShape = z.object({
  id: z.number(), shortcut: z.string(), title: z.string(), body: z.string(), sectorId: z.number().nullable(), personal: z.boolean(), active: z.boolean(),
  file: FileShape.nullable(),
});
/** A quick reply filled in for one conversation, for the composer. */
export const RenderedQuickReplyShape = z.object({ body: z.string(), file: FileShape.nullable() });
const Shortcut = z.string().trim().min(1).max(40).regex(/^\/?[\w-]+$/, 'atalho: letras, números, - e _');
const QuickReplyBody = z.string().trim().min(1).max(4096);
export const NewQuickReplyShape = z.object({
  shortcut: Shortcut, title: CatalogName(80), body: QuickReplyBody, sectorId: Id.nullable().optional(), personal: z.boolean().optional(),
  fileId: Id.nullable().optional(),
});
export const QuickReplyChangesShape = {
  shortcut: Shortcut.optional(), title: CatalogName(80).optional(), body: QuickReplyBody.optional(),
  sectorId: Id.nullable().optional(), personal: z.boolean().optional(), active: z.boolean().optional(),
  /** null takes the attachment off. */
  fileId: Id.nullable().optional(),
};
// The provider's side (server/isp): what the ERP knows of a subscriber. `ref` is the ERP's own id;
// `id` the desk's row (the built-in ERP's record, or the external ERP's client as last read).
export const ContractStatusShape = z.enum(['ativo', 'bloqueado_manual', 'bloqueado_atraso', 'suspenso', 'cancelado', 'aguardando_instalacao']);

export const ClientRefShape = z.object({
  ref: z.string(), name: z.string(), document: z.string().nullable(), phones: z.array(z.string()),
  email: z.string().nullable(), address: z.string().nullable(),
});

export const ContractShape = z.object({
  id: z.number(), ref: z.string(), plan: z.string(), status: ContractStatusShape,
  downloadMbps: z.number().nullable(), uploadMbps: z.number().nullable(), monthlyPriceCents: z.number().nullable(),
  address: z.string().nullable(), dueDay: z.number().nullable(), pppoeLogin: z.string().nullable(),
  lastTrustUnlockAt: z.string().nullable(), trustUnlockUntil: z.string().nullable(),
});

export const ChargeShape = z.object({
  ref: z.string(), contractRef: z.string().nullable(), amountCents: z.number(), amountDueTodayCents: z.number(),
  dueDate: z.string(), status: z.enum(['aberto', 'pago', 'vencido', 'cancelado']), nossoNumero: z.string(), bankCode: z.string(),
});

export const NotaShape = z.object({
  ref: z.string(), number: z.string(), series: z.string(), model: z.string(), issuedAt: z.string(),
  amountCents: z.number(), accessKey: z.string(),
});

export const ServiceOrderShape = z.object({
  ref: z.string(), protocolo: z.string(), type: z.string(), subject: z.string(), description: z.string(),
  status: z.enum(['aberta', 'agendada', 'em_execucao', 'finalizada']), createdAt: z.string(),
});

/** Contratos: the linked client, its contracts and the charges still to be paid, read from the ERP now. */
export const ClientAccountShape = z.object({
  erp: z.enum(['builtin', 'ixc']),
  client: ClientRefShape.extend({ id: z.number() }),
  contracts: z.array(ContractShape),
  charges: z.array(ChargeShape),
});

export const BonusShape = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('desbloqueio_confianca') }),
  z.object({ kind: z.literal('desconto'), valueCents: z.number().int().min(1).max(10_000_000).optional(), percent: z.number().int().min(1).max(100).optional() })
    .refine((b) => (b.valueCents === undefined) !== (b.percent === undefined), 'informe valueCents ou percent (um dos dois)'),
  z.object({ kind: z.literal('dias_extras'), days: z.number().int().min(1).max(60) }),
]);

export const ConversationDetailShape = ConversationSummaryShape.extend({
  contactDetails: ContactShape.extend({ createdAt: z.string() }),
  client: ClientRefShape.extend({ id: z.number(), contracts: z.array(ContractShape) }).nullable(),
});

export const SearchResultShape = z.object({
  q: z.string(),
  total: z.number(),
  matches: z.array(z.object({
    messageId: z.number(), conversationId: z.number(), protocolo: z.string(), direction: z.string(),
    authorKind: z.string(), createdAt: z.string(), snippet: z.string(), inThisConversation: z.boolean(),
  })),
});

/** Buscar em todas as conversas: a page of the provider's messages that match, newest first. */
export const ProviderSearchShape = z.object({
  matches: z.array(z.object({
    messageId: z.number(), conversationId: z.number(), protocolo: z.string(), situacao: SituacaoShape,
    contact: z.object({ id: z.number(), name: z.string() }),
    direction: z.string(), authorKind: z.string(), createdAt: z.string(), snippet: z.string(),
  })),
  /** The next (older) page: pass it as `before`; null on the last page. */
  nextBefore: z.number().nullable(),
});

/** WhatsApp's 24-hour window for a contact, and the approved templates that may go outside it. */
export const TemplatesShape = z.object({
  windowOpen: z.boolean(),
  windowClosesAt: z.string().nullable(),
  templates: z.array(z.object({ name: z.string(), language: z.string(), body: z.string(), params: z.number() })),
});

/**
 * A phone number as a person types it ("(11) 98765-4321", "+351 912 345 678"), stored as E.164
 * digits without the plus (api/phone.ts says how it is read).
 */
export const PhoneShape = z
  .string()
  .max(40, 'telefone inválido: longo demais')
  .refine((typed) => normalizePhone(typed) !== null, 'telefone inválido: informe DDD e número, ex. (11) 98765-4321 (de outro país, com + e o código dele)')
  .transform((typed) => normalizePhone(typed)!);

/** A body every field of which is optional may be left out entirely. */
export const optionalBody = <T extends z.ZodTypeAny>(shape: T) => z.preprocess((value) => value ?? {}, shape);

/** A PATCH body: every field optional, but at least one given (an empty edit is a client's mistake). */
export const patchBody = <T extends z.ZodRawShape>(shape: T) =>
  z.object(shape).refine((b) => Object.values(b).some((v) => v !== undefined), 'informe ao menos um campo para alterar');

// Configurações do chat: what Prosa says by itself (on opening, on closing, out of hours) and when the
// desk is open, in São Paulo time. Stored as one JSON per provider; a field left out takes its default.
const HourMinute = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'horário no formato HH:MM');
const Interval = z.object({ start: HourMinute, end: HourMinute })
  .refine((i) => i.start < i.end, 'o fim de um intervalo vem depois do início');
/** A weekday: closed (no interval), or one or two intervals in order that do not overlap. */
const DayHours = z.array(Interval).max(2)
  .refine((day) => day.length < 2 || day[0].end <= day[1].start, 'o segundo intervalo começa depois do fim do primeiro');
const AutomaticText = z.string().trim().max(4096);
export const ChatSettingsShape = z.object({
  /** Sent when a conversation opens; Anatel requires the protocolo be told. */
  greeting: AutomaticText.default('Olá! O protocolo do seu atendimento é {{protocolo}}.'),
  /** Sent when a conversation is closed; empty: nothing is sent. */
  closingMessage: AutomaticText.default('Seu atendimento foi encerrado. Obrigado pelo contato!'),
  /** Sent to a subscriber who writes while the desk is closed, once per closed period. */
  outOfHoursMessage: AutomaticText.default('Olá! No momento estamos fora do horário de atendimento. Sua mensagem foi recebida e responderemos assim que possível.'),
  /** Seven days, Sunday first (index 0, as Date#getDay); null: no hours set, the desk is always open. */
  hours: z.array(DayHours).length(7).nullable().default(null),
  /** Days closed all day. */
  holidays: z.array(z.object({ date: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, 'data no formato AAAA-MM-DD'), name: CatalogName(80) }))
    .max(200).default([]),
});
/** The screen's view: the settings, and whether the paid chat module is on (read-only: support switches it). */
export const ChatSettingsViewShape = ChatSettingsShape.extend({ chatEnabled: z.boolean() });
