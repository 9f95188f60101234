// Every error the API answers, as `{ "error": { "code", "message", "details"? } }`: a closed set of
// codes, so that the server cannot invent one in passing and the agent app translates each.
export const ERROR_CODES = [
  'validation_failed',
  'bad_request',
  'payload_too_large',
  'unauthenticated',
  'invalid_credentials',
  'password_change_required',
  'webhook_unauthenticated',
  'forbidden',
  'module_not_enabled',
  'not_found',
  'invalid_reference',
  'conversation_already_assumed',
  'conversation_not_in_fila',
  'conversation_closed',
  'not_responsavel',
  'motivo_required',
  'motivo_inactive',
  'motivo_not_for_sector',
  'contact_blocked',
  'contact_has_live_conversation',
  'channel_cannot_start',
  'whatsapp_window_closed',
  'invalid_transfer',
  'conflict',
  'channel_check_failed',
  'already_installed',
  'rate_limited',
  'account_locked',
  'cross_site_request',
  'upload_quota_exceeded',
  'client_not_linked',
  'bonus_not_allowed',
  'erp_refused',
  'erp_unavailable',
  'service_unavailable',
  'internal_error',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export interface ErrorBody {
  error: { code: ErrorCode; message: string; details?: Record<string, unknown> };
}
