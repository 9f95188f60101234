// What Telegram posts to the webhook (an Update) and what Prosa makes of it. Only the fields read
// here are checked; Telegram adds fields over time and older payloads lack some (file_unique_id).
// A button of a bot's question pressed (a callback_query) is the subscriber's answer: a text with
// the button's own text and meta.replyId, its callback_data.
import { z } from 'zod';
import { normalizePhone } from '../../../api/phone.js';
import type { InboundMessage } from '../../desk/receive-message.js';

const User = z.object({
  id: z.number().int(),
  first_name: z.string().optional(),
  last_name: z.string().optional(),
  username: z.string().optional(),
});

const Chat = z.object({
  id: z.number().int(),
  type: z.string(),
  first_name: z.string().optional(),
  last_name: z.string().optional(),
  username: z.string().optional(),
});

const FileRef = z.object({ file_id: z.string().min(1), file_size: z.number().optional() });
const PhotoSize = FileRef.extend({ width: z.number(), height: z.number() });
const Media = FileRef.extend({ file_name: z.string().optional(), mime_type: z.string().optional() });
const Sticker = FileRef.extend({
  is_animated: z.boolean().optional(),
  is_video: z.boolean().optional(),
  emoji: z.string().optional(),
  thumbnail: PhotoSize.optional(),
  thumb: PhotoSize.optional(), // the name before Bot API 6.6
});
const Location = z.object({ latitude: z.number(), longitude: z.number() });
const InlineKeyboard = z.object({
  inline_keyboard: z.array(z.array(z.object({ text: z.string(), callback_data: z.string().optional() }))),
});

const Message = z.object({
  message_id: z.number().int(),
  from: User.optional(),
  chat: Chat,
  date: z.number().int(),
  text: z.string().optional(),
  caption: z.string().optional(),
  photo: z.array(PhotoSize).optional(),
  video: Media.optional(),
  video_note: Media.optional(),
  animation: Media.optional(),
  voice: Media.optional(),
  audio: Media.optional(),
  document: Media.optional(),
  sticker: Sticker.optional(),
  location: Location.optional(),
  venue: z.object({ location: Location, title: z.string(), address: z.string() }).optional(),
  contact: z.object({
    phone_number: z.string(),
    first_name: z.string(),
    last_name: z.string().optional(),
    user_id: z.number().int().optional(),
  }).optional(),
  /** The buttons under a message the bot sent: where a callback_query's data finds its text. */
  reply_markup: InlineKeyboard.optional(),
  /** The message of the same chat this one answers (a Message of its own; only its id is read). */
  reply_to_message: z.object({ message_id: z.number().int() }).passthrough().optional(),
  edit_date: z.number().int().optional(),
});

/** A user's reactions to a message changed (MessageReactionUpdated); only emoji reactions are shown. */
const ReactionType = z.object({ type: z.string(), emoji: z.string().optional() }).passthrough();
const MessageReaction = z.object({
  chat: Chat,
  message_id: z.number().int(),
  user: User.optional(),
  date: z.number().int(),
  old_reaction: z.array(ReactionType),
  new_reaction: z.array(ReactionType),
});

const CallbackQuery = z.object({
  id: z.string().min(1),
  from: User,
  /** The bot's message whose button was pressed; absent for a message sent inline (via @bot). */
  message: Message.optional(),
  data: z.string().optional(),
});

/**
 * At most one of the optional fields is present; Prosa reads `message`, `edited_message`,
 * `callback_query` and `message_reaction` (asked for in setWebhook's allowed_updates), and ignores the others.
 */
export const UpdateShape = z.object({
  update_id: z.number().int(),
  message: Message.optional(),
  edited_message: Message.optional(),
  callback_query: CallbackQuery.optional(),
  message_reaction: MessageReaction.optional(),
});
/** The updates a bot's webhook asks Telegram for (setWebhook's allowed_updates). */
export const ALLOWED_UPDATES = ['message', 'edited_message', 'callback_query', 'message_reaction'];
export type Update = z.infer<typeof UpdateShape>;
type TelegramMessage = z.infer<typeof Message>;
type TelegramCallbackQuery = z.infer<typeof CallbackQuery>;

/** A file Telegram holds for a message: fetched later by its file_id (getFile, then a download). */
export interface MediaToFetch {
  fileId: string;
  filename: string | null;
  mime: string | null;
}

export type ReadUpdate =
  | { kind: 'ignored'; reason: string }
  /** The contact edited a message: its new text (or caption). */
  | { kind: 'edit'; providerMessageId: string; body: string | null }
  /** The contact reacted to a message (null: took the reaction back). */
  | { kind: 'reaction'; providerMessageId: string; emoji: string | null }
  | {
      kind: 'message';
      inbound: Omit<InboundMessage, 'channelId'>;
      media: MediaToFetch | null;
      /** A button pressed: Telegram shows it loading until the bot answers the query (answerCallbackQuery). */
      callbackQueryId: string | null;
    };

export function readUpdate(update: Update): ReadUpdate {
  if (update.callback_query) return readButtonPressed(update.callback_query);
  if (update.edited_message) return readEdit(update.edited_message);
  if (update.message_reaction) return readReaction(update.message_reaction);
  const message = update.message;
  if (!message) return { kind: 'ignored', reason: 'not a message Prosa reads (inline, channel post...)' };
  // A provider's desk attends people, one to one; a bot added to a group hears the group.
  if (message.chat.type !== 'private') return { kind: 'ignored', reason: `a ${message.chat.type} chat` };
  const content = contentOf(message);
  if (!content) return { kind: 'ignored', reason: 'a kind of message Prosa does not show (poll, dice, service message...)' };
  return {
    kind: 'message',
    inbound: {
      externalId: String(message.chat.id),
      contactName: nameOf(message.chat, message.from),
      phone: ownNumber(message),
      type: content.type,
      body: content.body,
      meta: content.meta ?? null,
      replyTo: message.reply_to_message ? idOf(message.chat.id, message.reply_to_message.message_id) : null,
      providerMessageId: idOf(message.chat.id, message.message_id),
      sentAt: new Date(message.date * 1000),
    },
    media: content.media ?? null,
    callbackQueryId: null,
  };
}

