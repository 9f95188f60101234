// The calls Prosa makes to Meta's Graph API for one WhatsApp number: send a message, upload media,
// look a media id up and download it. Failures become ChannelSendError, retryable or not, with
// Meta's own code in the message ("(#131047) Re-engagement message").
import { ChannelSendError } from '../channel.js';
import type { WhatsAppSettings } from './settings.js';

/** Downloads of media can be large (documents up to 100 MB): they get longer than other calls. */
const DOWNLOAD_TIMEOUT_MS = 120_000;

/** Throttling and transient errors Meta asks to retry later, whatever the HTTP status. */
const RETRYABLE_CODES = new Set([1, 2, 4, 17, 341, 80007, 130429, 131000, 131016, 131056, 133004]);

/**
 * How long Meta's own limits make a retry wait, where it says: the pair rate limit (#131056) allows
 * one message to the same person about every 6 seconds. The others retry at the usual backoff.
 */
const WAIT_MS: Record<number, number> = { 131056: 6_000 };

const META_MEDIA_HOSTS = ['.fbsbx.com', '.fbcdn.net', '.facebook.com', '.whatsapp.net'];

/** A template as Meta's Message Templates API describes it (the fields Prosa asks for). */
export interface MetaTemplate {
  name: string;
  language: string;
  status: string;
  category?: string;
  /** POSITIONAL ({{1}}) or NAMED ({{first_name}}). */
  parameter_format?: string;
  components?: { type: string; format?: string; text?: string; buttons?: { type: string; url?: string }[] }[];
}

interface GraphError {
  message?: string;
  type?: string;
  code?: number;
  error_subcode?: number;
  fbtrace_id?: string;
  error_data?: { details?: string };
}

export class GraphApi {
  constructor(private readonly settings: WhatsAppSettings) {}

  private url(path: string) {
    return `${this.settings.apiBaseUrl}/${this.settings.apiVersion}/${path}`;
  }

