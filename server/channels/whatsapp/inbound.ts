// What Meta's webhook carries, read into Prosa's terms: a contact's message becomes an
// InboundMessage (its media, if any, is fetched later by a job), a status becomes a StatusUpdate.
// Formats: Meta's "messages" webhook reference (entry[].changes[].value, field "messages").
import { z } from 'zod';
import { normalizePhone } from '../../../api/phone.js';
import type { InboundMessage } from '../../desk/receive-message.js';
import type { StatusUpdate } from '../../desk/update-message-status.js';

// Seconds since 1970; anything else (a word, a year past JavaScript's dates) makes the item unreadable.
const Timestamp = z.union([z.string(), z.number()])
  .transform((v) => new Date(Number(v) * 1000))
  .refine((date) => !Number.isNaN(date.getTime()), 'timestamp inválido');

/** An item of a webhook that cannot be stored as it is: the webhook logs it for the operator and goes on. */
export class RefusedItem extends Error {
  constructor(reason: string, readonly itemId: string | null) {
    super(reason);
    this.name = 'RefusedItem';
  }
}

const idOf = (raw: unknown) => {
  const id = (raw as { id?: unknown } | null)?.id;
  return typeof id === 'string' ? id.slice(0, 200) : null;
};
const firstIssue = (error: z.ZodError) => `${error.issues[0].path.join('.') || 'item'}: ${error.issues[0].message}`;

const Media = z.object({
  id: z.string().min(1),
  mime_type: z.string().optional(),
  sha256: z.string().optional(),
  caption: z.string().optional(),
  filename: z.string().optional(),
  voice: z.boolean().optional(),
  animated: z.boolean().optional(),
});
export type WhatsAppMedia = z.infer<typeof Media>;

const Location = z.object({
  latitude: z.coerce.number(),
  longitude: z.coerce.number(),
  name: z.string().optional(),
  address: z.string().optional(),
  url: z.string().optional(),
});

const SharedContact = z.object({
  name: z.object({ formatted_name: z.string().optional(), first_name: z.string().optional(), last_name: z.string().optional() }).partial().optional(),
  phones: z.array(z.object({ phone: z.string().optional(), wa_id: z.string().optional(), type: z.string().optional() })).optional(),
  emails: z.array(z.object({ email: z.string().optional() })).optional(),
  org: z.object({ company: z.string().optional() }).optional(),
}).passthrough();

/** The click-to-WhatsApp ad (or Facebook/Instagram post) a message came from: Meta's `referral`. */
const Referral = z.object({
  headline: z.string().optional(),
  body: z.string().optional(),
  source_url: z.string().optional(),
  source_type: z.string().optional(),
}).passthrough();

const Interactive = z.object({
  type: z.string(),
  button_reply: z.object({ id: z.string(), title: z.string() }).optional(),
  list_reply: z.object({ id: z.string(), title: z.string(), description: z.string().optional() }).optional(),
});

const Message = z.object({
  from: z.string().min(1).optional(),
  from_user_id: z.string().min(1).optional(),
  id: z.string().min(1),
  timestamp: Timestamp,
  type: z.string(),
  context: z.object({ id: z.string().optional() }).passthrough().optional(),
}).passthrough();
export type WhatsAppMessage = z.infer<typeof Message>;

const Status = z.object({
  id: z.string().min(1),
  status: z.string(),
  timestamp: Timestamp,
  recipient_id: z.string().optional(),
  errors: z.array(z.object({ code: z.number().optional(), title: z.string().optional(), message: z.string().optional() }).passthrough()).optional(),
}).passthrough();

// Who wrote, as the change's contacts[] says; read one by one, so one odd entry spoils none of the messages.
// A user with a WhatsApp username may come with their business-scoped user id (user_id) alone, no wa_id.
const Profile = z.object({
  wa_id: z.string().optional(),
  user_id: z.string().optional(),
  profile: z.object({ name: z.string().optional(), username: z.string().optional() }).passthrough().optional(),
}).passthrough();
type Profile = z.infer<typeof Profile>;

const Value = z.object({
  messaging_product: z.string().optional(),
  metadata: z.object({ display_phone_number: z.string().optional(), phone_number_id: z.string() }),
  contacts: z.array(z.unknown()).optional(),
  messages: z.array(z.unknown()).optional(),
  statuses: z.array(z.unknown()).optional(),
}).passthrough();
export type ChangeValue = z.infer<typeof Value>;

