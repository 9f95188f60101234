// One error type for every rule Prosa refuses, with a stable code the interface translates.
import type { ErrorCode } from '../api/errors.js';

export type { ErrorCode };

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
