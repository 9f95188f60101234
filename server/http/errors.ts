// Maps every error to `{ error: { code, message } }` with its HTTP status, in one place.
import type { FastifyError, FastifyInstance } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { AppError, type ErrorCode } from '../errors.js';

const STATUS: Record<ErrorCode, number> = {
  validation_failed: 400,
  unauthenticated: 401,
  invalid_credentials: 401,
  forbidden: 403,
  module_not_enabled: 403,
  not_found: 404,
  conversation_already_assumed: 409,
  conversation_not_in_fila: 409,
  conversation_closed: 409,
  not_responsavel: 403,
  motivo_required: 422,
  contact_blocked: 409,
  contact_has_live_conversation: 409,
  channel_cannot_start: 422,
  whatsapp_window_closed: 422,
  invalid_transfer: 422,
  conflict: 409,
  rate_limited: 429,
  account_locked: 429,
  cross_site_request: 403,
};

export function errorBody(code: string, message: string, details?: Record<string, unknown>) {
  return { error: { code, message, ...(details ? { details } : {}) } };
}

export function registerErrorHandling(app: FastifyInstance) {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof AppError) {
      const retryAfter = error.details?.retryAfterSeconds;
      if (typeof retryAfter === 'number') reply.header('Retry-After', String(retryAfter));
      return reply.status(STATUS[error.code]).send(errorBody(error.code, error.message, error.details));
    }
    if (hasZodFastifySchemaValidationErrors(error)) {
      const problems = error.validation.map((v) => `${v.instancePath.replace(/^\//, '').replaceAll('/', '.') || error.validationContext}: ${v.message}`);
      return reply.status(400).send(errorBody('validation_failed', `Dados inválidos — ${problems.join('; ')}`));
    }
    if (isResponseSerializationError(error)) {
      request.log.error({ err: error, issues: error.cause }, 'response does not match its schema');
      return reply.status(500).send(errorBody('internal_error', 'Erro interno.'));
    }
    if (error.statusCode === 429) {
      return reply.status(429).send(errorBody('rate_limited', 'Muitas tentativas; aguarde um pouco e tente de novo.'));
    }
    if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
      // Fastify's own refusals: malformed JSON, wrong content type, body too large...
      return reply.status(error.statusCode).send(errorBody(error.code === 'FST_ERR_CTP_BODY_TOO_LARGE' ? 'payload_too_large' : 'bad_request', error.message));
    }
    request.log.error({ err: error }, 'unexpected error');
    return reply.status(500).send(errorBody('internal_error', 'Erro interno.'));
  });
  app.setNotFoundHandler((request, reply) => {
    reply.status(404).send(errorBody('not_found', `Rota não encontrada: ${request.method} ${request.url.split('?')[0]}`));
  });
}