export const WebhookPayload = z.object({
  object: z.string(),
  entry: z.array(z.object({
    id: z.string().optional(),
    changes: z.array(z.object({ field: z.string(), value: z.unknown() })),
  })),
});

export type MessageChange = { value: ChangeValue } | { refused: RefusedItem; raw: unknown };

/**
 * The "messages" changes of a payload, each with the number it concerns; one that does not say
 * which number it is for comes back refused, for the operator to see.
 */
export function messageChanges(payload: z.infer<typeof WebhookPayload>): MessageChange[] {
  if (payload.object !== 'whatsapp_business_account') return [];
  return payload.entry.flatMap((entry) => entry.changes)
    .filter((change) => change.field === 'messages')
    .map((change) => {
      const value = Value.safeParse(change.value);
      if (value.success) return { value: value.data };
      return { refused: new RefusedItem(`alteração ilegível — ${firstIssue(value.error)}`, null), raw: change.value };
    });
}

const profilesOf = (value: ChangeValue): Profile[] =>
  (value.contacts ?? []).flatMap((raw) => {
    const profile = Profile.safeParse(raw);
    return profile.success ? [profile.data] : [];
  });

export interface ReadMessage {
  inbound: InboundMessage;
  /** Media to fetch after the message is stored, with WhatsApp's name for its kind (image, voice, sticker...). */
  media: (WhatsAppMedia & { kind: string }) | null;
}

/**
 * A contact's message as Prosa stores it; `null` only for what is not a message (a removed reaction).
 * Throws RefusedItem for an item that cannot be read.
 */
export function readMessage(channelId: string, value: ChangeValue, raw: unknown): ReadMessage | null {
  const parsed = Message.safeParse(raw);
  if (!parsed.success) throw new RefusedItem(`mensagem ilegível — ${firstIssue(parsed.error)}`, idOf(raw));
  const message = parsed.data;
  const profiles = profilesOf(value);
  const profile = profiles.find((c) => (message.from && c.wa_id === message.from) || (message.from_user_id && c.user_id === message.from_user_id))
    ?? (profiles.length === 1 ? profiles[0] : undefined);
  const waId = profile?.wa_id ?? message.from;
  const userId = message.from_user_id ?? profile?.user_id;
  const bsuid = userId && isBusinessScopedUserId(userId) ? userId : undefined;
  // Without digits every such sender would merge into one contact with an empty phone.
  const number = waId && phoneOf(waId) !== '' ? waId : undefined;
  if (!number && !bsuid) {
    throw new RefusedItem(waId ? `wa_id sem dígitos: "${waId.slice(0, 40)}"` : 'remetente sem número nem user_id', message.id);
  }
  // The number when there is one (Meta would rather we write to it); the user id alone otherwise.
  const externalId = number ?? bsuid!;
  const base = {
    channelId,
    externalId,
    otherExternalIds: number && bsuid ? [bsuid] : [],
    contactName: profile?.profile?.name?.trim() || profile?.profile?.username?.trim() || externalId,
    phone: number ? phoneOf(number) : null,
    providerMessageId: message.id,
    sentAt: message.timestamp,
  };
  const content = readContent(message);
  if (!content) return null;
  const referral = Referral.safeParse((message as Record<string, unknown>).referral);
  const ad = referral.success && (referral.data.headline || referral.data.body || referral.data.source_url)
    ? {
        referral: {
          headline: referral.data.headline ?? null,
          body: referral.data.body ?? null,
          sourceUrl: referral.data.source_url ?? null,
          sourceType: referral.data.source_type ?? null,
        },
      }
    : null;
  const meta = content.meta || ad ? { ...content.meta, ...ad } : null;
  const media = content.media ? { ...content.media, kind: message.type } : null;
  // A reply names the message it answers (context.id); a forwarded message has a context without one.
  return { inbound: { ...base, type: content.type, body: content.body, meta, replyTo: message.context?.id ?? null }, media };
}

/** What changes a message already stored, or the contact it came from, instead of adding one. */
export type Revision =
  | { kind: 'edit'; originalId: string; body: string | null }
  | { kind: 'revoke'; originalId: string }
  /** `emoji` null: the contact took their reaction back. */
  | { kind: 'reaction'; targetId: string; emoji: string | null }
  | { kind: 'number-change'; from: string; to: string; messageId: string; body: string | null; sentAt: Date; userId: UserIdChange | null }
  | ({ kind: 'user-id-change' } & UserIdChange);

