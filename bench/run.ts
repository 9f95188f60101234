// npm run bench -- [--size 10k|100k|1m|<number>] [--requests 50] [--ingest 2000] [--in-flight 8]
//                  [--webhooks 2000] [--webhook-in-flight 16]
//                  [--fanout-sockets 1000] [--fanout-rate 500] [--fanout-seconds 5] [--fanout-team 20] [--no-fanout]
//                  [--explain] [--no-ingest] [--no-webhooks] [--no-vacuum] [--keep] [--json <file>] [--database prosa_bench]
//
// Without DATABASE_URL: a fresh in-memory PGlite. With it: a fresh database `prosa_bench` on that
// server (--database or BENCH_DATABASE names another, so two runs can share a server), dropped at the
// end. Prints ingest rates against a raw INSERT baseline, the seeding time of the BENCH.md data set, the latency of every request BENCH.md names, each next to its target, and
// the WhatsApp inbound figures: signed webhooks per second over HTTP, stored and on an agent's
// socket, and the latency from webhook to socket; then the fan-out: webhooks at a fixed pace to a
// listening server with many agents' sockets connected (bench/fanout.ts), through Redis when
// REDIS_URL is set.
import { writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import pg from 'pg';
import { and, desc, eq, sql, type SQL } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { PgDialect } from 'drizzle-orm/pg-core';
import { loadConfig } from '../server/config.js';
import { openDatabase, selectRows, type Database, type Db } from '../server/db/connection.js';
import { messages } from '../server/db/schema.js';
import { buildApp } from '../server/http/app.js';
import { SESSION_COOKIE } from '../server/sessions/sessions.js';
import { Bus } from '../server/events/bus.js';
import { PASSWORD } from '../test/support/fixtures.js';
import { benchIngest, type IngestResult } from './ingest.js';
import { latency, ms, seconds, table, TARGET_MS, thousands, type Latency } from './report.js';
import { BENCH_WHATSAPP, seedBenchmark, type SeedInfo } from './seed.js';
import { benchWebhooks, type WebhookResult } from './webhooks.js';
import { ABSENT_WORD, RARE_WORD } from './words.js';
import { benchFanout, type FanoutResult } from './fanout.js';

/** Issue 16: signed webhooks stored and on a socket at this share of the raw INSERT rate of the same run. */
const INGEST_RATIO_TARGET = 0.5;
/** Issue 16: p99 from webhook to socket, at FANOUT_RATE_TARGET webhooks/s with FANOUT_SOCKETS_TARGET sockets connected. */
const FANOUT_P99_TARGET_MS = 50;
const FANOUT_RATE_TARGET = 500;
const FANOUT_SOCKETS_TARGET = 1_000;
const WARMUP = 5;

// ── Command line ─────────────────────────────────────────────────────────────────────────────

interface Options {
  size: number;
  requests: number;
  ingest: number;
  inFlight: number;
  /** Signed WhatsApp webhooks per run (sequential, then webhookInFlight at a time); 0: none. */
  webhooks: number;
  webhookInFlight: number;
  /** Agent sockets connected during the fan-out; 0: no fan-out. */
  fanoutSockets: number;
  fanoutRate: number;
  fanoutSeconds: number;
  /** Agents per team (sector): how many sockets one message reaches. */
  fanoutTeam: number;
  explain: boolean;
  vacuum: boolean;
  /** PostgreSQL: leave the database in place for a look with psql (dropped at the next run). */
  keep: boolean;
  /** Also write the request figures to this file as JSON (bench/growth.ts puts sizes side by side). */
  json: string | null;
  /** PostgreSQL: the database the run creates, fills and drops. */
  database: string;
}

function parseSize(text: string): number {
  const match = /^(\d+(?:\.\d+)?)([km]?)$/i.exec(text.trim().replaceAll('_', '').replaceAll(',', ''));
  if (!match) throw new Error(`--size: expected 10k, 100k, 1m or a number, got "${text}"`);
  const value = Number(match[1]) * ({ '': 1, k: 1_000, m: 1_000_000 } as Record<string, number>)[match[2].toLowerCase()];
  if (!Number.isInteger(value) || value < 100) throw new Error(`--size: at least 100 conversations, got "${text}"`);
  return value;
}

function parseArgs(argv: string[]): Options {
  const options: Options = {
    size: 10_000, requests: 50, ingest: 2_000, inFlight: 8, webhooks: 2_000, webhookInFlight: 16,
    fanoutSockets: 1_000, fanoutRate: 500, fanoutSeconds: 5, fanoutTeam: 20, explain: false, vacuum: true, keep: false, json: null,
    database: process.env.BENCH_DATABASE || 'prosa_bench',
  };
  const value = (i: number) => {
    if (argv[i + 1] === undefined) throw new Error(`${argv[i]} needs a value`);
    return argv[i + 1];
  };
  const count = (text: string, name: string, min: number) => {
    const n = Number(text);
    if (!Number.isInteger(n) || n < min) throw new Error(`${name}: expected an integer >= ${min}, got "${text}"`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split('=', 2) as [string, string | undefined];
    const take = () => (inline !== undefined ? inline : value(i++));
    switch (flag) {
      case '--size': options.size = parseSize(take()); break;
      case '--requests': options.requests = count(take(), '--requests', 50); break;
      case '--ingest': options.ingest = count(take(), '--ingest', 0); break;
      case '--in-flight': options.inFlight = count(take(), '--in-flight', 1); break;
      case '--webhooks': options.webhooks = count(take(), '--webhooks', 0); break;
      case '--webhook-in-flight': options.webhookInFlight = count(take(), '--webhook-in-flight', 1); break;
      case '--explain': options.explain = true; break;
      case '--no-ingest': options.ingest = 0; break;
      case '--no-webhooks': options.webhooks = 0; break;
      case '--fanout-sockets': options.fanoutSockets = count(take(), '--fanout-sockets', 0); break;
      case '--fanout-rate': options.fanoutRate = count(take(), '--fanout-rate', 1); break;
      case '--fanout-seconds': options.fanoutSeconds = count(take(), '--fanout-seconds', 1); break;
      case '--fanout-team': options.fanoutTeam = count(take(), '--fanout-team', 1); break;
      case '--no-fanout': options.fanoutSockets = 0; break;
      case '--no-vacuum': options.vacuum = false; break;
      case '--keep': options.keep = true; break;
      case '--json': options.json = take(); break;
      case '--database': options.database = take(); break;
      case '--help': case '-h':
        console.log('npm run bench -- [--size 10k|100k|1m|<n>] [--requests 50] [--ingest 2000] [--in-flight 8] [--webhooks 2000] '
          + '[--webhook-in-flight 16] [--fanout-sockets 1000] [--fanout-rate 500] [--fanout-seconds 5] [--fanout-team 20] [--no-fanout] [--explain] [--no-ingest] [--no-webhooks] [--no-vacuum] [--keep] [--database prosa_bench]');
        process.exit(0);
      // falls through (exit)
      default:
        if (/^\d/.test(flag)) options.size = parseSize(flag);
        else throw new Error(`unknown argument "${argv[i]}" (try --help)`);
    }
  }
  // Interpolated into DROP/CREATE DATABASE: a plain identifier only.
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(options.database)) throw new Error(`--database: expected a lowercase identifier, got "${options.database}"`);
  return options;
}

// ── Database ─────────────────────────────────────────────────────────────────────────────────

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

async function onServer(url: string, statement: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

async function open(name: string): Promise<{ database: Database; label: string; drop: () => Promise<void> }> {
  const url = process.env.DATABASE_URL;
  if (!url) {
    return { database: await openDatabase({}), label: 'PGlite (in-memory)', drop: async () => {} };
  }
  await onServer(url, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await onServer(url, `CREATE DATABASE ${name}`);
  const database = await openDatabase({ url: withDatabase(url, name) });
  const version = await selectRows<{ v: string }>(database.db, sql`SELECT current_setting('server_version') AS v`);
  const host = new URL(url).host;
  return {
    database,
    label: `PostgreSQL ${version[0].v} at ${host}, database ${name}`,
    drop: () => onServer(url, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}

/**
 * With --explain, the app gets a db that remembers the raw SQL it runs (lists, counts, searches go
 * through db.execute), so the plans shown are of the very queries the endpoints sent.
 */
function recording(db: Db) {
  const recorder = { on: false, queries: [] as SQL[] };
  const proxy = new Proxy(db, {
    get(target, property) {
      if (property === 'execute') {
        return (query: SQL) => {
          if (recorder.on) recorder.queries.push(query);
          return target.execute(query);
        };
      }
      const value = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return { db: proxy as Db, recorder };
}

// ── Measuring ────────────────────────────────────────────────────────────────────────────────

interface Row {
  figure: string;
  latency: Latency;
  note: string;
}

type Body = Record<string, any>;

async function inject(app: FastifyInstance, cookie: string, url: string): Promise<Body> {
  const response = await app.inject({ method: 'GET', url, headers: { cookie } });
  if (response.statusCode !== 200) throw new Error(`GET ${url}: ${response.statusCode} ${response.body.slice(0, 300)}`);
  return response.json() as Body;
}

async function sample(requests: number, once: () => Promise<Body>): Promise<{ latency: Latency; last: Body }> {
  let last: Body = {};
  for (let i = 0; i < WARMUP; i++) last = await once();
  const samples: number[] = [];
  for (let i = 0; i < requests; i++) {
    const t0 = performance.now();
    last = await once();
    samples.push(performance.now() - t0);
  }
  return { latency: latency(samples), last };
}

const countText = (c: { total: number; exact: boolean }) => `${c.total}${c.exact ? '' : '+'}`;
const listNote = (tab: string) => (body: Body) =>
  `${body.items.length} items, ${tab} ${countText(body.counts[tab])} (fila ${countText(body.counts.fila)}, abertos ${countText(body.counts.abertos)}, fechados ${countText(body.counts.fechados)})`;

// ── Main ─────────────────────────────────────────────────────────────────────────────────────

async function main() {
  const options = parseArgs(process.argv.slice(2));
  const runStarted = performance.now();
  const log = (line: string) => console.log(line);
  const { database, label, drop } = await open(options.database);
  log(`Prosa benchmark — ${thousands(options.size)} conversations on ${label}`);
  const loadAtStart = loadavg()[0];
  log(`node ${process.version}, ${cpus().length} CPUs, load average ${loadAtStart.toFixed(2)}; ${options.requests} timed requests after ${WARMUP} warm-up per figure`);
  const db = database.db;
  const output: string[] = [];
  try {
    // 1. Ingest
    let ingest: IngestResult | null = null;
    if (options.ingest > 0) {
      log(`\n[1/6] ingest: ${options.ingest} messages sequential and ${options.ingest} with ${options.inFlight} in flight, desk vs raw INSERT…`);
      const t0 = performance.now();
      ingest = await benchIngest(db, { count: options.ingest, inFlight: options.inFlight });
      log(`  done in ${seconds(performance.now() - t0)} s`);
    }

    // 2. Seed
    log(`\n[2/6] seeding ${thousands(options.size)} conversations (set-based SQL)…`);
    const seed: SeedInfo = await seedBenchmark(db, { size: options.size, log });
    let vacuumMs: number | null = null;
    if (options.vacuum) {
      const t0 = performance.now();
      await db.execute(sql.raw('VACUUM'));
      vacuumMs = performance.now() - t0;
      log(`  VACUUM (visibility map, as autovacuum would leave it) — ${seconds(vacuumMs)} s`);
    }

    // 3. HTTP
    log(`\n[3/6] timing requests through the HTTP API (app.inject)…`);
    const { db: appDb, recorder } = options.explain ? recording(db) : { db, recorder: null };
    const app = await buildApp({ db: appDb, bus: new Bus(), config: loadConfig({ LOG_LEVEL: 'silent' } as NodeJS.ProcessEnv) });
    await app.ready();
    const login = async (email: string) => {
      const response = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password: PASSWORD } });
      if (response.statusCode !== 200) throw new Error(`login ${email}: ${response.statusCode} ${response.body}`);
      const cookie = response.cookies.find((c) => c.name === SESSION_COOKIE);
      if (!cookie) throw new Error(`login ${email}: no session cookie`);
      return `${cookie.name}=${cookie.value}`;
    };
    const admin = await login(seed.adminEmail);
    const supervisor = await login(seed.supervisorEmail);
    const atendente = await login(seed.atendente.email);

    const rows: Row[] = [];
    const time = async (figure: string, cookie: string, url: string, note: (body: Body) => string) => {
      const { latency: l, last } = await sample(options.requests, () => inject(app, cookie, url));
      rows.push({ figure, latency: l, note: note(last) });
      log(`  ${figure}: p95 ${ms(l.p95)} ms`);
      return last;
    };

    for (const tab of ['fila', 'abertos', 'fechados'] as const) {
      await time(`Admin: ${tab[0].toUpperCase()}${tab.slice(1)} tab (page + counts)`, admin, `/api/v1/conversations?tab=${tab}`, listNote(tab));
    }
    const accented = await time('Admin: Fechados, name "conceição"', admin,
      `/api/v1/conversations?tab=fechados&q=${encodeURIComponent('conceição')}`, listNote('fechados'));
    const plain = await time('Admin: Fechados, name "conceicao"', admin, '/api/v1/conversations?tab=fechados&q=conceicao', listNote('fechados'));
    const ids = (body: Body) => (body.items as { id: number }[]).map((c) => c.id);
    const sameIds = JSON.stringify(ids(accented)) === JSON.stringify(ids(plain));
    const sameCounts = JSON.stringify(accented.counts) === JSON.stringify(plain.counts);
    const nameCheck = `name search "conceição" vs "conceicao": ${sameIds ? 'same' : 'DIFFERENT'} ${ids(plain).length} ids on the first page, `
      + `${sameCounts ? 'same' : 'DIFFERENT'} counts (fechados ${countText(plain.counts.fechados)}) — ${sameIds && sameCounts && ids(plain).length > 0 ? 'OK' : 'FAILED'}`;
    log(`  ${nameCheck}`);

    await time('"boleto" in one contact\'s history', admin,
      `/api/v1/conversations/${seed.historyConversationId}/search?q=boleto`,
      (body) => `conversation ${seed.historyConversationId}: ${body.total} matches, ${new Set((body.matches as { conversationId: number }[]).map((m) => m.conversationId)).size} conversations`);
    // Buscar em todas as conversas, as the supervisor: a common word, a rare one, one said nowhere.
    const searchNote = (body: Body) => `${body.matches.length} matches, more: ${body.nextBefore !== null}`;
    const searchUrl = (word: string) => `/api/v1/messages/search?q=${encodeURIComponent(word)}`;
    await time('"boleto" across the provider (Buscar em todas)', supervisor, searchUrl('boleto'), searchNote);
    await time(`"${RARE_WORD}" (rare) across the provider`, supervisor, searchUrl(RARE_WORD), searchNote);
    await time(`"${ABSENT_WORD}" (absent) across the provider`, supervisor, searchUrl(ABSENT_WORD), searchNote);
    await time('Open the 1,000-message conversation: newest page', admin,
      `/api/v1/conversations/${seed.bigConversationId}/messages`, (body) => `${body.messages.length} messages, more: ${body.nextBefore !== null}`);
    await time('Open a 10-message conversation: newest page', admin,
      `/api/v1/conversations/${seed.shortConversationId}/messages`, (body) => `${body.messages.length} messages, more: ${body.nextBefore !== null}`);
    const who = `Atendente (${seed.atendente.sectors.join(' + ')})`;
    for (const tab of ['fila', 'abertos', 'fechados'] as const) {
      await time(`${who}: ${tab[0].toUpperCase()}${tab.slice(1)} tab`, atendente, `/api/v1/conversations?tab=${tab}`, listNote(tab));
    }
    for (const tab of ['fila', 'abertos', 'fechados'] as const) {
      await time(`Supervisor: ${tab[0].toUpperCase()}${tab.slice(1)} tab`, supervisor, `/api/v1/conversations?tab=${tab}`, listNote(tab));
    }

    // 4. WhatsApp webhooks, after the requests so that their new conversations do not move those figures
    let webhooks: WebhookResult | null = null;
    if (options.webhooks > 0) {
      log(`\n[4/6] WhatsApp webhooks over HTTP: 200 first messages, ${options.webhooks} sequential and ${options.webhooks} with `
        + `${options.webhookInFlight} in flight, to ${seed.atendente.email}'s socket…`);
      const t0 = performance.now();
      webhooks = await benchWebhooks(db, {
        channelId: seed.channelId,
        phoneNumberId: BENCH_WHATSAPP.phoneNumberId,
        appSecret: BENCH_WHATSAPP.appSecret,
        agentEmail: seed.atendente.email,
        count: options.webhooks,
        inFlight: options.webhookInFlight,
        log,
      });
      log(`  done in ${seconds(performance.now() - t0)} s`);
    }

    // 5. Fan-out, last: it moves the channel's live conversations into teams of its own
    let fanout: FanoutResult | null = null;
    if (options.fanoutSockets > 0) {
      log(`\n[5/6] fan-out: ${options.fanoutSockets} agent sockets in teams of ${options.fanoutTeam}, webhooks at `
        + `${options.fanoutRate}/s for ${options.fanoutSeconds} s, over HTTP${process.env.REDIS_URL ? ' and the Redis adapter' : ''}…`);
      const t0 = performance.now();
      fanout = await benchFanout(db, {
        providerId: seed.providerId,
        channelId: seed.channelId,
        phoneNumberId: BENCH_WHATSAPP.phoneNumberId,
        appSecret: BENCH_WHATSAPP.appSecret,
        sockets: options.fanoutSockets,
        perSector: options.fanoutTeam,
        rate: options.fanoutRate,
        seconds: options.fanoutSeconds,
        redisUrl: process.env.REDIS_URL || undefined,
        log,
      });
      log(`  done in ${seconds(performance.now() - t0)} s`);
    }

    // 6. Report
    log(`\n[6/6] report`);
    const totalMs = performance.now() - runStarted;
    output.push('');
    output.push(`=== Prosa benchmark: ${thousands(seed.rows.conversations)} conversations, ${thousands(seed.rows.messages)} messages, `
      + `${thousands(seed.rows.contacts)} contacts — ${label} ===`);
    output.push(`situacao: ${Object.entries(seed.situacoes).map(([k, v]) => `${k} ${thousands(v)}`).join(', ')}`);
    if (ingest) {
      output.push('');
      output.push(table(
        ['Ingest', 'messages', 'seconds', 'msgs/s', 'target'],
        ingest.figures.map((f) => [f.figure, thousands(f.messages), seconds(f.ms), thousands(f.perSecond), 'none in BENCH.md']),
        ['left', 'right', 'right', 'right', 'left'],
      ));
      output.push('');
      output.push(table(
        ['Ingest ratio', 'desk/raw', 'target'],
        ingest.ratios.map((r) => [r.figure, r.ratio.toFixed(2), 'none in BENCH.md']),
        ['left', 'right', 'left'],
      ));
    }
    output.push('');
    output.push(table(
      ['Seeding', 'seconds', 'target'],
      [
        ...seed.steps.map((s) => [`  ${s.step}`, seconds(s.ms), '']),
        ['seeding time (set-based SQL + ANALYZE)', seconds(seed.totalMs), 'none in BENCH.md (a figure to print)'],
        ...(vacuumMs === null ? [] : [['VACUUM after seeding (not in seeding time)', seconds(vacuumMs), '']]),
      ],
      ['left', 'right', 'left'],
    ));
    output.push('');
    output.push(table(
      ['Request (ms)', 'p50', 'p95', 'max', 'target', 'verdict', 'result'],
      rows.map((r) => [r.figure, ms(r.latency.p50), ms(r.latency.p95), ms(r.latency.max), `p95 < ${TARGET_MS} ms`,
        r.latency.p95 < TARGET_MS ? 'OK' : 'OVER', r.note]),
      ['left', 'right', 'right', 'right', 'left', 'left', 'left'],
    ));
    if (webhooks) output.push('', ...webhookReport(webhooks, ingest));
    if (fanout) output.push('', ...fanoutReport(fanout));
    output.push('');
    output.push(`Check: ${nameCheck}`);
    output.push(`Not measurable in one run: "growing by no more than 2x from 10k to 1M" — compare the p95 column across sizes.`);
    output.push(`Total run time: ${seconds(totalMs)} s (${options.requests} timed + ${WARMUP} warm-up requests per figure); `
      + `1-min load average ${loadAtStart.toFixed(2)} at start, ${loadavg()[0].toFixed(2)} at the end on ${cpus().length} CPUs `
      + `(a busy machine widens p95 and max)`);
    console.log(output.join('\n'));
    if (options.json) {
      const figures = rows.map((r) => ({ figure: r.figure, p50: r.latency.p50, p95: r.latency.p95, max: r.latency.max, note: r.note }));
      writeFileSync(options.json, JSON.stringify({
        size: options.size, label, conversations: seed.rows.conversations, messages: seed.rows.messages,
        load: { start: loadAtStart, end: loadavg()[0] }, figures,
      }, null, 2));
    }

    if (options.explain && recorder) {
      console.log('\n=== EXPLAIN (ANALYZE, BUFFERS) of the SQL each endpoint sent ===');
      const explainRequest = async (title: string, cookie: string, url: string) => {
        recorder.queries = [];
        recorder.on = true;
        await inject(app, cookie, url);
        recorder.on = false;
        for (const [i, query] of recorder.queries.entries()) await explain(db, `${title} — query ${i + 1} of ${recorder.queries.length}`, query);
      };
      await explainRequest('Admin: Fechados tab', admin, '/api/v1/conversations?tab=fechados');
      for (const tab of ['fila', 'abertos', 'fechados'] as const) {
        await explainRequest(`${who}: ${tab} tab`, atendente, `/api/v1/conversations?tab=${tab}`);
      }
      await explainRequest('Admin: Fechados, name "conceicao"', admin, '/api/v1/conversations?tab=fechados&q=conceicao');
      await explainRequest('"boleto" in one contact\'s history', admin, `/api/v1/conversations/${seed.historyConversationId}/search?q=boleto`);
      // listMessages builds its page with the query builder, not db.execute: the same query, rebuilt here.
      const messagesPage = db.select().from(messages)
        .where(and(eq(messages.providerId, seed.providerId), eq(messages.conversationId, seed.bigConversationId)))
        .orderBy(desc(messages.id)).limit(51).getSQL();
      await explain(db, 'Open the 1,000-message conversation: newest page (listMessages query, rebuilt)', messagesPage);
      for (const word of ['boleto', RARE_WORD, ABSENT_WORD]) {
        await explainRequest(`"${word}" across the provider`, supervisor, searchUrl(word));
      }
    }
    await app.close();
  } finally {
    await database.close();
    if (options.keep && process.env.DATABASE_URL) console.log(`\n--keep: database ${options.database} left in place`);
    else await drop();
  }
}

function webhookReport(result: WebhookResult, ingest: IngestResult | null): string[] {
  const lines: string[] = [];
  const rate = (value: number) => (Number.isFinite(value) ? thousands(value) : '-');
  lines.push(table(
    ['WhatsApp webhooks (signed, over HTTP)', 'webhooks', 'to last 200 s', 'accepted/s', 'to last socket s', 'on socket/s', 'target'],
    result.phases.map((p) => [p.figure, thousands(p.webhooks), seconds(p.acceptedMs), rate(p.acceptedPerSecond),
      seconds(p.deliveredMs), rate(p.deliveredPerSecond), 'none in BENCH.md']),
    ['left', 'right', 'right', 'right', 'right', 'right', 'left'],
  ));
  lines.push('');
  const row = (run: string, interval: string, l: Latency) => [run, interval, ms(l.p50), ms(l.p95), ms(l.p99), ms(l.max), thousands(l.n)];
  lines.push(table(
    ['Webhook latency (ms)', 'from → to', 'p50', 'p95', 'p99', 'max', 'n'],
    result.phases.flatMap((p) => [
      row(p.figure, 'request start → HTTP 200', p.answer),
      row('', 'request start → agent\'s socket', p.toSocket),
      row('', 'HTTP 200 → agent\'s socket', p.afterAnswer),
    ]),
    ['left', 'left', 'right', 'right', 'right', 'right', 'right'],
  ));
  const steady = result.phases.slice(1);
  if (ingest) {
    // The ingest figures: raw INSERT (and receiveMessage, called directly) on the same database.
    const figure = (prefix: string) => ingest.figures.find((f) => f.figure.startsWith(prefix));
    const rawSequential = figure('raw INSERT, sequential');
    const rawParallel = ingest.figures.find((f) => f.figure.startsWith('raw INSERT, ') && f !== rawSequential);
    const deskSequential = figure('desk: receiveMessage, sequential');
    const deskParallel = ingest.figures.find((f) => f.figure.startsWith('desk: receiveMessage, ') && f !== deskSequential);
    const ratios: string[][] = [];
    const [sequential, parallel] = steady;
    // Issue 16: webhooks stored and on the agent's socket at half the raw INSERT rate at least.
    const add = (label: string, webhooksPerSecond: number, base: { figure: string; perSecond: number } | undefined) => {
      if (!base) return;
      const ratio = webhooksPerSecond / base.perSecond;
      const raw = base.figure.startsWith('raw');
      ratios.push([`${label} ÷ ${base.figure}`, ratio.toFixed(2), raw ? `≥ ${INGEST_RATIO_TARGET.toFixed(2)}` : 'none',
        raw ? (ratio >= INGEST_RATIO_TARGET ? 'OK' : 'UNDER') : '']);
    };
    if (sequential) {
      add('webhooks on socket/s, sequential', sequential.deliveredPerSecond, rawSequential);
      add('webhooks on socket/s, sequential', sequential.deliveredPerSecond, deskSequential);
    }
    if (parallel) {
      add(`webhooks on socket/s, ${parallel.inFlight} in flight`, parallel.deliveredPerSecond, rawParallel);
      add(`webhooks on socket/s, ${parallel.inFlight} in flight`, parallel.deliveredPerSecond, deskParallel);
    }
    lines.push('');
    lines.push(table(['Webhook ratio', 'ratio', 'target', 'verdict'], ratios, ['left', 'right', 'left', 'left']));
  } else {
    lines.push('', 'Webhook ratio: no raw INSERT baseline (--no-ingest).');
  }
  const t = result.total;
  const before = result.phases.reduce((n, p) => n + p.socketBeforeAnswer, 0);
  const ok = t.non200 === 0 && t.storedOnce === t.webhooks && t.onSocketOnce === t.webhooks && t.stray === 0;
  lines.push('');
  lines.push(`Check: webhooks ${thousands(t.webhooks)}, answered 200 ${thousands(t.webhooks - t.non200)}, stored exactly once `
    + `${thousands(t.storedOnce)} (messages table), on ${result.agent}'s socket exactly once ${thousands(t.onSocketOnce)}, `
    + `stray ${t.stray} — ${ok ? 'OK' : 'FAILED'}`);
  lines.push(`Note: the message.created event is published after commit and before the 200 is written, so it often reaches the socket `
    + `first (${thousands(before)} of ${thousands(t.webhooks)} here): "HTTP 200 → agent's socket" is then negative. `
    + `Client, server and socket share one process on this machine.`);
  return lines;
}

function fanoutReport(f: FanoutResult): string[] {
  const lines: string[] = [];
  const p99Ok = f.toSocket.p99 < FANOUT_P99_TARGET_MS;
  const rateOk = f.sentPerSecond >= FANOUT_RATE_TARGET * 0.98 && f.deliveredPerSecond >= FANOUT_RATE_TARGET * 0.98;
  const socketsOk = f.sockets >= FANOUT_SOCKETS_TARGET;
  const verdict = (ok: boolean) => (ok ? 'OK' : 'MISSED');
  lines.push(`Fan-out: ${thousands(f.sockets)} logged-in agent sockets in ${f.sectors} teams (sectors), ${thousands(f.conversations)} live `
    + `conversations attended by them; ${thousands(f.webhooks)} signed webhooks paced at ${f.targetRate}/s (open loop) from another process; `
    + `events ${f.redis ? 'through the Redis adapter' : 'in-process (no REDIS_URL)'}`);
  lines.push(table(
    ['Fan-out', 'measured', 'target', 'verdict'],
    [
      ['agent sockets connected', thousands(f.sockets), `${thousands(FANOUT_SOCKETS_TARGET)}`, verdict(socketsOk)],
      ['webhooks sent/s (achieved pace)', f.sentPerSecond.toFixed(0), `${FANOUT_RATE_TARGET}/s`, verdict(f.sentPerSecond >= FANOUT_RATE_TARGET * 0.98)],
      ['messages on every team socket/s', f.deliveredPerSecond.toFixed(0), `${FANOUT_RATE_TARGET}/s`, verdict(f.deliveredPerSecond >= FANOUT_RATE_TARGET * 0.98)],
      ['webhook due → socket p99 (ms)', ms(f.toSocket.p99), `< ${FANOUT_P99_TARGET_MS} ms`, verdict(p99Ok)],
    ],
    ['left', 'right', 'left', 'left'],
  ));
  lines.push('');
  const row = (interval: string, l: Latency) => [interval, ms(l.p50), ms(l.p95), ms(l.p99), ms(l.max), thousands(l.n)];
  lines.push(table(
    ['Fan-out latency (ms)', 'p50', 'p95', 'p99', 'max', 'n'],
    [
      row('webhook due → each team socket', f.toSocket),
      row('webhook due → HTTP 200', f.answer),
      row('sender lag (sent − due)', f.sendLag),
    ],
    ['left', 'right', 'right', 'right', 'right', 'right'],
  ));
  const share = (value: number) => `${(value * 100).toFixed(0)} %`;
  lines.push(`Where the time went (share of one core, from the first webhook to the end, ${cpus().length} cores in all): the server's process `
    + `${share(f.serverCpu)}, Meta's and the agents' process ${share(f.agentsCpu)}`
    + `${f.databaseCpu === null ? ' (PGlite runs inside the server\'s process)' : `, PostgreSQL's backends ${share(f.databaseCpu)}`}; `
    + `the server's event loop ran p99 ${ms(f.loopDelayP99)} ms late`
    + `${f.poolWaitingMax === null ? '' : `, and up to ${f.poolWaitingMax} queries waited at once for one of the pool's connections`}.`);
  const complete = f.non200 === 0 && f.arrived === f.expected && f.duplicates === 0 && f.stray === 0;
  lines.push('');
  const others = Object.entries(f.otherAnswers).map(([status, n]) => `${status}: ${n}`).join(', ');
  lines.push(`Check: answered non-200 ${f.non200}${others ? ` (${others})` : ''}; (message, team socket) arrivals ${thousands(f.arrived)} of ${thousands(f.expected)}, `
    + `duplicates ${f.duplicates}, on a socket outside the team ${f.stray} — ${complete ? 'OK' : 'FAILED'}. `
    + `Verdict: ${socketsOk && rateOk && p99Ok ? 'target met' : 'target not met'}.`);
  return lines;
}

async function explain(db: Db, title: string, query: SQL) {
  const text = new PgDialect().sqlToQuery(query).sql.replace(/\s+/g, ' ').trim();
  const plan = await selectRows<Record<string, string>>(db, sql`EXPLAIN (ANALYZE, BUFFERS) ${query}`);
  console.log(`\n--- ${title}\n    ${text.length > 220 ? `${text.slice(0, 220)}…` : text}`);
  for (const row of plan) console.log(`    ${Object.values(row)[0]}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