  /** POST /{phone-number-id}/messages: answers Meta's id for the message (wamid...). */
  async sendMessage(payload: Record<string, unknown>): Promise<string> {
    const body = await this.call<{ messages?: { id?: string }[] }>(this.url(`${this.settings.phoneNumberId}/messages`), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ messaging_product: 'whatsapp', recipient_type: 'individual', ...payload }),
    });
    const id = body.messages?.[0]?.id;
    if (!id) throw new ChannelSendError('A API do WhatsApp aceitou a mensagem mas não informou o id dela.', true);
    return id;
  }

  /**
   * POST /{phone-number-id}/messages with status "read": the contact's message (and those before it)
   * shows as read, blue ticks. Meta answers { success: true }.
   */
  async markRead(wamid: string): Promise<void> {
    await this.call<{ success?: boolean }>(this.url(`${this.settings.phoneNumberId}/messages`), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ messaging_product: 'whatsapp', status: 'read', message_id: wamid }),
    });
  }

  /** POST /{phone-number-id}/media (multipart): answers the media id to send by. */
  async uploadMedia(bytes: Buffer, mime: string, filename: string): Promise<string> {
    const form = new FormData();
    form.set('messaging_product', 'whatsapp');
    form.set('type', mime);
    form.set('file', new Blob([new Uint8Array(bytes)], { type: mime }), filename);
    const body = await this.call<{ id?: string }>(this.url(`${this.settings.phoneNumberId}/media`), { method: 'POST', body: form });
    if (!body.id) throw new ChannelSendError('A API do WhatsApp não devolveu o id da mídia enviada.', true);
    return body.id;
  }

  /** GET /{media-id}: where a contact's media can be downloaded (a short-lived URL). */
  async mediaInfo(mediaId: string): Promise<{ url: string; mime_type?: string; file_size?: number; sha256?: string }> {
    const body = await this.call<{ url?: string; mime_type?: string; file_size?: number; sha256?: string }>(
      this.url(encodeURIComponent(mediaId)),
      { method: 'GET' },
    );
    if (!body.url) throw new ChannelSendError(`A API do WhatsApp não informou onde baixar a mídia ${mediaId}.`, true);
    return { ...body, url: body.url };
  }

  /** GET /{phone-number-id}: the number as Meta knows it ("Testar conexão"). */
  async phoneNumber(): Promise<{ display_phone_number?: string; verified_name?: string; quality_rating?: string }> {
    return this.call(this.url(`${encodeURIComponent(this.settings.phoneNumberId)}?fields=display_phone_number,verified_name,quality_rating`), { method: 'GET' });
  }

  /**
   * GET /{waba-id}/message_templates, every page (following the `after` cursor, at most `maxPages`):
   * the templates of the WhatsApp Business Account as Meta has them, whatever their status.
   */
  async messageTemplates(businessAccountId: string, maxPages = 10): Promise<MetaTemplate[]> {
    const all: MetaTemplate[] = [];
    let after: string | undefined;
    for (let page = 0; page < maxPages; page++) {
      const query = new URLSearchParams({ fields: 'name,language,status,category,parameter_format,components', limit: '100' });
      if (after) query.set('after', after);
      const body = await this.call<{ data?: MetaTemplate[]; paging?: { cursors?: { after?: string }; next?: string } }>(
        this.url(`${encodeURIComponent(businessAccountId)}/message_templates?${query}`), { method: 'GET' },
      );
      all.push(...(body.data ?? []));
      // Meta gives `next` only while there is a next page.
      after = body.paging?.next ? body.paging.cursors?.after : undefined;
      if (!after) break;
    }
    return all;
  }

  /** GET the media URL, with the same token; refuses more than `maxBytes`. */
  async download(url: string, maxBytes: number): Promise<{ bytes: Buffer; mime: string | null }> {
    if (!this.isMediaHost(url)) throw new ChannelSendError(`Endereço de mídia inesperado: ${new URL(url).host}.`, false);
    const response = await this.fetch(url, { method: 'GET' }, Math.max(DOWNLOAD_TIMEOUT_MS, this.settings.timeoutMs));
    if (!response.ok) throw await this.failure(response);
    const declared = Number(response.headers.get('content-length') ?? 0);
    if (declared > maxBytes) throw new ChannelSendError(`A mídia tem ${declared} bytes; o limite é ${maxBytes}.`, false);
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of response.body ?? []) {
      size += chunk.length;
      if (size > maxBytes) throw new ChannelSendError(`A mídia passa de ${maxBytes} bytes.`, false);
      chunks.push(Buffer.from(chunk));
    }
    return { bytes: Buffer.concat(chunks), mime: response.headers.get('content-type') };
  }

  /** The token goes only to Meta's media hosts (or to the API's own origin: a stand-in). */
  private isMediaHost(url: string): boolean {
    let target: URL;
    try {
      target = new URL(url);
    } catch {
      return false;
    }
    if (target.origin === new URL(this.settings.apiBaseUrl).origin) return true;
    return target.protocol === 'https:' && META_MEDIA_HOSTS.some((suffix) => target.hostname.endsWith(suffix));
  }

  private async call<T>(url: string, init: RequestInit): Promise<T> {
    const response = await this.fetch(url, init, this.settings.timeoutMs);
    if (!response.ok) throw await this.failure(response);
    try {
      return (await response.json()) as T;
    } catch {
      throw new ChannelSendError(`Resposta ilegível da API do WhatsApp (HTTP ${response.status}).`, true);
    }
  }

  private async fetch(url: string, init: RequestInit, timeoutMs: number): Promise<Response> {
    try {
      return await fetch(url, {
        ...init,
        // Meta's media host answers an error page to requests without a user agent.
        headers: { ...(init.headers as Record<string, string> | undefined), authorization: `Bearer ${this.settings.accessToken}`, 'user-agent': 'Prosa/1.0' },
        signal: AbortSignal.timeout(timeoutMs),
        redirect: 'follow',
      });
    } catch (error) {
      if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
        const waited = timeoutMs < 1000 ? `${timeoutMs} ms` : `${Math.round(timeoutMs / 1000)} s`;
        throw new ChannelSendError(`A API do WhatsApp não respondeu em ${waited}.`, true);
      }
      const cause = (error as { cause?: { code?: string; message?: string } }).cause;
      throw new ChannelSendError(`Sem conexão com a API do WhatsApp (${cause?.code ?? cause?.message ?? String(error)}).`, true);
    }
  }

  private async failure(response: Response): Promise<ChannelSendError> {
    let error: GraphError | undefined;
    try {
      error = ((await response.json()) as { error?: GraphError }).error;
    } catch {
      // Not Meta's JSON (a proxy's error page): the status says enough.
    }
    const code = typeof error?.code === 'number' ? error.code : undefined;
    const retryable = response.status >= 500 || response.status === 429 || (code !== undefined && RETRYABLE_CODES.has(code));
    if (!error?.message) return new ChannelSendError(`A API do WhatsApp respondeu HTTP ${response.status}.`, retryable, code?.toString());
    const message = error.message.startsWith('(#') || code === undefined ? error.message : `(#${code}) ${error.message}`;
    return new ChannelSendError(message, retryable, code?.toString(), code === undefined ? undefined : WAIT_MS[code]);
  }
}