/** A contact's business-scoped user id replaced by another (Meta regenerates it, e.g. with a new number). */
export interface UserIdChange { from: string; to: string }

const Edit = z.object({ original_message_id: z.string().min(1), message: z.object({ type: z.string() }).passthrough() });
const Revoke = z.object({ original_message_id: z.string().min(1) });
const NumberChange = z.object({ type: z.enum(['user_changed_number', 'customer_changed_number']), wa_id: z.string().min(1), body: z.string().optional() });
// Meta's changelog (Aug 11, 2026): both system types carry the new user_id and the previous_user_id.
const UserIds = z.object({ user_id: z.string().optional(), previous_user_id: z.string().optional() });

/**
 * An edit, a message taken back, or a contact's new number (Meta's edit, revoke and system
 * webhooks); `null` for anything else, which readMessage reads. Throws RefusedItem when it is one
 * of these but cannot be read.
 */
export function readRevision(raw: unknown): Revision | null {
  const type = (raw as { type?: unknown } | null)?.type;
  if (type !== 'edit' && type !== 'revoke' && type !== 'system' && type !== 'reaction') return null;
  const parsed = Message.safeParse(raw);
  if (!parsed.success) throw new RefusedItem(`mensagem ilegível — ${firstIssue(parsed.error)}`, idOf(raw));
  const message = parsed.data as WhatsAppMessage & Record<string, unknown>;
  if (type === 'edit') {
    const edit = Edit.safeParse(message.edit);
    if (!edit.success) throw new RefusedItem(`edição ilegível — ${firstIssue(edit.error)}`, message.id);
    const content = readContent(edit.data.message as WhatsAppMessage);
    return { kind: 'edit', originalId: edit.data.original_message_id, body: content?.body ?? null };
  }
  if (type === 'revoke') {
    const revoke = Revoke.safeParse(message.revoke);
    if (!revoke.success) throw new RefusedItem(`remoção ilegível — ${firstIssue(revoke.error)}`, message.id);
    return { kind: 'revoke', originalId: revoke.data.original_message_id };
  }
  if (type === 'reaction') {
    // One without the message it reacts to is read as a message (readMessage), and shown as such.
    const reaction = z.object({ message_id: z.string().min(1), emoji: z.string().optional() }).safeParse(message.reaction);
    if (!reaction.success) return null;
    return { kind: 'reaction', targetId: reaction.data.message_id, emoji: reaction.data.emoji || null };
  }
  const ids = UserIds.safeParse(message.system);
  const previous = ids.success ? ids.data.previous_user_id ?? message.from_user_id : undefined;
  const userId = ids.success && previous && ids.data.user_id && previous !== ids.data.user_id
    && isBusinessScopedUserId(previous) && isBusinessScopedUserId(ids.data.user_id)
    ? { from: previous, to: ids.data.user_id }
    : null;
  if ((message.system as { type?: unknown } | undefined)?.type === 'user_changed_user_id') {
    if (!userId) throw new RefusedItem('troca de user_id sem o anterior e o novo', message.id);
    return { kind: 'user-id-change', ...userId };
  }
  // Other system messages are shown as what Prosa cannot read.
  const change = NumberChange.safeParse(message.system);
  if (!change.success || !message.from) return null;
  if (phoneOf(change.data.wa_id) === '') throw new RefusedItem(`novo wa_id sem dígitos: "${change.data.wa_id.slice(0, 40)}"`, message.id);
  return { kind: 'number-change', from: message.from, to: change.data.wa_id, messageId: message.id, body: change.data.body ?? null, sentAt: message.timestamp, userId };
}

interface Content {
  type: InboundMessage['type'];
  body: string | null;
  meta?: Record<string, unknown>;
  media?: WhatsAppMedia;
}