/** Telegram's message_id counts per chat: the chat makes it unique for the bot. */
const idOf = (chatId: number, messageId: number) => `${chatId}:${messageId}`;

function readEdit(message: TelegramMessage): ReadUpdate {
  if (message.chat.type !== 'private') return { kind: 'ignored', reason: `an edit in a ${message.chat.type} chat` };
  const body = message.text ?? message.caption?.trim() ?? null;
  return { kind: 'edit', providerMessageId: idOf(message.chat.id, message.message_id), body };
}

/** The newest emoji the user left on the message; a custom or paid reaction alone counts as none shown. */
function readReaction(reaction: z.infer<typeof MessageReaction>): ReadUpdate {
  if (reaction.chat.type !== 'private') return { kind: 'ignored', reason: `a reaction in a ${reaction.chat.type} chat` };
  const emoji = reaction.new_reaction.filter((r) => r.type === 'emoji' && r.emoji).at(-1)?.emoji ?? null;
  return { kind: 'reaction', providerMessageId: idOf(reaction.chat.id, reaction.message_id), emoji };
}

function readButtonPressed(query: TelegramCallbackQuery): ReadUpdate {
  const message = query.message;
  if (!message) return { kind: 'ignored', reason: 'a button of a message sent inline' };
  if (message.chat.type !== 'private') return { kind: 'ignored', reason: `a button pressed in a ${message.chat.type} chat` };
  if (query.data === undefined) return { kind: 'ignored', reason: 'a button without callback data (a game)' };
  const data = query.data;
  // A message older than 48 hours comes without its buttons: the data is all there is.
  const button = message.reply_markup?.inline_keyboard.flat().find((b) => b.callback_data === data);
  return {
    kind: 'message',
    inbound: {
      externalId: String(message.chat.id),
      // The message is the bot's own: the person is who pressed.
      contactName: nameOf(message.chat, query.from),
      type: 'text',
      body: button?.text ?? data,
      meta: { replyId: data },
      // Telegram posts a query again until the webhook answers 2xx: its id makes it one message.
      providerMessageId: `callback:${query.id}`,
    },
    media: null,
    callbackQueryId: query.id,
  };
}

interface Content {
  type: InboundMessage['type'];
  body: string | null;
  media?: MediaToFetch;
  meta?: Record<string, unknown>;
}

function contentOf(m: TelegramMessage): Content | null {
  const caption = m.caption?.trim() || null;
  if (m.text !== undefined) return { type: 'text', body: m.text };
  if (m.photo && m.photo.length > 0) {
    const largest = m.photo.reduce((a, b) => (b.width * b.height > a.width * a.height ? b : a));
    return { type: 'image', body: caption, media: mediaOf(largest) };
  }
  // An animation (a GIF as MP4) also comes with `document`: it is shown as the video it is.
  const video = m.video ?? m.video_note ?? m.animation;
  if (video) return { type: 'video', body: caption, media: mediaOf(video) };
  const audio = m.voice ?? m.audio;
  if (audio) return { type: 'audio', body: caption, media: mediaOf(audio) };
  if (m.document) return { type: 'file', body: caption, media: mediaOf(m.document) };
  if (m.sticker) {
    // Animated (.tgs) and video (.webm) stickers are no picture: their still thumbnail is.
    const still = m.sticker.is_animated || m.sticker.is_video ? m.sticker.thumbnail ?? m.sticker.thumb : undefined;
    return { type: 'image', body: m.sticker.emoji ?? null, media: mediaOf(still ?? m.sticker) };
  }
  const location = m.venue?.location ?? m.location;
  if (location) {
    const place = m.venue ? `${m.venue.title} — ${m.venue.address}\n` : '';
    return {
      type: 'location',
      body: `📍 ${place}${location.latitude}, ${location.longitude}`,
      meta: { location: { latitude: location.latitude, longitude: location.longitude, name: m.venue?.title ?? null, address: m.venue?.address ?? null } },
    };
  }
  if (m.contact) {
    const name = [m.contact.first_name, m.contact.last_name].filter(Boolean).join(' ');
    return {
      type: 'text',
      body: `👤 Contato compartilhado: ${name}, ${m.contact.phone_number}`,
      meta: { sharedContacts: [{ name, phones: [m.contact.phone_number] }] },
    };
  }
  return null;
}

function mediaOf(file: { file_id: string; file_name?: string; mime_type?: string }): MediaToFetch {
  return { fileId: file.file_id, filename: file.file_name ?? null, mime: file.mime_type ?? null };
}

function nameOf(chat: TelegramMessage['chat'], from: TelegramMessage['from']): string {
  const person = chat.first_name ? chat : from;
  const full = [person?.first_name, person?.last_name].filter(Boolean).join(' ').trim();
  return full || chat.username || from?.username || String(chat.id);
}

/** A phone number only when the contact shared their own (Telegram never tells it otherwise). */
function ownNumber(m: TelegramMessage): string | null {
  if (!m.contact || m.contact.user_id === undefined || m.contact.user_id !== m.from?.id) return null;
  // Telegram gives it in international form, with or without the +.
  return normalizePhone(`+${m.contact.phone_number.replace(/^\+/, '')}`);
}
