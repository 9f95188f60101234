// An agent's reply to a Telegram chat: text with sendMessage; a file uploaded (multipart/form-data)
// with the method that shows it best, its caption the message body.
// A bot's question with options goes as its question with one button per option under it (an
// inline keyboard); a press comes back as a callback_query (updates.ts).
// Telegram tells a bot nothing after it accepts a message — no delivered, no read: it stays 'sent'.
import type { BotChoices } from '../../../api/bot.js';
import { ChannelSendError, type OutgoingMessage } from '../channel.js';
import { choicesOf } from '../choices.js';
import { webmOpusToOgg } from '../../files/webm-to-ogg.js';
import type { BotApi, SentMessage } from './bot-api.js';

export async function sendToTelegram(api: BotApi, outgoing: OutgoingMessage): Promise<{ providerMessageId: string }> {
  const chatId = outgoing.recipient;
  const body = outgoing.message.body?.trim() ? outgoing.message.body : null;
  let sent: SentMessage;
  if (!outgoing.file) {
    if (!body) throw new ChannelSendError('Mensagem vazia: não há texto nem arquivo para enviar.', false);
    const choices = choicesOf(outgoing.message.meta);
    sent = await api.call<SentMessage>('sendMessage', choices?.prompt.trim() ? withButtons(chatId, choices) : { chat_id: chatId, text: body });
  } else {
    const file = asTelegramPlays(outgoing.message.type, outgoing.file.row, await outgoing.file.bytes());
    const { method, field } = uploadFor(outgoing.message.type, file.mime);
    const form = new FormData();
    form.set('chat_id', chatId);
    if (body) form.set('caption', body);
    form.set(field, new Blob([new Uint8Array(file.bytes)], { type: file.mime }), file.filename);
    sent = await api.call<SentMessage>(method, form);
  }
  // message_id counts per chat: with the chat it names the message for this bot.
  return { providerMessageId: `${chatId}:${sent.message_id}` };
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
