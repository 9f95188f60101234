// Every setting, read from the environment and validated once.
import { isIP } from 'node:net';
import { join } from 'node:path';
import { z } from 'zod';
import { API_VERSION_PATTERN, DEFAULT_API_VERSION } from './channels/whatsapp/settings.js';

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
  // The address agents open Prosa at (https://chat.provedor.com.br): state-changing requests and
  // the live feed must come from pages of this origin. Unset: the host each request addressed.
  PUBLIC_URL: z.string().url().refine((url) => /^https?:\/\//i.test(url), 'must be an http:// or https:// URL').optional(),
  // Who may tell the client's address in X-Forwarded-For: unset, nobody (the peer's address counts);
  // a number, that many proxies in front; or addresses/CIDRs (and proxy-addr's loopback,
  // linklocal, uniquelocal), comma-separated. Rate limits key on the address this yields.
  TRUST_PROXY: z.string().trim().optional().transform((value, context) => {
    if (value === undefined || value === '') return false as const;
    if (/^\d+$/.test(value)) return Number(value);
    const entries = value.split(',').map((entry) => entry.trim()).filter(Boolean);
    const bad = entries.filter((entry) => !isProxyAddress(entry));
    if (bad.length > 0 || entries.length === 0) {
      context.addIssue({ code: 'custom', message: `expected a hop count or addresses/CIDRs, not ${bad.join(', ') || value} (true is refused: trusting every peer lets anyone choose their address)` });
      return z.NEVER;
    }
    return entries;
  }),
  // Account lockout: after this many wrong passwords in a row, logins to the account wait
  // LOGIN_LOCK_SECONDS, doubling with each further failure up to LOGIN_LOCK_MAX_SECONDS.
  LOGIN_LOCK_AFTER: z.coerce.number().int().min(1).max(100).default(5),
  LOGIN_LOCK_SECONDS: z.coerce.number().int().min(1).max(86_400).default(60),
  LOGIN_LOCK_MAX_SECONDS: z.coerce.number().int().min(1).max(86_400).default(900),
  // Files web-chat visitors may send in an hour: each visitor, and all of a channel's together.
  WEBCHAT_UPLOAD_MB_PER_VISITOR_HOUR: z.coerce.number().int().min(1).max(100_000).default(200),
  WEBCHAT_UPLOAD_MB_PER_CHANNEL_HOUR: z.coerce.number().int().min(1).max(1_000_000).default(2000),
  // The Graph API version WhatsApp channels call unless a channel names its own (config.apiVersion).
  WHATSAPP_API_VERSION: z.string().regex(API_VERSION_PATTERN, 'must look like v27.0').default(DEFAULT_API_VERSION),
  // How long a worker holds a job before another may take it (the worker died).
  JOBS_LEASE_SECONDS: z.coerce.number().int().min(1).max(3600).default(60),
  // Finished jobs and live events (the feed a reconnecting agent catches up from) are deleted
  // after these many days.
  JOBS_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(30),
  FEED_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(7),
  // Prometheus scrapes /metrics with this bearer token; without it, /metrics does not exist.
  METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
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

function isProxyAddress(entry: string): boolean {
  if (['loopback', 'linklocal', 'uniquelocal'].includes(entry)) return true;
  const [address, prefix, ...rest] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128);
}

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
