// The other side of the fan-out benchmark (bench/fanout.ts), in a process of its own so that the
// server's process does nothing but serve, as in production: Meta, sending signed webhooks at a
// fixed pace (open loop: each at its own moment, whether the earlier ones were answered or not),
// and the agents' browsers, one Socket.IO client per logged-in session, noting when each
// message.created reaches each socket. Times are milliseconds since the epoch
// (performance.timeOrigin + performance.now()), the same clock in both processes.
import { io as connect, type Socket } from 'socket.io-client';
import { content, message, messagesPayload, signedWebhook } from '../server/demo/whatsapp/meta-payloads.js';
import { SESSION_COOKIE } from '../server/sessions/sessions.js';

export interface AgentsStart {
  base: string;
  /** Session tokens, one socket each. */
  tokens: string[];
}

export interface SendPlan {
  url: string;
  appSecret: string;
  phoneNumberId: string;
  /** wa_ids of the contacts that write, in turn. */
  waIds: string[];
  count: number;
  perSecond: number;
  /** First of the wamids of this run (each message's is `${prefix}${i}`). */
  prefix: string;
}

export interface SendResult {
  /** Per webhook: its wamid, when it was due, when it was sent, when answered, and the status. */
  sends: [wamid: string, due: number, sent: number, answered: number, status: number][];
  /** Per arrival of an inbound message.created: message id, socket index, when. */
  arrivals: [messageId: number, socket: number, at: number][];
  /** CPU this process spent (user + system) from the first send to the end of the settling, and that wall time, in ms. */
  cpuMs: number;
  wallMs: number;
}

type FromParent = { kind: 'connect'; start: AgentsStart } | { kind: 'send'; plan: SendPlan; settleMs: number } | { kind: 'stop' };

const now = () => performance.timeOrigin + performance.now();
const sockets: Socket[] = [];
let arrivals: SendResult['arrivals'] = [];
let errors = 0;

async function connectAll({ base, tokens }: AgentsStart) {
  const batch = 50;
  for (let i = 0; i < tokens.length; i += batch) {
    await Promise.all(tokens.slice(i, i + batch).map((token, j) => new Promise<void>((resolve, reject) => {
      const index = i + j;
      const socket = connect(base, { extraHeaders: { cookie: `${SESSION_COOKIE}=${token}` }, transports: ['websocket'], reconnection: false });
      socket.on('message.created', (event: { payload: { message: { id: number; direction: string; authorKind: string } } }) => {
        const m = event.payload.message;
        if (m.direction === 'in' && m.authorKind === 'contact') arrivals.push([m.id, index, now()]);
      });
      socket.once('connect', () => resolve());
      socket.once('connect_error', (error) => reject(new Error(`socket ${index}: ${error.message}`)));
      sockets[index] = socket;
    })));
  }
}

async function send(plan: SendPlan, settleMs: number): Promise<SendResult> {
  arrivals = [];
  const business = { phoneNumberId: plan.phoneNumberId };
  // Signing is Meta's work, done before the clock starts.
  const signed = Array.from({ length: plan.count }, (_, i) => {
    const waId = plan.waIds[i % plan.waIds.length];
    const wamid = `${plan.prefix}${i}`;
    const person = { waId, name: `Contato ${waId.slice(-4)}` };
    return { wamid, ...signedWebhook(messagesPayload(business, person, [message(waId, content.text(`Mensagem ${i} do teste de carga`), { id: wamid })]), plan.appSecret) };
  });
  const sends: SendResult['sends'] = [];
  const cpu0 = process.cpuUsage();
  const wall0 = now();
  const gap = 1000 / plan.perSecond;
  const t0 = now() + 50;
  const pending: Promise<void>[] = [];
  let next = 0;
  await new Promise<void>((resolve) => {
    const tick = () => {
      const t = now();
      while (next < plan.count && t0 + next * gap <= t) {
        const i = next++;
        const due = t0 + i * gap;
        const { wamid, body, headers } = signed[i];
        pending.push((async () => {
          const sent = now();
          let status = 0;
          try {
            const response = await fetch(plan.url, { method: 'POST', headers, body });
            status = response.status;
            await response.arrayBuffer();
          } catch (error) {
            status = -1;
            if (errors++ < 3) console.error(`  fan-out: webhook ${wamid}: ${(error as Error).message} (${String((error as { cause?: unknown }).cause ?? '')})`);
          }
          sends.push([wamid, due, sent, now(), status]);
        })());
      }
      if (next >= plan.count) resolve();
      else setTimeout(tick, Math.max(0, Math.min(gap, t0 + next * gap - now())));
    };
    tick();
  });
  await Promise.all(pending);
  // The last events may still be on their way.
  await new Promise((resolve) => setTimeout(resolve, settleMs));
  const cpu = process.cpuUsage(cpu0);
  return { sends, arrivals, cpuMs: (cpu.user + cpu.system) / 1000, wallMs: now() - wall0 };
}

process.on('message', (message: FromParent) => {
  void (async () => {
    try {
      if (message.kind === 'connect') {
        await connectAll(message.start);
        process.send!({ kind: 'connected', sockets: sockets.length });
      } else if (message.kind === 'send') {
        process.send!({ kind: 'sent', result: await send(message.plan, message.settleMs) });
      } else {
        for (const socket of sockets) socket.disconnect();
        process.exit(0);
      }
    } catch (error) {
      process.send!({ kind: 'error', message: (error as Error).message });
    }
  })();
});
