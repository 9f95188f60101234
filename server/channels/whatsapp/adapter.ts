// The WhatsApp channel (Meta's WhatsApp Cloud API): its webhook routes, its jobs, and sending.
// Media goes up first (POST /media) and is then sent by id (a WebP picture turned into PNG or JPEG first); a voice message recorded in the browser
// (Opus in WebM) is moved into Ogg, the only Opus container WhatsApp takes, and goes as a voice
// message (`voice: true`: played inline with the business's picture, transcribed if the contact wants). A bot's question with
// options goes as reply buttons (up to 3 short ones) or a list; as its plain text when neither fits.
import { BUTTON_LABEL_MAX, OPTION_LABEL_MAX, type BotChoices } from '../../../api/bot.js';
import { choicesOf } from '../choices.js';
import { sendParts, splitText } from '../parts.js';
import { ChannelSendError, type ChannelAdapter, type ChannelDeps, type OutgoingMessage } from '../channel.js';
import { fetchMediaHandler, FETCH_MEDIA } from './fetch-media.js';
import { GraphApi } from './graph-api.js';
import { APPLY_STATUS, lateStatusHandler } from './late-status.js';
import { readSettings } from './settings.js';
import { registerWebhookRoutes } from './webhook.js';
import { isBusinessScopedUserId } from './inbound.js';
import { isWebm, webmOpusToOgg } from '../../files/webm-to-ogg.js';
import sharp from 'sharp';

export function createWhatsAppAdapter(deps: ChannelDeps): ChannelAdapter {
  return {
    kind: 'whatsapp',
    send: (outgoing) => send(outgoing, deps.config.WHATSAPP_API_VERSION),
    async markRead(channel, wamid) {
      let settings;
      try {
        settings = readSettings(channel, deps.config.WHATSAPP_API_VERSION);
      } catch (error) {
        throw new ChannelSendError((error as Error).message, false);
      }
      await new GraphApi(settings).markRead(wamid);
    },
    registerRoutes: (app) => registerWebhookRoutes(app, deps),
    jobHandlers: {
      [FETCH_MEDIA]: fetchMediaHandler(deps),
      [APPLY_STATUS]: lateStatusHandler(deps),
    },
  };
}

/** Meta's limits for a text message's body and a media caption. */
export const TEXT_MAX = 4096;
export const CAPTION_MAX = 1024;

async function send(outgoing: OutgoingMessage, apiVersion: string) {
  const { channel, recipient, message, file } = outgoing;
  let settings;
  try {
    settings = readSettings(channel, apiVersion);
  } catch (error) {
    throw new ChannelSendError((error as Error).message, false);
  }
  const api = new GraphApi(settings);
  // A reply to a specific message quotes it (context.message_id): the first message sent does, not the parts after it.
  let context = outgoing.replyTo ? { context: { message_id: outgoing.replyTo } } : null;
  const sendMessage = (body: Record<string, unknown>) => {
    const quoted = context ? { ...body, ...context } : body;
    context = null;
    return api.sendMessage(quoted);
  };
  // Someone known only by their username's business-scoped user id is written to by `recipient`.
  const to = isBusinessScopedUserId(recipient) ? { recipient } : { to: recipient };
  // A text past Meta's limit goes in several messages, in order (../parts.ts).
  const texts = (text: string) =>
    splitText(text, TEXT_MAX).map((body) => () => sendMessage({ ...to, type: 'text', text: { preview_url: false, body } }));

  switch (message.type) {
    case 'text': {
      if (!message.body?.trim()) throw new ChannelSendError('Mensagem de texto vazia.', false);
      const choices = choicesOf(message.meta);
      const interactive = choices && interactiveOf(choices);
      if (interactive) return { providerMessageId: await sendMessage({ ...to, type: 'interactive', interactive }) };
      return sendParts(outgoing, texts(message.body));
    }

    case 'template': {
      const meta = message.meta as { name?: string; language?: string; params?: string[] } | null;
      if (!meta?.name || !meta.language) throw new ChannelSendError('Modelo sem nome ou idioma.', false);
      const params = meta.params ?? [];
      const template = {
        name: meta.name,
        language: { code: meta.language },
        ...(params.length > 0 ? { components: [{ type: 'body', parameters: params.map((text) => ({ type: 'text', text })) }] } : {}),
      };
      return { providerMessageId: await sendMessage({ ...to, type: 'template', template }) };
    }

    case 'image':
    case 'video':
    case 'audio':
    case 'file': {
      if (!file) throw new ChannelSendError('O anexo da mensagem não foi encontrado.', false);
      const kind = message.type === 'file' ? 'document' : message.type;
      // WhatsApp's audio messages carry no caption; one longer than Meta takes goes as a text after the file.
      const body = message.body?.trim() ? message.body : null;
      const caption = kind !== 'audio' && body !== null && body.length <= CAPTION_MAX ? body : null;
      const sendFile = async () => {
        let bytes = await file.bytes();
        let mime = file.row.mime.split(';')[0].trim();
        let filename = file.row.filename;
        if (message.type === 'audio' && (mime === 'audio/webm' || isWebm(bytes))) {
          try {
            bytes = webmOpusToOgg(bytes);
          } catch (error) {
            throw new ChannelSendError(`Não foi possível converter o áudio para OGG: ${(error as Error).message}.`, false);
          }
          mime = 'audio/ogg';
          filename = filename.replace(/\.[^.]*$/, '') + '.ogg';
        }
        if (kind === 'image' && mime !== 'image/jpeg' && mime !== 'image/png') ({ bytes, mime, filename } = await asPicture(bytes, filename));
        const mediaId = await api.uploadMedia(bytes, mime, filename);
        const media: Record<string, string | boolean> = { id: mediaId };
        // Nothing marks a recording as such: Ogg/Opus audio is what the composer's recorder makes (after
        // the move from WebM), and what Meta asks of a voice message; other audio goes as a music file.
        if (kind === 'audio' && mime === 'audio/ogg') media.voice = true;
        if (caption) media.caption = caption;
        if (kind === 'document') media.filename = filename;
        return sendMessage({ ...to, type: kind, [kind]: media });
      };
      return sendParts(outgoing, [sendFile, ...(kind !== 'audio' && body !== null && caption === null ? texts(body) : [])]);
    }

    default:
      throw new ChannelSendError(`Mensagens do tipo "${message.type}" não são enviadas pelo WhatsApp.`, false);
  }
}

