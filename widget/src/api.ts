// Talking to Prosa's /webchat/:channelId/... with the visitor's token in a header.
// The live stream is Server-Sent Events read through fetch rather than EventSource: EventSource
// cannot send headers, so the token would ride in the URL, where proxies and logs keep it. A
// WebSocket (or socket.io-client, several times this whole widget) buys nothing for a one-way
// stream: what the visitor sends goes as plain POSTs.

// The shapes Prosa answers with, from api/ (types only: the widget carries no schema).
export type { VisitorFile, VisitorMessage, WidgetConfig } from '../../api/webchat';
import type { VisitorMessage, WidgetConfig } from '../../api/webchat';

export class ApiError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

const UNREACHABLE = 'Não foi possível falar com o atendimento. Verifique sua conexão.';

export function createApi(base: string, channel: string) {
  const root = `${base}/webchat/${encodeURIComponent(channel)}`;
  let token: string | null = null;

  const headers = (): Record<string, string> => (token ? { authorization: `Bearer ${token}` } : {});

  async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const form = body instanceof FormData;
    let response: Response;
    try {
      response = await fetch(root + path, {
        method,
        headers: body === undefined || form ? headers() : { ...headers(), 'content-type': 'application/json' },
        body: body === undefined ? undefined : form ? body : JSON.stringify(body),
      });
    } catch {
      throw new ApiError(0, UNREACHABLE);
    }
    if (response.status === 204) return undefined as T;
    const data = await response.json().catch(() => null);
    if (!response.ok) throw new ApiError(response.status, data?.error?.message ?? UNREACHABLE);
    return data as T;
  }

  return {
    setToken(value: string | null) {
      token = value;
    },
    config: () => call<WidgetConfig>('GET', '/config'),
    start: (visitor: { name: string; phone?: string; email?: string }) => call<{ token: string; name: string }>('POST', '/session', visitor),
    history: () => call<{ name: string; messages: VisitorMessage[]; cursor: number }>('GET', '/messages'),
    /** `replyId`: the option of a bot's question the visitor pressed (`body` is its title). */
    say: (body: string, clientId: string, replyId?: string) => call<VisitorMessage>('POST', '/messages', { body, clientId, replyId }),
    upload(file: File) {
      const form = new FormData();
      form.append('file', file, file.name);
      return call<VisitorMessage>('POST', '/files', form);
    },
    typing: () => call<void>('POST', '/typing').catch(() => undefined),
    seen: (status: 'delivered' | 'read', upTo: number) => call<unknown>('POST', `/${status}`, { upTo }).catch(() => undefined),

    /** A file of a message as an object URL: fetched with the token, which an <img> cannot send. */
    async blobUrl(url: string): Promise<string> {
      const response = await fetch(base + url, { headers: headers() });
      if (!response.ok) throw new ApiError(response.status, UNREACHABLE);
      return URL.createObjectURL(await response.blob());
    },

    /** Follows the stream from a feed id until it ends, calling back for every event. */
    async stream(after: number, onEvent: (type: string, data: any) => void, signal: AbortSignal): Promise<void> {
      const response = await fetch(`${root}/stream`, { headers: { ...headers(), 'last-event-id': String(after) }, signal, cache: 'no-store' });
      if (!response.ok || !response.body) throw new ApiError(response.status, UNREACHABLE);
      const reader = response.body.getReader();
      const decoder = new TextDecoder();
      let buffer = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        buffer += decoder.decode(value, { stream: true }).replace(/\r/g, '');
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          let type = 'message';
          let data = '';
          for (const line of buffer.slice(0, end).split('\n')) {
            if (line.startsWith('event:')) type = line.slice(6).trim();
            else if (line.startsWith('data:')) data += line.slice(5).trim();
          }
          buffer = buffer.slice(end + 2);
          if (data) onEvent(type, JSON.parse(data));
        }
      }
    },
  };
}

export type Api = ReturnType<typeof createApi>;
