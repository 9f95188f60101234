// Cross-site request refusal: a browser names the page a request comes from in Origin (or, for
// some older requests, only in Referer). A state-changing request to /api/v1 and the live feed's
// handshake must come from Prosa's own pages; a request naming neither header is not a browser's
// page (curl, an integration) and carries no ambient cookie risk of its own.
import type { FastifyInstance } from 'fastify';
import type { IncomingHttpHeaders } from 'node:http';
import { AppError } from '../errors.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The origin a browser says the request comes from: Origin, else Referer's; undefined when neither is sent. */
export function requestOrigin(headers: IncomingHttpHeaders): string | undefined {
  const origin = headers.origin;
  if (typeof origin === 'string' && origin !== '') return origin;
  const referer = headers.referer;
  if (typeof referer !== 'string' || referer === '') return undefined;
  try {
    return new URL(referer).origin;
  } catch {
    return 'null';
  }
}

/**
 * Prosa's own origin: PUBLIC_URL's when set; otherwise whatever host the browser addressed
 * (the Host header), whatever the scheme a TLS proxy in front may have removed.
 */
export function isOwnOrigin(origin: string, headers: IncomingHttpHeaders, publicUrl: string | undefined): boolean {
  if (publicUrl) return origin === new URL(publicUrl).origin;
  let host: string;
  try {
    host = new URL(origin).host;
  } catch {
    return false; // "null" (a sandboxed frame, a file:// page) and anything unparseable
  }
  return host !== '' && host === headers.host?.toLowerCase();
}

/** True when the request may go on: no browser origin named, or Prosa's own. */
export function fromOwnPages(headers: IncomingHttpHeaders, publicUrl: string | undefined): boolean {
  const origin = requestOrigin(headers);
  return origin === undefined || isOwnOrigin(origin, headers, publicUrl);
}

export function registerOriginCheck(app: FastifyInstance, publicUrl: string | undefined) {
  app.addHook('onRequest', async (request) => {
    if (SAFE_METHODS.has(request.method) || !request.url.startsWith('/api/v1/')) return;
    if (fromOwnPages(request.headers, publicUrl)) return;
    request.log.warn({ origin: requestOrigin(request.headers), host: request.headers.host }, 'cross-site request refused (set PUBLIC_URL if a proxy rewrites Host)');
    throw new AppError('cross_site_request', 'Pedido recusado: ele veio de uma página de outro site.');
  });
}