function readContent(message: WhatsAppMessage): Content | null {
  const part = (message as Record<string, unknown>)[message.type];
  const unsupported = (): Content => {
    const inner = (message as { unsupported?: { type?: unknown } }).unsupported?.type;
    const kind = message.type === 'unsupported' && typeof inner === 'string' ? inner : message.type;
    return { type: 'text', body: `[mensagem não suportada: ${kind}]`, meta: { unsupported: kind } };
  };

  switch (message.type) {
    case 'text': {
      const text = z.object({ body: z.string() }).safeParse(part);
      return text.success ? { type: 'text', body: text.data.body } : unsupported();
    }
    case 'image':
    case 'video':
    case 'document':
    case 'audio':
    case 'voice':
    case 'sticker': {
      const media = Media.safeParse(part);
      if (!media.success) return unsupported();
      const type = ({ image: 'image', video: 'video', document: 'file', audio: 'audio', voice: 'audio', sticker: 'image' } as const)[message.type];
      const meta: Record<string, unknown> = { mediaId: media.data.id };
      if (message.type === 'sticker') meta.sticker = true;
      if (message.type === 'voice' || media.data.voice) meta.voice = true;
      return { type, body: media.data.caption?.trim() || null, meta, media: media.data };
    }
    case 'location': {
      const location = Location.safeParse(part);
      if (!location.success) return unsupported();
      const { latitude, longitude, name, address } = location.data;
      if (!Number.isFinite(latitude) || !Number.isFinite(longitude)) return unsupported();
      const place = [name, address].filter((s) => s && s.trim()).join(', ');
      return {
        type: 'location',
        body: `📍 ${place ? `${place} ` : ''}(${latitude}, ${longitude})`,
        meta: { location: { latitude, longitude, name: name?.trim() || null, address: address?.trim() || null } },
      };
    }
    case 'contacts': {
      const shared = z.array(SharedContact).safeParse(part);
      if (!shared.success || shared.data.length === 0) return unsupported();
      const people = shared.data.map((c) => ({
        name: c.name?.formatted_name || [c.name?.first_name, c.name?.last_name].filter(Boolean).join(' ') || 'Contato',
        phones: (c.phones ?? []).map((p) => p.phone ?? p.wa_id).filter((p): p is string => !!p),
      }));
      const lines = people.map(({ name, phones }) => `👤 ${name}${phones.length ? ` — ${phones.join(', ')}` : ''}`);
      return { type: 'text', body: lines.join('\n'), meta: { sharedContacts: people } };
    }
    case 'interactive': {
      const interactive = Interactive.safeParse(part);
      const reply = interactive.success ? interactive.data.button_reply ?? interactive.data.list_reply : undefined;
      if (!interactive.success || !reply) return unsupported();
      return { type: 'text', body: reply.title, meta: { interactive: interactive.data.type, replyId: reply.id, title: reply.title } };
    }
    case 'button': {
      const button = z.object({ text: z.string(), payload: z.string().optional() }).safeParse(part);
      if (!button.success) return unsupported();
      return { type: 'text', body: button.data.text, meta: { button: button.data.payload ?? button.data.text } };
    }
    case 'reaction': {
      const reaction = z.object({ emoji: z.string().optional(), message_id: z.string().optional() }).safeParse(part);
      if (!reaction.success) return unsupported();
      // A reaction to a message Prosa has goes on it (readRevision); to one it does not, it is a line of its own.
      // An empty emoji takes a reaction back: nothing to show.
      if (!reaction.data.emoji) return null;
      return { type: 'text', body: `Reagiu com ${reaction.data.emoji}`, meta: { reaction: reaction.data.emoji, reactionTo: reaction.data.message_id ?? null } };
    }
    default:
      return unsupported();
  }
}

/** A status Meta reports for a message we sent; `null` for the ones Prosa does not track (deleted, warning). */
export function readStatus(channelId: string, raw: unknown): StatusUpdate | null {
  const parsed = Status.safeParse(raw);
  if (!parsed.success) throw new RefusedItem(`status ilegível — ${firstIssue(parsed.error)}`, idOf(raw));
  const { id, status, timestamp, errors } = parsed.data;
  if (status !== 'sent' && status !== 'delivered' && status !== 'read' && status !== 'failed') return null;
  const error = errors?.[0];
  return {
    channelId,
    providerMessageId: id,
    status,
    at: timestamp,
    error: status === 'failed' ? (error ? `(#${error.code ?? '?'}) ${error.title ?? error.message ?? 'Falha na entrega'}` : 'Falha na entrega.') : null,
  };
}

/**
 * A business-scoped user id (BSUID): a country's two letters, a period, then letters and digits
 * (a parent id has ENT between them), e.g. BR.1502576394655843. A wa_id is digits only.
 */
export function isBusinessScopedUserId(id: string): boolean {
  return /^[A-Z]{2}\.(ENT\.)?[A-Za-z0-9]{1,128}$/.test(id);
}

/** The contact's phone as Prosa stores it (api/phone.ts: E.164 digits, Brazilian mobiles with their ninth digit). */
export function phoneOf(waId: string): string {
  return normalizePhone(`+${waId}`) ?? waId.replace(/\D/g, '');
}
