// A channel's reply window (WhatsApp's customer-service window): where the channel declares one, a
// business may write freely to a contact only within so many hours of the contact's last message
// there; outside it, only an approved template may go. The templates a channel may send live in its
// config (channels.config.templates). Which channel has what is its capabilities record.
import { and, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { selectRows, type Executor } from '../db/connection.js';
import { channels, conversations } from '../db/schema.js';
import { capabilitiesOf } from '../channels/capabilities.js';
import { AppError, notFound } from '../errors.js';
import { canSee, ofProvider, type AgentScope } from '../tenancy/scope.js';

export const TemplateConfig = z.object({
  /** The template's name as approved in WhatsApp Manager. */
  name: z.string().min(1).max(512),
  /** Its language code there (pt_BR). */
  language: z.string().min(2).max(15),
  /** The approved body text, with {{1}}, {{2}}... where the parameters go. */
  body: z.string().min(1).max(1024),
  params: z.number().int().min(0).max(20).default(0),
});
export type Template = z.infer<typeof TemplateConfig>;

type ChannelRow = typeof channels.$inferSelect;

/** The channel's templates; a malformed entry is left out rather than breaking the composer. */
export function templatesOf(channel: Pick<ChannelRow, 'kind' | 'config'>): Template[] {
  if (!capabilitiesOf(channel).templates) return [];
  const list = (channel.config as { templates?: unknown } | null)?.templates;
  if (!Array.isArray(list)) return [];
  return list.flatMap((entry) => {
    const parsed = TemplateConfig.safeParse(entry);
    return parsed.success ? [parsed.data] : [];
  });
}

export interface WindowState {
  /** false on channels without a window (Telegram, web-chat): they may always write. */
  applies: boolean;
  open: boolean;
  closesAt: Date | null;
}

/** The window a contact opened on a channel: so many hours from their last message there. */
export async function windowOf(db: Executor, channel: Pick<ChannelRow, 'id' | 'kind'>, contactId: number): Promise<WindowState> {
  const hours = capabilitiesOf(channel).replyWindowHours;
  if (hours === null) return { applies: false, open: true, closesAt: null };
  const [row] = await selectRows<{ closes_at: string | Date | null; open: boolean | null }>(db, sql`
    SELECT max(last_inbound_at) + make_interval(hours => ${hours}) AS closes_at,
           max(last_inbound_at) + make_interval(hours => ${hours}) > now() AS open
      FROM contact_identities
     WHERE channel_id = ${channel.id} AND contact_id = ${contactId}`);
  const closesAt = row?.closes_at ? new Date(row.closes_at) : null;
  return { applies: true, open: row?.open === true, closesAt };
}

/** Free text, quick replies and attachments need the window open. */
export function requireWindowOpen(window: WindowState): void {
  if (window.open) return;
  throw new AppError(
    'whatsapp_window_closed',
    'Fora da janela de 24 horas do WhatsApp: o contato não escreve há mais de 24 horas. Envie um modelo aprovado.',
    { closedAt: window.closesAt?.toISOString() ?? null },
  );
}

export interface TemplateMessage {
  body: string;
  meta: { name: string; language: string; params: string[] };
}

/** A template of the channel with its parameters filled in, as it will read on the contact's phone. */
export function fillTemplate(channel: Pick<ChannelRow, 'kind' | 'config'>, name: string, params: string[]): TemplateMessage {
  if (!capabilitiesOf(channel).templates) {
    throw new AppError('validation_failed', 'Modelos de mensagem só existem no WhatsApp.');
  }
  const template = templatesOf(channel).find((t) => t.name === name);
  if (!template) throw new AppError('validation_failed', `O modelo "${name}" não está cadastrado neste canal.`);
  const values = params.map((p) => p.trim());
  if (values.length !== template.params) {
    throw new AppError('validation_failed', `O modelo "${name}" pede ${template.params} parâmetro(s); vieram ${values.length}.`);
  }
  values.forEach((value, i) => {
    // Meta refuses empty parameters, line breaks, tabs and more than four spaces in a row.
    if (value === '' || /[\n\r\t]/.test(value) || / {5,}/.test(value) || value.length > 1024) {
      throw new AppError('validation_failed', `O parâmetro {{${i + 1}}} do modelo está vazio ou tem quebras de linha.`);
    }
  });
  const body = template.body.replace(/\{\{(\d+)\}\}/g, (all, n: string) => values[Number(n) - 1] ?? all);
  return { body, meta: { name: template.name, language: template.language, params: values } };
}

const view = (window: WindowState, templates: Template[]) => ({
  windowOpen: window.open,
  windowClosesAt: window.closesAt?.toISOString() ?? null,
  templates,
});

/** What the composer may send in a conversation: free text while the window is open, or a template. */
export async function conversationTemplates(scope: AgentScope, { conversationId }: { conversationId: number }) {
  const [row] = await scope.db
    .select({ conversation: conversations, channel: channels })
    .from(conversations)
    .innerJoin(channels, eq(channels.id, conversations.channelId))
    .where(and(ofProvider(scope, conversations.providerId), eq(conversations.id, conversationId)));
  if (!row || !canSee(scope.actor, row.conversation)) throw notFound('Conversa');
  return view(await windowOf(scope.db, row.channel, row.conversation.contactId), templatesOf(row.channel));
}

/** The same for "+" Nova conversa: a channel and, when already known, the contact. */
export async function channelTemplates(scope: AgentScope, { channelId, contactId }: { channelId: string; contactId?: number }) {
  const [channel] = await scope.db
    .select()
    .from(channels)
    .where(and(ofProvider(scope, channels.providerId), eq(channels.id, channelId)));
  if (!channel) throw notFound('Canal');
  // A contact of another provider has no identity on this channel: the window reads closed.
  const hasWindow = capabilitiesOf(channel).replyWindowHours !== null;
  const window = contactId === undefined
    ? { applies: hasWindow, open: !hasWindow, closesAt: null }
    : await windowOf(scope.db, channel, contactId);
  return view(window, templatesOf(channel));
}
