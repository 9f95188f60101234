// Every setting, read from the environment and validated once.
import { join } from 'node:path';
import { z } from 'zod';

const schema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  // Unset: the embedded PGlite database in DATA_DIR. Set: a real PostgreSQL.
  DATABASE_URL: z.string().url().optional(),
  DATA_DIR: z.string().default('./data'),
  // Attachments on local disk; unset: DATA_DIR/files.
  FILES_DIR: z.string().min(1).optional(),
  // Set when several instances share live events.
  REDIS_URL: z.string().url().optional(),
  // The demo provider is seeded on the embedded database unless told otherwise.
  SEED_DEMO: z.enum(['auto', 'yes', 'no']).default('auto'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  COOKIE_SECURE: z.enum(['true', 'false']).default('false').transform((v) => v === 'true'),
  SESSION_DAYS: z.coerce.number().int().min(1).max(90).default(14),
}).transform((c) => ({ ...c, FILES_DIR: c.FILES_DIR ?? join(c.DATA_DIR, 'files') }));

export type Config = z.infer<typeof schema>;

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  // A variable set to an empty string counts as unset (`DATABASE_URL= npm start`).
  const given = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ''));
  const parsed = schema.safeParse(given);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Invalid configuration: ${problems}`);
  }
  return parsed.data;
}