/**
 * An image WhatsApp would not show as a picture (WebP, which it takes for stickers only, and fails
 * later as #131053 when sent as an image) goes as PNG when it has transparency, JPEG otherwise: the
 * subscriber sees the picture the agent chose, with its caption — a sticker would drop the caption
 * (and must be 512×512), a document would hide the picture behind a file name.
 */
async function asPicture(bytes: Buffer, filename: string): Promise<{ bytes: Buffer; mime: string; filename: string }> {
  try {
    const image = sharp(bytes, { animated: false }).rotate();
    const { hasAlpha } = await image.metadata();
    const png = hasAlpha ? await image.clone().png().toBuffer() : null;
    // A PNG past Meta's 5 MB for images goes as JPEG, on white.
    const converted = png && png.length <= IMAGE_MAX ? png : await image.flatten({ background: '#ffffff' }).jpeg({ quality: 90 }).toBuffer();
    const mime = converted === png ? 'image/png' : 'image/jpeg';
    return { bytes: converted, mime, filename: `${filename.replace(/\.[^.]*$/, '')}.${mime === 'image/png' ? 'png' : 'jpg'}` };
  } catch (error) {
    throw new ChannelSendError(`Não foi possível converter a imagem para JPEG ou PNG: ${(error as Error).message}.`, false);
  }
}

const IMAGE_MAX = 5 * 1024 * 1024;

/** Meta's limits (interactive reply buttons and list messages). */
const LIMITS = { buttons: 3, buttonBody: 1024, listBody: 4096, rows: 10 };

/**
 * Reply buttons when there are at most 3 options and every title fits a button; a list otherwise.
 * Null when the question is too long (or a title too long for a row): the body goes as text.
 */
export function interactiveOf({ prompt, options }: BotChoices): Record<string, unknown> | null {
  if (prompt.trim() === '') return null;
  if (options.length <= LIMITS.buttons && options.every((o) => o.title.length <= BUTTON_LABEL_MAX)) {
    if (prompt.length > LIMITS.buttonBody) return null;
    return {
      type: 'button',
      body: { text: prompt },
      action: { buttons: options.map((o) => ({ type: 'reply', reply: { id: o.id, title: o.title } })) },
    };
  }
  if (prompt.length > LIMITS.listBody || options.length > LIMITS.rows || options.some((o) => o.title.length > OPTION_LABEL_MAX)) return null;
  return {
    type: 'list',
    body: { text: prompt },
    action: { button: 'Ver opções', sections: [{ title: 'Opções', rows: options.map((o) => ({ id: o.id, title: o.title })) }] },
  };
}
