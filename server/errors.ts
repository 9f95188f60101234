// One error type for every rule Prosa refuses, with a stable code the interface translates.
export type ErrorCode =
  | 'validation_failed'
  | 'unauthenticated'
  | 'invalid_credentials'
  | 'forbidden'
  | 'module_not_enabled'
  | 'not_found'
  | 'conversation_already_assumed'
  | 'conversation_not_in_fila'
  | 'conversation_closed'
  | 'not_responsavel'
  | 'motivo_required'
  | 'contact_blocked'
  | 'contact_has_live_conversation'
  | 'channel_cannot_start'
  | 'whatsapp_window_closed'
  | 'invalid_transfer'
  | 'conflict'
  | 'rate_limited'
  | 'account_locked'
  | 'cross_site_request'
  | 'upload_quota_exceeded';

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const notFound = (what: string) => new AppError('not_found', `${what} não encontrado(a).`);
