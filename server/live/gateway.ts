// Socket.IO on the server's own port: agents authenticate with their session cookie, join the
// rooms of what they may see, and receive every live event the bus publishes after commit.
// With REDIS_URL the Redis adapter carries each emit to the sockets of every instance; while Redis
// does not answer (at start or later) the instance serves its own agents and keeps trying.
import type { Server as HttpServer } from 'node:http';
import fastifyCookie from '@fastify/cookie';
import { Server, type Socket } from 'socket.io';
import { createAdapter } from '@socket.io/redis-adapter';
import { Redis } from 'ioredis';
import { liveLatency, socketsConnected } from '../metrics/metrics.js';
import { and, eq } from 'drizzle-orm';
import type { Db } from '../db/connection.js';
import { conversations } from '../db/schema.js';
import { canSee, ofProvider, seesEverySector, type Actor, type AgentScope } from '../tenancy/scope.js';
import type { ConversationSummary } from '../desk/records.js';
import { markSeen, SEEN_EVERY_MS } from '../desk/presence-sweep.js';
import { fromOwnPages } from '../sessions/same-origin.js';
import { hashToken, resolveSession, SESSION_COOKIE } from '../sessions/sessions.js';
import type { Bus, LiveEvent } from '../events/bus.js';
import { feedHead, readFeed } from '../events/feed.js';

/** How many conversation rooms' checked access versions an instance remembers (the oldest go first). */
const CHECKED_ROOMS_KEPT = 100_000;

const rooms = {
  provider: (providerId: number) => `p:${providerId}`,
  everySector: (providerId: number) => `p:${providerId}:all`,
  sector: (providerId: number, sectorId: number | null) => `p:${providerId}:s:${sectorId ?? 'none'}`,
  conversation: (providerId: number, conversationId: number) => `p:${providerId}:c:${conversationId}`,
  user: (providerId: number, userId: number) => `p:${providerId}:u:${userId}`,
  session: (tokenHash: string) => `session:${tokenHash}`,
};

interface SocketAccess {
  providerId: number;
  actor: Actor;
  tokenHash: string;
}

export interface Gateway {
  io: Server;
  /** Whether live events travel between instances through Redis now. */
  readonly shared: boolean;
  /** Redis as the readiness check tells it: not configured, or whether both connections are up. */
  redisState(): 'not_configured' | 'ok' | 'down';
  close(): Promise<void>;
}

export interface GatewayDeps {
  db: Db;
  bus: Bus;
  redisUrl?: string;
  /** PUBLIC_URL: the origin agents' pages come from (unset: the host the handshake addressed). */
  publicUrl?: string;
  log?: Pick<Console, 'info' | 'warn'>;
}

