// Every setting, read from the environment and validated once.
import { join } from 'node:path';
import { z } from 'zod';

// Any of these set means files go to S3.
const S3_SETTINGS = ['S3_ENDPOINT', 'S3_REGION', 'S3_BUCKET', 'S3_ACCESS_KEY_ID', 'S3_SECRET_ACCESS_KEY', 'S3_FORCE_PATH_STYLE'] as const;

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
  // Attachments in an S3-compatible store instead of FILES_DIR: what several instances need, since
  // a disk belongs to one machine. None of these, or at least the bucket and both keys.
  // Unset endpoint: AWS S3 itself, in S3_REGION.
  S3_ENDPOINT: z.string().url().refine((url) => /^https?:\/\//i.test(url), 'must be an http:// or https:// URL').optional(),
  S3_REGION: z.string().min(1).optional(),
  S3_BUCKET: z.string().min(1).optional(),
  S3_ACCESS_KEY_ID: z.string().min(1).optional(),
  S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
  // Requests to <endpoint>/<bucket>/<key> (MinIO, Ceph, most self-hosted stores) rather than <bucket>.<endpoint>.
  S3_FORCE_PATH_STYLE: z.enum(['true', 'false']).optional(),
  // The demo provider is seeded on the embedded database unless told otherwise.
  SEED_DEMO: z.enum(['auto', 'yes', 'no']).default('auto'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  COOKIE_SECURE: z.enum(['true', 'false']).default('false').transform((v) => v === 'true'),
  SESSION_DAYS: z.coerce.number().int().min(1).max(90).default(14),
  // How long a worker holds a job before another may take it (the worker died).
  JOBS_LEASE_SECONDS: z.coerce.number().int().min(1).max(3600).default(60),
  // Finished jobs and live events (the feed a reconnecting agent catches up from) are deleted
  // after these many days.
  JOBS_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(30),
  FEED_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(7),
}).superRefine((c, context) => {
  const given = S3_SETTINGS.filter((name) => c[name] !== undefined);
  const missing = (['S3_BUCKET', 'S3_ACCESS_KEY_ID', 'S3_SECRET_ACCESS_KEY'] as const).filter((name) => c[name] === undefined);
  if (given.length === 0 || missing.length === 0) return;
  context.addIssue({
    code: 'custom',
    path: ['S3'],
    message: `files in S3 need S3_BUCKET, S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY; ${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} ` +
      `missing (${given.join(', ')} ${given.length === 1 ? 'is' : 'are'} set). Set ${missing.length === 1 ? 'it' : 'them'}, or none of the S3_* settings to keep files on disk`,
  });
}).transform((c) => ({
  ...c,
  FILES_DIR: c.FILES_DIR ?? join(c.DATA_DIR, 'files'),
  S3_REGION: c.S3_REGION ?? 'us-east-1',
  S3_FORCE_PATH_STYLE: (c.S3_FORCE_PATH_STYLE ?? 'true') === 'true',
}));

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
