// Prosa's side of Telegram's Bot API: a method is one HTTPS request to
// {apiBaseUrl}/bot<token>/<method>, answered {ok:true,result} or {ok:false,error_code,description,parameters}.
// Every failure becomes a ChannelSendError that says whether trying again may help.
import { z } from 'zod';
import { ChannelSendError, type ChannelRow } from '../channel.js';

export const DEFAULT_API_BASE_URL = 'https://api.telegram.org';

/** channels.config of a Telegram channel. */
const ConfigShape = z.object({ apiBaseUrl: z.string().url().optional() });
/** channels.secrets of a Telegram channel: BotFather's token, and the secret_token given to setWebhook. */
const SecretsShape = z.object({
  botToken: z.string().regex(/^\d+:[A-Za-z0-9_-]+$/, 'não parece um token do BotFather').optional(),
  webhookSecret: z.string().min(1).optional(),
});

export interface TelegramSettings {
  apiBaseUrl: string;
  botToken: string | null;
  webhookSecret: string | null;
}

export function telegramSettings(channel: Pick<ChannelRow, 'config' | 'secrets'>): TelegramSettings {
  const config = ConfigShape.safeParse(channel.config ?? {});
  const secrets = SecretsShape.safeParse(channel.secrets ?? {});
  if (!config.success || !secrets.success) {
    const issue = (config.error ?? secrets.error)!.issues[0];
    throw new ChannelSendError(`Configuração do canal Telegram inválida (${issue.path.join('.')}: ${issue.message}).`, false, 'telegram_config');
  }
  return {
    apiBaseUrl: (config.data.apiBaseUrl ?? DEFAULT_API_BASE_URL).replace(/\/+$/, ''),
    botToken: secrets.data.botToken ?? null,
    webhookSecret: secrets.data.webhookSecret ?? null,
  };
}

export interface Timeouts {
  /** A method call (sendMessage, getFile). */
  callMs: number;
  /** Moving a file either way (sendPhoto... with its bytes, a download). */
  transferMs: number;
}

/** The parts of Telegram's Message object Prosa reads back after sending. */
export interface SentMessage {
  message_id: number;
  chat: { id: number };
}

/** Telegram's File object: `file_path` is where getFile says the bytes can be downloaded. */
export interface TelegramFile {
  file_id: string;
  file_size?: number;
  file_path?: string;
}

const Envelope = z.union([
  z.object({ ok: z.literal(true), result: z.unknown() }),
  z.object({
    ok: z.literal(false),
    error_code: z.number().int().optional(),
    description: z.string().optional(),
    parameters: z.object({ retry_after: z.number().optional() }).optional(),
  }),
]);

export class BotApi {
  private readonly base: string;
  private readonly token: string;

  constructor(settings: TelegramSettings, private readonly timeouts: Timeouts) {
    if (!settings.botToken) throw new ChannelSendError('O canal Telegram não tem o token do bot.', false, 'telegram_config');
    this.base = settings.apiBaseUrl;
    this.token = settings.botToken;
  }

  /** JSON parameters (objects such as reply_markup included), or a form with a file to upload (multipart/form-data). */
  async call<T>(method: string, params: Record<string, unknown> | FormData): Promise<T> {
    const upload = params instanceof FormData;
    const response = await this.request(`${this.base}/bot${this.token}/${method}`, {
      method: 'POST',
      ...(upload ? { body: params } : { body: JSON.stringify(params), headers: { 'content-type': 'application/json' } }),
    }, upload ? this.timeouts.transferMs : this.timeouts.callMs);
    const text = await this.read(response, (r) => r.text());
    const envelope = Envelope.safeParse(parseJson(text));
    if (envelope.success && envelope.data.ok) return envelope.data.result as T;
    const refusal = envelope.success && !envelope.data.ok ? envelope.data : null;
    throw refused(response.status, refusal?.error_code, refusal?.description, refusal?.parameters?.retry_after);
  }

  /** The bytes behind a getFile answer's file_path. */
  async download(filePath: string): Promise<Buffer> {
    const path = filePath.split('/').map(encodeURIComponent).join('/');
    const response = await this.request(`${this.base}/file/bot${this.token}/${path}`, { method: 'GET' }, this.timeouts.transferMs);
    if (!response.ok) {
      await response.body?.cancel().catch(() => {});
      throw refused(response.status, undefined, `o download do arquivo respondeu HTTP ${response.status}`);
    }
    return Buffer.from(await this.read(response, (r) => r.arrayBuffer()));
  }

  // The URL carries the bot's token: it never goes into an error message or a log.
  private async request(url: string, init: RequestInit, timeoutMs: number): Promise<Response> {
    try {
      return await fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
    } catch (error) {
      throw unreachable(error, timeoutMs);
    }
  }

  private async read<T>(response: Response, body: (r: Response) => Promise<T>): Promise<T> {
    try {
      return await body(response);
    } catch (error) {
      throw unreachable(error, this.timeouts.transferMs);
    }
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

function unreachable(error: unknown, timeoutMs: number): ChannelSendError {
  const name = (error as { name?: string } | null)?.name;
  if (name === 'TimeoutError' || name === 'AbortError') {
    return new ChannelSendError(`O Telegram não respondeu em ${formatSeconds(timeoutMs)}.`, true, 'telegram_timeout');
  }
  const cause = (error as { cause?: { code?: string; message?: string } } | null)?.cause;
  const why = cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error));
  return new ChannelSendError(`Sem conexão com o Telegram (${why}).`, true, 'telegram_unreachable');
}

/**
 * Telegram said no. 429 (flood control) passes after the retry_after seconds it names, 5xx with time; 400 ("Bad Request: chat not found"),
 * 403 ("Forbidden: bot was blocked by the user") and the other 4xx would fail the same way again.
 */
function refused(httpStatus: number, errorCode: number | undefined, description: string | undefined, retryAfter?: number): ChannelSendError {
  const code = errorCode ?? httpStatus;
  if (code === 429 || httpStatus === 429) {
    const wait = retryAfter === undefined ? '' : ` (aguardar ${retryAfter} s)`;
    return new ChannelSendError(`${description ?? 'Too Many Requests'}${wait}`, true, 'telegram_429', retryAfter === undefined ? undefined : retryAfter * 1000);
  }
  if (httpStatus >= 500 || code >= 500) {
    return new ChannelSendError(`O Telegram falhou: HTTP ${httpStatus}${description ? ` — ${description}` : ''}`, true, `telegram_${code}`);
  }
  return new ChannelSendError(description ?? `O Telegram recusou: HTTP ${httpStatus}`, false, `telegram_${code}`);
}

const formatSeconds = (ms: number) => (ms >= 1000 ? `${(ms / 1000).toLocaleString('pt-BR', { maximumFractionDigits: 1 })} s` : `${ms} ms`);
