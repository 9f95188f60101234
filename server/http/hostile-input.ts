// Text PostgreSQL cannot store: NUL (refused in text and jsonb) and lone UTF-16 surrogates (refused
// in jsonb, silently mangled in text). Checked once at the edge, for every route: the API refuses
// such input with 400; webhooks, whose senders retry whatever is refused, get it cleaned instead.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from '../errors.js';

const NUL = '\u0000';
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const hasLoneSurrogate = (text: string) => text.search(LONE_SURROGATE) !== -1;

/** The first string in a value (object, array, string) that cannot be stored, with where it is. */
export function findUnstorableText(value: unknown, path = ''): string | null {
  if (typeof value === 'string') return value.includes(NUL) || hasLoneSurrogate(value) ? path || '(valor)' : null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findUnstorableText(value[i], `${path}[${i}]`);
      if (found) return found;
    }
    return null;
  }
  if (value && typeof value === 'object' && !Buffer.isBuffer(value)) {
    for (const [key, inner] of Object.entries(value)) {
      const found = findUnstorableText(key, path ? `${path}.${key}` : key) ?? findUnstorableText(inner, path ? `${path}.${key}` : key);
      if (found) return found;
    }
  }
  return null;
}

/** The same value with NULs dropped and lone surrogates replaced (U+FFFD): what a webhook stores. */
export function scrubText<T>(value: T): T {
  if (typeof value === 'string') return value.replaceAll(NUL, '').replace(LONE_SURROGATE, '\uFFFD') as T;
  if (Array.isArray(value)) return value.map(scrubText) as T;
  if (value && typeof value === 'object' && !Buffer.isBuffer(value)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [scrubText(k), scrubText(v)])) as T;
  }
  return value;
}

const isWebhook = (request: FastifyRequest) => request.url.startsWith('/webhooks/');

/** Before any schema or handler sees the request: refuse (API) or clean (webhooks). */
export function registerHostileInputGuard(app: FastifyInstance) {
  app.addHook('preValidation', async (request) => {
    if (isWebhook(request)) {
      request.params = scrubText(request.params);
      request.query = scrubText(request.query);
      if (!Buffer.isBuffer(request.body)) request.body = scrubText(request.body);
      return;
    }
    for (const [part, value] of [['caminho', request.params], ['consulta', request.query], ['corpo', request.body]] as const) {
      const where = findUnstorableText(value);
      if (where) {
        throw new AppError('validation_failed', `Dados inválidos — ${part}, ${where}: contém caracteres não permitidos (NUL ou UTF-16 inválido).`);
      }
    }
  });
}
