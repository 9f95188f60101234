// Webhook payloads as Meta sends them (the "messages" field of a WhatsApp Business Account:
// entry[].changes[].value with messaging_product, metadata, contacts, messages or statuses), and
// signed as Meta signs them. For the tests, the stand-in's status reports and the README's curl.
import { randomBytes } from 'node:crypto';
import { signatureOf, SIGNATURE_HEADER } from '../../channels/whatsapp/signature.js';

export interface Business {
  phoneNumberId: string;
  displayPhoneNumber?: string;
  /** The WhatsApp Business Account id (entry[].id). */
  wabaId?: string;
}

export interface Contact {
  waId: string;
  name?: string;
}

/** A message id as Meta makes them: "wamid." and base64. */
export function newWamid(): string {
  return `wamid.${randomBytes(27).toString('base64')}`;
}

const seconds = (at: Date | number = new Date()) => String(Math.floor((typeof at === 'number' ? at : at.getTime()) / 1000));

function envelope(business: Business, value: Record<string, unknown>) {
  return {
    object: 'whatsapp_business_account',
    entry: [{
      id: business.wabaId ?? '102290129340398',
      changes: [{
        value: {
          messaging_product: 'whatsapp',
          metadata: { display_phone_number: business.displayPhoneNumber ?? '15550783881', phone_number_id: business.phoneNumberId },
          ...value,
        },
        field: 'messages',
      }],
    }],
  };
}

/** One or more messages from a contact. */
export function messagesPayload(business: Business, contact: Contact, messages: Record<string, unknown>[]) {
  return envelope(business, {
    contacts: [{ profile: { name: contact.name ?? contact.waId }, wa_id: contact.waId }],
    messages,
  });
}

export function statusesPayload(business: Business, statuses: Record<string, unknown>[]) {
  return envelope(business, { statuses });
}

export interface MessageOptions {
  id?: string;
  at?: Date | number;
  /** The business message this one answers (buttons, replies). */
  context?: { from: string; id: string };
}

/** A message of the contact `from`, of one of the kinds below. */
export function message(from: string, content: Record<string, unknown>, options: MessageOptions = {}) {
  return {
    ...(options.context ? { context: options.context } : {}),
    from,
    id: options.id ?? newWamid(),
    timestamp: seconds(options.at),
    ...content,
  };
}

interface MediaFields {
  id: string;
  mime_type: string;
  sha256?: string;
}

/** What each kind of message carries, as in Meta's webhook reference. */
export const content = {
  text: (body: string) => ({ type: 'text', text: { body } }),
  image: (media: MediaFields & { caption?: string }) => ({ type: 'image', image: media }),
  video: (media: MediaFields & { caption?: string }) => ({ type: 'video', video: media }),
  audio: (media: MediaFields & { voice?: boolean }) => ({ type: 'audio', audio: media }),
  document: (media: MediaFields & { filename: string; caption?: string }) => ({ type: 'document', document: media }),
  sticker: (media: MediaFields & { animated?: boolean }) => ({ type: 'sticker', sticker: { animated: false, ...media } }),
  location: (location: { latitude: number; longitude: number; name?: string; address?: string }) => ({ type: 'location', location }),
  contacts: (contacts: Record<string, unknown>[]) => ({ type: 'contacts', contacts }),
  buttonReply: (id: string, title: string) => ({ type: 'interactive', interactive: { type: 'button_reply', button_reply: { id, title } } }),
  listReply: (id: string, title: string, description?: string) => ({
    type: 'interactive',
    interactive: { type: 'list_reply', list_reply: { id, title, ...(description ? { description } : {}) } },
  }),
  button: (text: string, payload = text) => ({ type: 'button', button: { payload, text } }),
  reaction: (messageId: string, emoji: string) => ({ type: 'reaction', reaction: { message_id: messageId, emoji } }),
  unsupported: (kind: string) => ({
    type: 'unsupported',
    errors: [{ code: 131051, title: 'Message type unknown', message: 'Message type unknown', error_data: { details: 'Message type is currently not supported.' } }],
    unsupported: { type: kind },
  }),
};

export type StatusName = 'sent' | 'delivered' | 'read' | 'failed';

/** A status of a message the business sent; a failure carries Meta's error. */
export function status(
  id: string,
  name: StatusName,
  recipientId: string,
  options: { at?: Date | number; error?: { code: number; title: string; details?: string } } = {},
) {
  return {
    id,
    status: name,
    timestamp: seconds(options.at),
    recipient_id: recipientId,
    ...(name === 'failed' && options.error
      ? {
        errors: [{
          code: options.error.code,
          title: options.error.title,
          message: options.error.title,
          error_data: { details: options.error.details ?? options.error.title },
          href: 'https://developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes/',
        }],
      }
      : { pricing: { billable: true, pricing_model: 'PMP', category: 'service', type: 'free_customer_service' } }),
  };
}

/**
 * The bytes Meta posts: its JSON escapes "/" and every non-ASCII character (\u00e7), so a signature
 * checked against re-serialized JSON would fail — as it should.
 */
export function metaJson(payload: unknown): string {
  return JSON.stringify(payload)
    .replace(/\//g, '\\/')
    .replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** A payload ready to POST to /webhooks/whatsapp/:channelId, signed with the app secret. */
export function signedWebhook(payload: unknown, appSecret: string): { body: string; headers: Record<string, string> } {
  const body = metaJson(payload);
  return { body, headers: { 'content-type': 'application/json', [SIGNATURE_HEADER]: signatureOf(body, appSecret) } };
}
