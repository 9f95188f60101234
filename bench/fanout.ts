// Fan-out: WhatsApp webhooks arriving at a fixed pace while many agents are connected, each event
// measured from the moment its webhook was due to the moment it reached each socket that should
// get it. The server is wired as server/main.ts wires it — buildApp with the channels, the
// Socket.IO gateway on a real HTTP listener, the Redis adapter when REDIS_URL is set — and runs
// alone in this process; Meta and the agents' browsers are another process (bench/fanout-agents.ts).
//
// The provider grows a large team: `sockets` atendentes (created set-based, sessions stored as a
// login stores them) in teams of `perSector`, each team a sector of its own; the seeded live
// conversations of the bench channel are shared among the teams and each is being attended by one
// of its team (situação chat). A message then reaches its team's sockets (message.created and
// conversation.updated), as it would on a desk that size: not all 1,000 agents.
import { fork, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { createChannels } from '../server/channels/index.js';
import { loadConfig } from '../server/config.js';
import { selectRows, type Db } from '../server/db/connection.js';
import { Bus } from '../server/events/bus.js';
import { fileStorageFor } from '../server/files/storage.js';
import { buildApp } from '../server/http/app.js';
import { startGateway } from '../server/live/gateway.js';
import { hashToken } from '../server/sessions/sessions.js';
import type { SendPlan, SendResult } from './fanout-agents.js';
import { latency, type Latency } from './report.js';

export interface FanoutOptions {
  providerId: number;
  channelId: string;
  phoneNumberId: string;
  appSecret: string;
  sockets: number;
  perSector: number;
  /** Webhooks per second, and for how long. */
  rate: number;
  seconds: number;
  redisUrl?: string;
  log?: (line: string) => void;
}

export interface FanoutResult {
  sockets: number;
  sectors: number;
  conversations: number;
  redis: boolean;
  targetRate: number;
  webhooks: number;
  non200: number;
  /** How many webhooks got each answer other than 200 ("-1": the request failed). */
  otherAnswers: Record<string, number>;
  /** Webhooks sent per second, from the first due to the last sent. */
  sentPerSecond: number;
  /** Webhooks whose message reached every socket that should get it, per second, to the last arrival. */
  deliveredPerSecond: number;
  /** How late the sender sent against its schedule (a busy client process). */
  sendLag: Latency;
  /** Due → HTTP 200. */
  answer: Latency;
  /** Due → each socket that should get it (every team member), all arrivals. */
  toSocket: Latency;
  /** Expected (message, socket) arrivals, those that came, and those that came more than once or to a socket outside the team. */
  /** Share of one core each process was busy during the run (the server's, and Meta's + the agents'). */
  serverCpu: number;
  agentsCpu: number;
  /** PostgreSQL on this machine: its backends for this database, same measure (null: PGlite, or not readable). */
  databaseCpu: number | null;
  /** The server's event loop: how late its timers ran (p99, ms) — each SQL round trip waits for a turn of it. */
  loopDelayP99: number;
  /** node-postgres: the most queries waiting for one of the pool's connections at once (null: PGlite). */
  poolWaitingMax: number | null;
  expected: number;
  arrived: number;
  duplicates: number;
  stray: number;
}

const WARMUP_WEBHOOKS = 200;

export async function benchFanout(db: Db, options: FanoutOptions): Promise<FanoutResult> {
  const log = options.log ?? (() => {});
  const P = options.providerId;
  const teamCount = Math.ceil(options.sockets / options.perSector);

  // ── The team: sectors, atendentes, their sessions (set-based) ──────────────────────────────
  const tag = `fanout${Date.now().toString(36)}`;
  const teams = (await selectRows<{ id: number | string }>(db, sql`
    INSERT INTO sectors (provider_id, name, position)
    SELECT ${P}, 'Equipe ' || lpad(k::text, 4, '0') || ' (' || ${tag} || ')', 100 + k FROM generate_series(1, ${teamCount}) k
    RETURNING id`)).map((r) => Number(r.id)).sort((a, b) => a - b);
  const teamArray = sql.raw(`ARRAY[${teams.join(',')}]::bigint[]`);
  const agents = (await selectRows<{ id: number | string; k: number | string }>(db, sql`
    INSERT INTO users (provider_id, name, email, role, password_hash)
    SELECT ${P}, 'Atendente ' || k, ${tag} || '-' || k || '@bench.prosa.test', 'atendente',
           (SELECT password_hash FROM users WHERE provider_id = ${P} AND role = 'administrador' LIMIT 1)
      FROM generate_series(0, ${options.sockets - 1}) k
    RETURNING id, (regexp_match(email, '-([0-9]+)@'))[1]::int AS k`))
    .map((r) => ({ id: Number(r.id), k: Number(r.k) }))
    .sort((a, b) => a.k - b.k);
  const sectorOfAgent = agents.map((_, k) => teams[Math.floor(k / options.perSector)]);
  await db.execute(sql`
    INSERT INTO user_sectors (provider_id, user_id, sector_id)
    SELECT ${P}, u, s FROM unnest(${sql.raw(`ARRAY[${agents.map((a) => a.id).join(',')}]::bigint[]`)},
                                  ${sql.raw(`ARRAY[${sectorOfAgent.join(',')}]::bigint[]`)}) AS x(u, s)`);
  // As login makes them: <provider id>.<random> (server/sessions/sessions.ts).
  const tokens = agents.map(() => `${P}.${randomBytes(32).toString('base64url')}`);
  await db.execute(sql`
    INSERT INTO sessions (token_hash, provider_id, user_id, expires_at)
    SELECT h, ${P}, u, now() + interval '1 day'
      FROM unnest(${sql.raw(`ARRAY[${tokens.map((t) => `'${hashToken(t)}'`).join(',')}]::text[]`)},
                  ${sql.raw(`ARRAY[${agents.map((a) => a.id).join(',')}]::bigint[]`)}) AS x(h, u)`);

  // ── The conversations: the channel's live ones, shared among the teams, each attended ──────
  const firstAgent = sql.raw(`ARRAY[${teams.map((_, t) => agents[t * options.perSector].id).join(',')}]::bigint[]`);
  const live = await selectRows<{ id: number | string; sector_id: number | string; wa_id: string }>(db, sql`
    WITH picked AS (
      SELECT c.id, (row_number() OVER (ORDER BY c.id) - 1) % ${teamCount} AS t
        FROM conversations c
       WHERE c.provider_id = ${P} AND c.channel_id = ${options.channelId} AND c.situacao <> 'finalizada'
    ),
    moved AS (
      UPDATE conversations c
         SET sector_id = (${teamArray})[1 + p.t], situacao = 'chat', responsavel_id = (${firstAgent})[1 + p.t],
             assumed_at = COALESCE(c.assumed_at, now()), queued_at = COALESCE(c.queued_at, c.started_at)
        FROM picked p WHERE c.id = p.id
      RETURNING c.id, c.sector_id, c.contact_id
    )
    SELECT m.id, m.sector_id, ci.external_id AS wa_id
      FROM moved m JOIN contact_identities ci ON ci.contact_id = m.contact_id AND ci.channel_id = ${options.channelId}
     ORDER BY m.id`);
  if (live.length === 0) throw new Error('fan-out: the bench channel has no live conversation to write to');
  const socketsOfSector = new Map<number, number[]>();
  sectorOfAgent.forEach((sector, index) => socketsOfSector.set(sector, [...(socketsOfSector.get(sector) ?? []), index]));

  // ── The server, as server/main.ts starts it ───────────────────────────────────────────────
  const bus = new Bus();
  const config = loadConfig({ LOG_LEVEL: 'silent' } as NodeJS.ProcessEnv);
  const channelSet = createChannels({ db, bus, config, storage: fileStorageFor(config) });
  const app = await buildApp({ db, bus, config, channels: Object.values(channelSet.adapters) });
  await app.ready();
  const gateway = await startGateway(app.server, { db, bus, redisUrl: options.redisUrl, log: { info: () => {}, warn: (m: string) => log(`  gateway: ${m}`) } });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;

  const child: ChildProcess = fork(fileURLToPath(new URL('./fanout-agents.ts', import.meta.url)), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const ask = <T>(message: unknown, answer: string): Promise<T> => new Promise((resolve, reject) => {
    const onMessage = (reply: { kind: string; message?: string } & Record<string, unknown>) => {
      child.off('message', onMessage);
      if (reply.kind === answer) resolve(reply as T);
      else reject(new Error(`fan-out agents: ${reply.message ?? reply.kind}`));
    };
    child.on('message', onMessage);
    child.send(message as never);
  });
  try {
    const t0 = performance.now();
    await ask({ kind: 'connect', start: { base, tokens } }, 'connected');
    log(`  fan-out: ${tokens.length} agent sockets in ${teamCount} teams connected in ${((performance.now() - t0) / 1000).toFixed(1)} s, `
      + `${live.length} live conversations${gateway.shared ? ', through Redis' : ''}`);
    const plan = (count: number, perSecond: number, prefix: string): SendPlan => ({
      url: `${base}/webhooks/whatsapp/${encodeURIComponent(options.channelId)}`,
      appSecret: options.appSecret,
      phoneNumberId: options.phoneNumberId,
      waIds: live.map((c) => c.wa_id),
      count,
      perSecond,
      prefix,
    });
    await ask({ kind: 'send', plan: plan(WARMUP_WEBHOOKS, Math.min(100, options.rate), `wamid.${tag}.warm.`), settleMs: 500 }, 'sent');
    const count = Math.round(options.rate * options.seconds);
    log(`  fan-out: ${count} webhooks at ${options.rate}/s…`);
    const prefix = `wamid.${tag}.`;
    const serverCpu0 = process.cpuUsage();
    const loopDelay = monitorEventLoopDelay({ resolution: 5 });
    loopDelay.enable();
    // The pool of node-postgres (PGlite has none): how many queries waited for a connection.
    const pool = poolOf(db);
    let poolWaitingMax = 0;
    const sampler = setInterval(() => (poolWaitingMax = Math.max(poolWaitingMax, pool?.waitingCount ?? 0)), 100);
    const databaseCpu0 = await databaseCpuMs(db);
    const { result } = await ask<{ result: SendResult }>({ kind: 'send', plan: plan(count, options.rate, prefix), settleMs: 3_000 }, 'sent');
    const serverCpu = process.cpuUsage(serverCpu0);
    const databaseCpu1 = await databaseCpuMs(db);
    clearInterval(sampler);
    loopDelay.disable();

    // ── Which message each webhook stored, and which sockets should have had it ─────────────
    const stored = await selectRows<{ id: number | string; wamid: string }>(db, sql`
      SELECT id, provider_message_id AS wamid FROM messages
       WHERE channel_id = ${options.channelId} AND provider_message_id LIKE ${`${prefix}%`} AND provider_message_id NOT LIKE ${`${prefix}warm.%`}`);
    const idOf = new Map(stored.map((r) => [r.wamid, Number(r.id)]));
    const byMessage = new Map<number, Map<number, number[]>>();
    for (const [messageId, socket, at] of result.arrivals) {
      const bySocket = byMessage.get(messageId) ?? new Map<number, number[]>();
      bySocket.set(socket, [...(bySocket.get(socket) ?? []), at]);
      byMessage.set(messageId, bySocket);
    }
    const answer: number[] = [];
    const toSocket: number[] = [];
    const lag: number[] = [];
    let expected = 0;
    let arrived = 0;
    let duplicates = 0;
    let stray = 0;
    let complete = 0;
    let lastArrival = 0;
    const firstDue = Math.min(...result.sends.map((s) => s[1]));
    const lastSent = Math.max(...result.sends.map((s) => s[2]));
    for (const [wamid, due, sent, answered, status] of result.sends) {
      lag.push(sent - due);
      if (status === 200) answer.push(answered - due);
      const i = Number(wamid.slice(prefix.length));
      const team = socketsOfSector.get(Number(live[i % live.length].sector_id)) ?? [];
      expected += team.length;
      const id = idOf.get(wamid);
      const bySocket = id === undefined ? undefined : byMessage.get(id);
      let all = team.length > 0;
      for (const socket of team) {
        const times = bySocket?.get(socket);
        if (!times) { all = false; continue; }
        arrived++;
        duplicates += times.length - 1;
        toSocket.push(times[0] - due);
        lastArrival = Math.max(lastArrival, times[0]);
      }
      if (bySocket) for (const socket of bySocket.keys()) if (!team.includes(socket)) stray++;
      if (all) complete++;
    }
    const none: Latency = { p50: NaN, p95: NaN, p99: NaN, max: NaN, n: 0 };
    return {
      sockets: tokens.length,
      sectors: teamCount,
      conversations: live.length,
      redis: gateway.shared,
      targetRate: options.rate,
      webhooks: result.sends.length,
      non200: result.sends.filter((s) => s[4] !== 200).length,
      otherAnswers: result.sends.filter((s) => s[4] !== 200).reduce<Record<string, number>>((n, s) => ({ ...n, [s[4]]: (n[s[4]] ?? 0) + 1 }), {}),
      sentPerSecond: ((result.sends.length - 1) * 1000) / Math.max(1, lastSent - firstDue),
      deliveredPerSecond: (complete * 1000) / Math.max(1, lastArrival - firstDue),
      sendLag: latency(lag),
      serverCpu: (serverCpu.user + serverCpu.system) / 1000 / result.wallMs,
      agentsCpu: result.cpuMs / result.wallMs,
      databaseCpu: databaseCpu0 === null || databaseCpu1 === null ? null : databaseCpuBetween(databaseCpu0, databaseCpu1) / result.wallMs,
      loopDelayP99: loopDelay.percentile(99) / 1e6,
      poolWaitingMax: pool?.waitingCount === undefined ? null : poolWaitingMax,
      answer: answer.length > 0 ? latency(answer) : none,
      toSocket: toSocket.length > 0 ? latency(toSocket) : none,
      expected,
      arrived,
      duplicates,
      stray,
    };
  } finally {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.send({ kind: 'stop' });
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5_000).unref())]);
    child.kill();
    await Promise.all([gateway.close(), app.close()]);
  }
}

