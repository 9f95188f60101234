// PostgreSQL's own refusals (SQLSTATE), as node-postgres and PGlite report them, also when Drizzle
// wraps them (the original is the `cause`).
export function sqlState(error: unknown): string | undefined {
  for (let e: unknown = error, depth = 0; e && typeof e === 'object' && depth < 4; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return code;
  }
  return undefined;
}

/** The input was refused by the database (bad text, date, number, size): the caller's fault, not ours. */
export function isInputRejection(error: unknown): boolean {
  const code = sqlState(error);
  // 22: data exceptions (22P02 text representation, 22007/22008 dates, 22021 encoding, 22P05...);
  // 23: integrity (unique, foreign key, check); 54: limits (index row or tsvector too large).
  return code !== undefined && (code.startsWith('22') || code.startsWith('23') || code.startsWith('54'));
}

/**
 * A value the database can never store (bad text, date, number, size) — as opposed to a unique or
 * foreign-key violation, which two concurrent writes can cause and a retry resolves.
 */
export function isUnstorableValue(error: unknown): boolean {
  const code = sqlState(error);
  return code !== undefined && (code.startsWith('22') || code.startsWith('54'));
}
