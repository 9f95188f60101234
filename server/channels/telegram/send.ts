// An agent's reply to a Telegram chat: text with sendMessage; a file uploaded (multipart/form-data)
// with the method that shows it best, its caption the message body. A text past Telegram's 4,096
// characters goes in several messages, a caption past 1,024 as a text after the file (../parts.ts).
// A bot's question with options goes as its question with one button per option under it (an
// inline keyboard); a press comes back as a callback_query (updates.ts).
// Telegram tells a bot nothing after it accepts a message — no delivered, no read: it stays 'sent'.
import type { BotChoices } from '../../../api/bot.js';
import { ChannelSendError, type OutgoingMessage } from '../channel.js';
import { choicesOf } from '../choices.js';
import { sendParts, splitText } from '../parts.js';
import { webmOpusToOgg } from '../../files/webm-to-ogg.js';
import type { BotApi, SentMessage } from './bot-api.js';

/** Telegram's limits: a message's text, a file's caption (in UTF-16 units). */
export const TEXT_MAX = 4096;
export const CAPTION_MAX = 1024;

export async function sendToTelegram(api: BotApi, outgoing: OutgoingMessage): Promise<{ providerMessageId: string }> {
  const chatId = outgoing.recipient;
  const body = outgoing.message.body?.trim() ? outgoing.message.body : null;
  // message_id counts per chat: with the chat it names the message for this bot.
  const idOf = (sent: SentMessage) => `${chatId}:${sent.message_id}`;
  // A reply to a specific message quotes it: the first message sent does, not the parts after it.
  let reply = replyParameters(chatId, outgoing.replyTo);
  const call = (method: string, params: Record<string, unknown> | FormData) => {
    if (reply) {
      if (params instanceof FormData) params.set('reply_parameters', JSON.stringify(reply));
      else params = { ...params, reply_parameters: reply };
      reply = null;
    }
    return api.call<SentMessage>(method, params);
  };
  const texts = (text: string) =>
    splitText(text, TEXT_MAX).map((part) => async () => idOf(await call('sendMessage', { chat_id: chatId, text: part })));
  if (!outgoing.file) {
    if (!body) throw new ChannelSendError('Mensagem vazia: não há texto nem arquivo para enviar.', false);
    const choices = choicesOf(outgoing.message.meta);
    if (choices?.prompt.trim()) return { providerMessageId: idOf(await call('sendMessage', withButtons(chatId, choices))) };
    return sendParts(outgoing, texts(body));
  }
  const { file } = outgoing;
  // A caption longer than Telegram takes: the file goes bare, the text right after it.
  const caption = body !== null && body.length <= CAPTION_MAX ? body : null;
  const sendFile = async () => {
    const upload = asTelegramPlays(outgoing.message.type, file.row, await file.bytes());
    const { method, field } = uploadFor(outgoing.message.type, upload.mime);
    const form = new FormData();
    form.set('chat_id', chatId);
    if (caption) form.set('caption', caption);
    form.set(field, new Blob([new Uint8Array(upload.bytes)], { type: upload.mime }), upload.filename);
    return idOf(await call(method, form));
  };
  return sendParts(outgoing, [sendFile, ...(body !== null && caption === null ? texts(body) : [])]);
}

/**
 * Bot API's ReplyParameters for the message our id names (`<chat id>:<message_id>`) in this chat.
 * A message gone from the chat (deleted) should not keep the reply from going: it goes unquoted.
 */
function replyParameters(chatId: string, replyTo: string | null | undefined) {
  const [chat, messageId] = replyTo?.split(':') ?? [];
  if (chat !== chatId || !/^\d+$/.test(messageId ?? '')) return null;
  return { message_id: Number(messageId), allow_sending_without_reply: true };
}

/** One button per row: option titles are up to 24 characters, too long to sit side by side on a phone. */
function withButtons(chatId: string, { prompt, options }: BotChoices) {
  return {
    chat_id: chatId,
    text: prompt,
    reply_markup: { inline_keyboard: options.map((o) => [{ text: o.title, callback_data: o.id }]) },
  };
}

/**
 * An agent's voice message recorded in Chromium is Opus in WebM, which Telegram plays in no
 * container but Ogg: the same audio moved to Ogg goes as a voice note; one that cannot, as a file.
 */
function asTelegramPlays(type: string, row: { mime: string; filename: string }, bytes: Buffer) {
  if (type === 'audio' && row.mime.startsWith('audio/webm')) {
    try {
      return { mime: 'audio/ogg', filename: row.filename.replace(/\.webm$/i, '') + '.ogg', bytes: webmOpusToOgg(bytes) };
    } catch {
      // Not Opus: sent as it is, as a document.
    }
  }
  return { mime: row.mime, filename: row.filename, bytes };
}

/** What Telegram shows inline: JPEG and PNG photos, MP4 video, OGG/Opus as a voice note, MP3 and M4A as music. The rest goes as a document. */
function uploadFor(type: string, mime: string): { method: string; field: string } {
  const base = mime.split(';')[0].trim().toLowerCase();
  if (type === 'image' && (base === 'image/jpeg' || base === 'image/png')) return { method: 'sendPhoto', field: 'photo' };
  if (type === 'video' && base === 'video/mp4') return { method: 'sendVideo', field: 'video' };
  if (type === 'audio' && base === 'audio/ogg') return { method: 'sendVoice', field: 'voice' };
  if (type === 'audio' && (base === 'audio/mpeg' || base === 'audio/mp4')) return { method: 'sendAudio', field: 'audio' };
  return { method: 'sendDocument', field: 'document' };
}