/** node-postgres's pool behind the db; PGlite's client has no waitingCount. */
const poolOf = (db: Db) => (db as unknown as { $client?: { waitingCount?: number } }).$client;

/**
 * CPU time (ms) the PostgreSQL backends of this database have used so far, read from /proc when the
 * server runs on this machine; null on PGlite or when it cannot be read. A backend that ended in
 * between is not counted: the pool keeps its connections for the run.
 */
/** CPU ticks of each of this database's backends now, by pid (null: not PostgreSQL, or /proc unreadable). */
async function databaseCpuMs(db: Db): Promise<Map<number, number> | null> {
  if (poolOf(db)?.waitingCount === undefined) return null;
  const pids = await selectRows<{ pid: number }>(db, sql`SELECT pid FROM pg_stat_activity WHERE datname = current_database()`);
  const byPid = new Map<number, number>();
  for (const { pid } of pids) {
    try {
      // Fields 14 and 15 (utime, stime), after the command name in parentheses.
      const fields = (await readFile(`/proc/${pid}/stat`, 'utf8')).split(') ')[1].split(' ');
      byPid.set(Number(pid), (Number(fields[11]) + Number(fields[12])) * 10); // 100 ticks a second
    } catch {
      return null;
    }
  }
  return byPid;
}

/** The backends' CPU between two readings: a backend that began meanwhile counts whole; one that
 * ended meanwhile is lost (an undercount, never negative). */
function databaseCpuBetween(before: Map<number, number>, after: Map<number, number>): number {
  let ms = 0;
  // A pid given again to a new backend may read less than before: counted as nothing.
  for (const [pid, now] of after) ms += Math.max(0, now - (before.get(pid) ?? 0));
  return ms;
}
