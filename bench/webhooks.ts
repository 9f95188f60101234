// WhatsApp inbound through the whole stack: payloads built and signed exactly as Meta sends them,
// POSTed over real HTTP (fetch) to a listening instance — buildApp with the channels of
// createChannels, the Socket.IO gateway on the same server — while one agent, logged in and
// connected with socket.io-client, receives each message.created. Per webhook: when the request
// started, when it answered 200, and when the agent's socket got the message; then every message
// is checked to be stored once (in the database) and to have reached the socket once.
//
// Everything runs in this one process: the agent's socket competes with the server for the same
// event loop, as it would not in a browser. No job worker runs (the protocol messages that opening
// a conversation queues stay queued): only the inbound path is measured.
import { io as connect, type Socket } from 'socket.io-client';
import { sql } from 'drizzle-orm';
import { createChannels } from '../server/channels/index.js';
import { content, message, messagesPayload, newWamid, signedWebhook } from '../server/demo/whatsapp/meta-payloads.js';
import { loadConfig } from '../server/config.js';
import { selectRows, type Db } from '../server/db/connection.js';
import { fileStorageFor } from '../server/files/storage.js';
import { buildApp } from '../server/http/app.js';
import { SESSION_COOKIE } from '../server/sessions/sessions.js';
import { Bus, type LiveEvent as TypedLiveEvent } from '../server/events/bus.js';
import { startGateway } from '../server/live/gateway.js';
import { PASSWORD } from '../test/support/fixtures.js';
import { latency, type Latency } from './report.js';
import { CONTACT_BOLETO, CONTACT_SENTENCES, FIRST_NAMES, SURNAMES } from './words.js';

/** An event as it comes over the wire, its payload read without narrowing by type. */
type LiveEvent = Omit<TypedLiveEvent, 'payload'> & { payload: Record<string, any> };

/** How long to wait for the socket to catch up once the last webhook answered. */
const SOCKET_TIMEOUT_MS = 30_000;
/** After the last message arrived: time for a duplicate to show up. */
const GRACE_MS = 300;

export interface WebhookOptions {
  channelId: string;
  phoneNumberId: string;
  appSecret: string;
  /** The agent whose socket is watched: must see the default sector, where new conversations go. */
  agentEmail: string;
  count: number;
  inFlight: number;
  contacts?: number;
  log?: (line: string) => void;
}

export interface WebhookPhase {
  figure: string;
  inFlight: number;
  webhooks: number;
  /** From the first request's start to the last 200. */
  acceptedMs: number;
  /** From the first request's start to the last message on the socket. */
  deliveredMs: number;
  acceptedPerSecond: number;
  deliveredPerSecond: number;
  /** request start → HTTP 200 */
  answer: Latency;
  /** request start → the agent's socket */
  toSocket: Latency;
  /** HTTP 200 → the agent's socket (negative: the event came before the answer) */
  afterAnswer: Latency;
  socketBeforeAnswer: number;
  non200: number;
  storedOnce: number;
  onSocketOnce: number;
}

export interface WebhookResult {
  agent: string;
  phases: WebhookPhase[];
  /** Every webhook of every phase: sent, answered 200, stored once, on the socket once. */
  total: { webhooks: number; non200: number; storedOnce: number; onSocketOnce: number; stray: number };
}

interface Sent {
  phase: number;
  wamid: string;
  start: number;
  answered: number;
  status: number;
}

