// Maps every error to `{ error: { code, message } }` with its HTTP status, in one place.
import type { FastifyError, FastifyInstance } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import type { ErrorBody } from '../../api/errors.js';
import { isInputRejection, sqlState } from '../db/errors.js';
import { AppError, type ErrorCode } from '../errors.js';

const STATUS: Record<ErrorCode, number> = {
  validation_failed: 400,
  bad_request: 400,
  payload_too_large: 413,
  webhook_unauthenticated: 401,
  internal_error: 500,
  unauthenticated: 401,
  invalid_credentials: 401,
  password_change_required: 403,
  forbidden: 403,
  module_not_enabled: 403,
  not_found: 404,
  invalid_reference: 422,
  conversation_already_assumed: 409,
  conversation_not_in_fila: 409,
  conversation_closed: 409,
  not_responsavel: 403,
  motivo_required: 422,
  motivo_inactive: 422,
  motivo_not_for_sector: 422,
  contact_blocked: 409,
  contact_has_live_conversation: 409,
  channel_cannot_start: 422,
  whatsapp_window_closed: 422,
  invalid_transfer: 422,
  conflict: 409,
  // The channel's service (Meta, Telegram) refused the credentials: its reason, in the message.
  channel_check_failed: 422,
  already_installed: 409,
  rate_limited: 429,
  account_locked: 429,
  cross_site_request: 403,
  upload_quota_exceeded: 429,
  client_not_linked: 422,
  bonus_not_allowed: 422,
  // The provider's ERP said no (its words in the message), or did not answer in time.
  erp_refused: 422,
  erp_unavailable: 503,
  service_unavailable: 503,
};

export function errorBody(code: ErrorCode, message: string, details?: Record<string, unknown>): ErrorBody {
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
      const issues = error.validation.map((v) => ({ path: v.instancePath.replace(/^\//, '').replaceAll('/', '.'), message: v.message ?? '' }));
      const problems = issues.map((v) => `${v.path || error.validationContext}: ${v.message}`);
      // Each body field's problem by its path (options.0.label), for a form to show beside the field.
      const fields = Object.fromEntries(issues.filter((v) => v.path && error.validationContext === 'body').map((v) => [v.path, v.message]));
      return reply.status(400).send(errorBody('validation_failed', `Dados inválidos — ${problems.join('; ')}`, Object.keys(fields).length > 0 ? { fields } : undefined));
    }
    if (isResponseSerializationError(error)) {
      request.log.error({ err: error, issues: error.cause }, 'response does not match its schema');
      return reply.status(500).send(errorBody('internal_error', 'Erro interno.'));
    }
    const state = sqlState(error);
    if (state === '23505') {
      return reply.status(409).send(errorBody('conflict', 'Já existe um registro com estes dados (nome, atalho ou telefone repetido).'));
    }
    if (state === '23503') {
      return reply.status(422).send(errorBody('invalid_reference', 'Um dos registros indicados não existe.'));
    }
    if (isInputRejection(error)) {
      // The database refused a value the schema let through: the caller's input, never a 500.
      request.log.warn({ err: error, sqlState: state }, 'input refused by the database');
      return reply.status(400).send(errorBody('validation_failed', 'Dados inválidos: um dos valores não pode ser armazenado.'));
    }
    if (error.statusCode === 429) {
      return reply.status(429).send(errorBody('rate_limited', 'Muitas tentativas; aguarde um pouco e tente de novo.'));
    }
    if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
      // Fastify's own refusals: malformed JSON, wrong content type, body too large...
      return reply.status(error.statusCode).send(errorBody(error.code === 'FST_ERR_CTP_BODY_TOO_LARGE' ? 'payload_too_large' : 'bad_request', error.message));
    }
    if (lostDatabaseConnection(error)) {
      // PostgreSQL restarting or out of reach for a moment: the pool reconnects on the next query.
      request.log.warn({ err: error }, 'database unreachable');
      return reply
        .status(503)
        .header('Retry-After', String(DATABASE_RETRY_AFTER_SECONDS))
        .send(errorBody('service_unavailable', 'O sistema está temporariamente indisponível; tente de novo em alguns segundos.'));
    }
    request.log.error({ err: error }, 'unexpected error');
    return reply.status(500).send(errorBody('internal_error', 'Erro interno.'));
  });
  app.setNotFoundHandler((request, reply) => {
    reply.status(404).send(errorBody('not_found', `Rota não encontrada: ${request.method} ${request.url.split('?')[0]}`));
  });
}

const DATABASE_RETRY_AFTER_SECONDS = 5;
// Node's socket errors and node-postgres's own, for a connection refused, dropped or never made.
const CONNECTION_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN']);
const CONNECTION_MESSAGES = /^(Connection terminated|Client has encountered a connection error|timeout exceeded when trying to connect|Client was closed and is not queryable|Connection terminated due to connection timeout)/;

/**
 * An error (or its cause: Drizzle wraps the driver's) that says the database connection was lost
 * or refused, not that the query was wrong: SQLSTATE class 08 (connection exception), 57P01-57P03
 * (the server shutting down or starting), or the socket failing.
 */
export function lostDatabaseConnection(error: unknown): boolean {
  for (let current = error, depth = 0; current instanceof Error && depth < 5; current = current.cause, depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && (CONNECTION_CODES.has(code) || /^08[0-9A-Z]{3}$/.test(code) || /^57P0[123]$/.test(code))) return true;
    if (CONNECTION_MESSAGES.test(current.message)) return true;
    if (current instanceof AggregateError && current.errors.some((inner) => lostDatabaseConnection(inner))) return true;
  }
  return false;
}
