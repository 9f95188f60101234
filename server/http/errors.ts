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
  forbidden: 403,
  module_not_enabled: 403,
  not_found: 404,
  invalid_reference: 422,
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
};

export function errorBody(code: ErrorCode, message: string, details?: Record<string, unknown>): ErrorBody {
  return { error: { code, message, ...(details ? { details } : {}) } };
}

export function registerErrorHandling(app: FastifyInstance) {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof AppError) {
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
    request.log.error({ err: error }, 'unexpected error');
    return reply.status(500).send(errorBody('internal_error', 'Erro interno.'));
  });
  app.setNotFoundHandler((request, reply) => {
    reply.status(404).send(errorBody('not_found', `Rota não encontrada: ${request.method} ${request.url.split('?')[0]}`));
  });
}