export async function startGateway(httpServer: HttpServer, deps: GatewayDeps): Promise<Gateway> {
  const log = deps.log ?? console;
  const io = new Server(httpServer, {
    path: '/socket.io',
    serveClient: false,
    connectionStateRecovery: undefined,
    // A page of another site must not open a socket with the agent's cookie and read the feed.
    allowRequest: (request, callback) => {
      const allowed = fromOwnPages(request.headers, deps.publicUrl);
      callback(allowed ? null : 'cross-site handshake refused', allowed);
    },
  });
  const redis: Redis[] = [];
  // Whether emits reach the other instances' sockets (the Redis adapter is in place).
  let shared = false;
  if (deps.redisUrl) {
    // Commands wait (offline queue) and connections retry until Redis answers; the first failure
    // of each outage is logged, not every retry.
    const pub = new Redis(deps.redisUrl, { retryStrategy: (times) => Math.min(times * 200, 5_000) });
    const sub = pub.duplicate();
    redis.push(pub, sub);
    let down = false;
    let connected = () => {};
    const firstConnection = new Promise<void>((resolve) => (connected = resolve));
    for (const client of redis) {
      client.on('error', (error: Error) => {
        if (down) return;
        down = true;
        log.warn(`redis: ${error.message}; live events reach only this instance's agents until it answers again`);
      });
      client.on('ready', () => {
        if (pub.status !== 'ready' || sub.status !== 'ready') return;
        if (down) log.info('redis: connected again');
        down = false;
        if (!shared) {
          shareThroughRedis(io, pub, sub);
          shared = true;
          connected();
        }
      });
    }
    // Redis up at start: shared before the first agent connects. Down: start anyway.
    await Promise.race([firstConnection, new Promise((resolve) => setTimeout(resolve, 2_000).unref())]);
  }

  io.use(async (socket, next) => {
    try {
      if (!fromOwnPages(socket.handshake.headers, deps.publicUrl)) return next(new Error('cross_site_request'));
      const cookies = fastifyCookie.parse(socket.handshake.headers.cookie ?? '');
      const token = cookies[SESSION_COOKIE];
      const session = await resolveSession(deps.db, token);
      if (!session || !token) return next(new Error('unauthenticated'));
      if (!session.chatEnabled) return next(new Error('module_not_enabled'));
      if (session.mustChangePassword) return next(new Error('password_change_required'));
      // Plain data only: with the Redis adapter another instance reads it (fetchSockets).
      socket.data.access = { providerId: session.providerId, actor: session.actor, tokenHash: hashToken(token) } satisfies SocketAccess;
      next();
    } catch (error) {
      next(error as Error);
    }
  });

  // The agents whose app is connected to this instance, and how many tabs each has: kept "seen".
  const connected = new Map<number, number>();
  const seen = (userIds: number[]) => markSeen(deps.db, userIds).catch(() => undefined);
  const heartbeat = setInterval(() => void seen([...connected.keys()]), SEEN_EVERY_MS);
  heartbeat.unref();

  io.on('connection', (socket: Socket) => {
    const { providerId, actor, tokenHash } = socket.data.access as SocketAccess;
    connected.set(actor.userId, (connected.get(actor.userId) ?? 0) + 1);
    socketsConnected.inc();
    void seen([actor.userId]);
    socket.on('disconnect', () => {
      socketsConnected.dec();
      const left = (connected.get(actor.userId) ?? 1) - 1;
      if (left > 0) connected.set(actor.userId, left);
      else connected.delete(actor.userId);
      // Gone from now: the sweep counts the minutes from here.
      void seen([actor.userId]);
    });
    const scope: AgentScope = { db: deps.db, bus: deps.bus, providerId, actor };
    socket.join(rooms.provider(providerId));
    // How a logout, a deactivation or a change of access finds this socket to end it.
    socket.join([rooms.session(tokenHash), rooms.user(providerId, actor.userId)]);
    if (seesEverySector(actor)) socket.join(rooms.everySector(providerId));
    else {
      for (const sectorId of actor.sectorIds) socket.join(rooms.sector(providerId, sectorId));
      socket.join(rooms.sector(providerId, null));
    }

    // Replays what a reconnecting client missed since the last event id it saw.
    socket.on('catchup', async (request: unknown, ack?: (answer: unknown) => void) => {
      if (typeof ack !== 'function') return;
      const after = Number((request as { after?: unknown })?.after);
      if (!Number.isSafeInteger(after) || after < 0) return ack({ error: { code: 'validation_failed', message: 'after deve ser um id de evento.' } });
      try {
        ack(await readFeed(scope, after));
      } catch {
        ack({ error: { code: 'internal_error', message: 'Erro interno.' } });
      }
    });
    socket.on('head', async (_request: unknown, ack?: (answer: unknown) => void) => {
      if (typeof ack === 'function') ack({ id: await feedHead(scope).catch(() => 0) });
    });

    /** Who may see one of the provider's conversations (its sector and responsável); none if unknown. */
    const accessOf = async (id: number) => {
      const [row] = await deps.db
        .select({ sectorId: conversations.sectorId, responsavelId: conversations.responsavelId })
        .from(conversations)
        .where(and(ofProvider(scope, conversations.providerId), eq(conversations.id, id)))
        .catch(() => []);
      return row;
    };

    // An agent looking at a conversation joins its room (typing, presence).
    socket.on('conversation.join', async (request: unknown, ack?: (answer: unknown) => void) => {
      const id = Number((request as { id?: unknown })?.id);
      let ok = false;
      if (Number.isSafeInteger(id)) {
        const before = await accessOf(id);
        if (before && canSee(actor, before)) {
          socket.join(rooms.conversation(providerId, id));
          // Read again once in the room: a change of access that committed meanwhile may have had its
          // room re-checked before this socket was in it (recheckConversationRoom).
          const after = await accessOf(id);
          ok = !!after && canSee(actor, after);
          if (!ok) socket.leave(rooms.conversation(providerId, id));
        }
      }
      if (typeof ack === 'function') ack({ ok });
    });
    socket.on('conversation.leave', (request: unknown) => {
      const id = Number((request as { id?: unknown })?.id);
      if (Number.isSafeInteger(id)) socket.leave(rooms.conversation(providerId, id));
    });

    // An agent typing a reply, for the web-chat visitor (server/channels/webchat): never stored.
    socket.on('typing', async (request: unknown) => {
      const id = Number((request as { conversationId?: unknown })?.conversationId);
      if (!Number.isSafeInteger(id)) return;
      const row = await accessOf(id);
      if (!row || !canSee(actor, row)) return;
      const event: LiveEvent = {
        id: 0, providerId, sectorId: row.sectorId, conversationId: id, type: 'typing',
        payload: { from: 'agent', name: actor.name.split(' ')[0] },
      };
      deps.bus.publish(event);
      // The visitor's stream may be on another instance.
      if (shared) io.serverSideEmit('typing', event);
    });
  });
  // Another instance's agent typing (serverSideEmit above), for the visitors' streams here.
  io.on('typing', (event: LiveEvent) => deps.bus.publish(event));

  /**
   * A conversation that changed sector or responsável keeps in its room only the sockets whose
   * agent may still see it, before the event goes out: from then on they hear nothing of it.
   *
   * Asking every instance who is in a room is a Redis round trip, and it holds the events behind it:
   * done for each of the conversation.updated every inbound message makes, it put seconds between
   * the webhook's 200 and the socket under load. So a room is asked again only when the event's
   * access version (bumped by the database whenever sector_id or responsavel_id change) is not the
   * one this instance last checked it at. That is sound across instances: versions only grow, the
   * first event of a new version anywhere re-checks the whole room (every instance's sockets), and a
   * socket that joins reads the access again once in the room (conversation.join below). An agent's
   * own access does not change under a socket: changing it ends their sessions.
   */
  const checkedAt = new Map<string, number>();
  async function recheckConversationRoom(event: LiveEvent) {
    if (event.type !== 'conversation.created' && event.type !== 'conversation.updated' && event.type !== 'conversation.closed') return;
    const summary: ConversationSummary = event.payload.conversation;
    if (event.conversationId === null) return;
    const room = rooms.conversation(event.providerId, event.conversationId);
    if (event.accessVersion !== undefined && checkedAt.get(room) === event.accessVersion) return;
    const access = { sectorId: summary.sector?.id ?? null, responsavelId: summary.responsavel?.id ?? null };
    try {
      for (const member of await io.in(room).fetchSockets()) {
        if (!canSee((member.data.access as SocketAccess).actor, access)) member.leave(room);
      }
      if (event.accessVersion !== undefined) {
        checkedAt.delete(room);
        checkedAt.set(room, event.accessVersion);
        if (checkedAt.size > CHECKED_ROOMS_KEPT) checkedAt.delete(checkedAt.keys().next().value!);
      }
    } catch {
      // Another instance did not answer: emptying the room is safe, agents still looking rejoin.
      io.in(room).socketsLeave(room);
    }
  }

  const conversationEvent = (event: LiveEvent) =>
    event.type === 'conversation.created' || event.type === 'conversation.updated' || event.type === 'conversation.closed';

  function deliver(event: LiveEvent) {
    if (event.type === 'typing' && event.payload.from === 'agent') return; // for the visitor only
    const targets =
      event.sectorId === null
        ? [rooms.provider(event.providerId)]
        : [rooms.everySector(event.providerId), rooms.sector(event.providerId, event.sectorId)];
    if (event.conversationId !== null) targets.push(rooms.conversation(event.providerId, event.conversationId));
    // Its responsável sees a conversation wherever it is (canSee), also in a sector they are not in.
    const responsavelId = conversationEvent(event) ? (event.payload.conversation as ConversationSummary).responsavel?.id : undefined;
    if (responsavelId !== undefined) targets.push(rooms.user(event.providerId, responsavelId));
    io.to(targets).emit(event.type, event);
    if (event.type === 'message.created') {
      const message = event.payload.message as { direction?: string; createdAt?: string };
      if (message.direction === 'in' && message.createdAt) liveLatency.observe(Math.max(0, Date.now() - Date.parse(message.createdAt)) / 1000);
    }
  }

  // Delivered one after the other, in the order published, each after its room was re-checked. The
  // re-checks of different conversations overlap (with Redis each one asks the other instances), and
  // one of a conversation starts once the events of that conversation before it were delivered, so
  // that an agent leaving the room still gets what happened while they could see it.
  let delivering = Promise.resolve();
  const deliveredOfConversation = new Map<string, Promise<void>>();
  const unsubscribe = deps.bus.subscribe((event: LiveEvent) => {
    const key = `${event.providerId}:${event.conversationId}`;
    const checked = (deliveredOfConversation.get(key) ?? Promise.resolve())
      .then(() => recheckConversationRoom(event))
      .catch(() => undefined);
    // Never rejects: one event that could not be delivered must not stop the ones after it.
    const delivered = delivering.then(() => checked).then(() => deliver(event)).catch(() => undefined);
    delivering = delivered;
    if (event.conversationId === null) return;
    deliveredOfConversation.set(key, delivered);
    void delivered.then(() => {
      if (deliveredOfConversation.get(key) === delivered) deliveredOfConversation.delete(key);
    });
  });
  const stopEnding = deps.bus.onSessionsEnded((target) => {
    const room = 'tokenHash' in target ? rooms.session(target.tokenHash) : rooms.user(target.providerId, target.userId);
    io.in(room).disconnectSockets(true);
  });

  return {
    io,
    get shared() {
      return shared;
    },
    redisState() {
      if (redis.length === 0) return 'not_configured';
      return redis.every((client) => client.status === 'ready') ? 'ok' : 'down';
    },
    async close() {
      clearInterval(heartbeat);
      unsubscribe();
      stopEnding();
      await new Promise<void>((resolve) => io.close(() => resolve()));
      // A client still retrying would hold QUIT in its queue: it is just dropped.
      await Promise.all(redis.map((client) => (client.status === 'ready' ? client.quit().catch(() => undefined) : client.disconnect())));
    },
  };
}

/**
 * Puts the Redis adapter in place under sockets already connected: a new adapter starts with no
 * rooms, so each socket's rooms are carried over from the in-memory one.
 */
function shareThroughRedis(io: Server, pub: Redis, sub: Redis) {
  const namespace = io.of('/');
  const before = namespace.adapter;
  const rooms = [...before.sids].map(([id, joined]) => [id, new Set(joined)] as const);
  io.adapter(createAdapter(pub, sub));
  for (const [id, joined] of rooms) namespace.adapter.addAll(id, joined);
  void Promise.resolve(before.close()).catch(() => undefined);
}