export async function benchWebhooks(db: Db, options: WebhookOptions): Promise<WebhookResult> {
  const log = options.log ?? (() => {});
  const contactCount = options.contacts ?? 200;
  const bus = new Bus();
  const config = loadConfig({ LOG_LEVEL: 'silent' } as NodeJS.ProcessEnv);
  const channelSet = createChannels({ db, bus, config, storage: fileStorageFor(config) });
  const app = await buildApp({ db, bus, config, channels: Object.values(channelSet.adapters) });
  await app.ready();
  const gateway = await startGateway(app.server, { db, bus });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
  let socket: Socket | undefined;
  try {
    // ── The agent: logged in over HTTP, its socket authenticated with the session cookie ──────
    const login = await fetch(`${base}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: options.agentEmail, password: PASSWORD }),
    });
    const session = login.headers.getSetCookie().map((c) => c.split(';')[0]).find((c) => c.startsWith(`${SESSION_COOKIE}=`));
    const me = (await login.json()) as { user?: { name?: string; role?: string } };
    if (login.status !== 200 || !session) throw new Error(`login ${options.agentEmail}: ${login.status}`);
    socket = connect(base, { extraHeaders: { cookie: session }, transports: ['websocket'], reconnection: false });
    await new Promise<void>((resolve, reject) => {
      socket!.once('connect', () => resolve());
      socket!.once('connect_error', reject);
    });

    // message id → when each copy of its message.created reached the socket
    const arrivals = new Map<number, number[]>();
    let inbound = 0;
    let waiter: { target: number; resolve: () => void } | null = null;
    socket.on('message.created', (event: LiveEvent) => {
      const at = performance.now();
      const m = event.payload.message as { id: number; direction: string; authorKind: string };
      if (m.direction !== 'in' || m.authorKind !== 'contact') return; // the protocol messages of new conversations
      const times = arrivals.get(m.id);
      if (times) times.push(at);
      else arrivals.set(m.id, [at]);
      inbound++;
      if (waiter && inbound >= waiter.target) waiter.resolve();
    });
    const socketReaches = (target: number) =>
      inbound >= target
        ? Promise.resolve(true)
        : new Promise<boolean>((resolve) => {
          const timer = setTimeout(() => { waiter = null; resolve(false); }, SOCKET_TIMEOUT_MS);
          waiter = { target, resolve: () => { clearTimeout(timer); waiter = null; resolve(true); } };
        });

    // ── The webhooks ─────────────────────────────────────────────────────────────────────────
    const [{ before }] = await selectRows<{ before: number | string }>(db, sql`
      SELECT coalesce(max(id), 0)::bigint AS before FROM messages WHERE channel_id = ${options.channelId}`);
    const business = { phoneNumberId: options.phoneNumberId };
    // 13-digit numbers with DDD 13, which the seeded contacts (bench/words.ts DDDS) never use.
    const people = Array.from({ length: contactCount }, (_, i) => ({
      waId: `55139${String(70_000_000 + i)}`,
      name: `${FIRST_NAMES[(i * 3) % FIRST_NAMES.length]} ${SURNAMES[(i * 5) % SURNAMES.length]} ${SURNAMES[(i * 5 + 2) % SURNAMES.length]}`,
    }));
    const body = (i: number) => {
      const pick = i * 7 + Math.floor(i / contactCount);
      return i % 20 === 0 ? CONTACT_BOLETO[pick % CONTACT_BOLETO.length] : CONTACT_SENTENCES[pick % CONTACT_SENTENCES.length];
    };
    const url = `${base}/webhooks/whatsapp/${encodeURIComponent(options.channelId)}`;
    const sent: Sent[] = [];
    let sequence = 0;
    const post = async (phase: number) => {
      const i = sequence++;
      const person = people[i % contactCount];
      const wamid = newWamid();
      // Signing is the sender's work (Meta's): done before the clock starts.
      const signed = signedWebhook(messagesPayload(business, person, [message(person.waId, content.text(body(i)), { id: wamid })]), options.appSecret);
      const start = performance.now();
      const response = await fetch(url, { method: 'POST', headers: signed.headers, body: signed.body });
      // Answered: the status line is in (fetch resolves on the headers); the short body is read after.
      const answered = performance.now();
      await response.arrayBuffer();
      sent.push({ phase, wamid, start, answered, status: response.status });
    };

    const phases: { figure: string; count: number; inFlight: number; start: number }[] = [];
    const phase = async (figure: string, count: number, inFlight: number) => {
      const index = phases.length;
      const seenBefore = inbound;
      const t0 = performance.now();
      phases.push({ figure, count, inFlight, start: t0 });
      let left = count;
      await Promise.all(Array.from({ length: Math.min(inFlight, count) }, async () => {
        while (left > 0) {
          left--;
          await post(index);
        }
      }));
      // Complete once the socket has had one message.created per webhook accepted.
      const accepted = sent.filter((s) => s.phase === index && s.status === 200).length;
      const complete = await socketReaches(seenBefore + accepted);
      log(`  webhooks: ${figure} — ${count} in ${((performance.now() - t0) / 1000).toFixed(1)} s`
        + (complete ? '' : `; the socket still lacked some after ${SOCKET_TIMEOUT_MS / 1000} s`));
    };

    // A first message from each contact opens their conversation: timed on its own, and it warms
    // up the connections; the runs after it are the steady state of a busy desk.
    await phase(`1st of each of ${contactCount} contacts (opens conversation), sequential`, contactCount, 1);
    await phase('sequential', options.count, 1);
    await phase(`${options.inFlight} in flight`, options.count, options.inFlight);
    await new Promise((resolve) => setTimeout(resolve, GRACE_MS));

    // ── What was stored, and what reached the socket ─────────────────────────────────────────
    const rows = await selectRows<{ id: number | string; wamid: string | null }>(db, sql`
      SELECT id, provider_message_id AS wamid FROM messages
       WHERE channel_id = ${options.channelId} AND id > ${Number(before)} AND direction = 'in'`);
    const stored = new Map<string, number[]>();
    for (const row of rows) {
      const ids = stored.get(row.wamid ?? '');
      if (ids) ids.push(Number(row.id));
      else stored.set(row.wamid ?? '', [Number(row.id)]);
    }
    const ours = new Set<number>();
    const results = phases.map((p, index): WebhookPhase => {
      const mine = sent.filter((s) => s.phase === index);
      const answer: number[] = [];
      const toSocket: number[] = [];
      const afterAnswer: number[] = [];
      let storedOnce = 0;
      let onSocketOnce = 0;
      let socketBeforeAnswer = 0;
      let lastAnswer = p.start;
      let lastSocket = p.start;
      for (const s of mine) {
        lastAnswer = Math.max(lastAnswer, s.answered);
        if (s.status === 200) answer.push(s.answered - s.start);
        const ids = stored.get(s.wamid) ?? [];
        for (const id of ids) ours.add(id);
        if (ids.length === 1) storedOnce++;
        const times = ids.length === 1 ? arrivals.get(ids[0]) ?? [] : [];
        if (times.length === 1) onSocketOnce++;
        if (times.length > 0 && s.status === 200) {
          const at = times[0];
          lastSocket = Math.max(lastSocket, at);
          toSocket.push(at - s.start);
          afterAnswer.push(at - s.answered);
          if (at < s.answered) socketBeforeAnswer++;
        }
      }
      const acceptedMs = lastAnswer - p.start;
      const deliveredMs = lastSocket - p.start;
      const none: Latency = { p50: NaN, p95: NaN, p99: NaN, max: NaN, n: 0 };
      return {
        figure: p.figure,
        inFlight: p.inFlight,
        webhooks: mine.length,
        acceptedMs,
        deliveredMs,
        acceptedPerSecond: (answer.length * 1000) / acceptedMs,
        deliveredPerSecond: (toSocket.length * 1000) / deliveredMs,
        answer: answer.length > 0 ? latency(answer) : none,
        toSocket: toSocket.length > 0 ? latency(toSocket) : none,
        afterAnswer: afterAnswer.length > 0 ? latency(afterAnswer) : none,
        socketBeforeAnswer,
        non200: mine.filter((s) => s.status !== 200).length,
        storedOnce,
        onSocketOnce,
      };
    });
    const sum = (key: 'webhooks' | 'non200' | 'storedOnce' | 'onSocketOnce') => results.reduce((n, r) => n + r[key], 0);
    return {
      agent: `${me.user?.name ?? options.agentEmail} (${me.user?.role ?? 'agent'})`,
      phases: results,
      total: {
        webhooks: sum('webhooks'),
        non200: sum('non200'),
        storedOnce: sum('storedOnce'),
        onSocketOnce: sum('onSocketOnce'),
        // Inbound messages on the socket that no webhook of ours stored, or stored rows no webhook sent.
        stray: [...arrivals.keys()].filter((id) => !ours.has(id)).length + (rows.length - ours.size),
      },
    };
  } finally {
    socket?.disconnect();
    // Together, as server/main.ts stops: Socket.IO's close ends the sockets, Fastify's the rest.
    await Promise.all([gateway.close(), app.close()]);
  }
}
