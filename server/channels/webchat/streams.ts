// The visitors' live connections: Server-Sent Events on a plain HTTP response (the widget reads it
// with fetch, so the token travels in a header, never in a URL that proxies and logs keep).
//
// What a visitor receives comes from the feed — the table every live event is written to, in the
// transaction of its change — read after the last id the stream has seen, for the visitor's own
// conversations on the channel. This instance's bus only says *when* to read: an event of the
// visitor's conversation committed here. Events committed by another instance never reach this
// bus, so with several instances (REDIS_URL) each stream also reads the feed every `pollMs`:
// a visitor connected to instance B sees the reply an agent sent through instance A within that.
// Typing is never stored; it reaches the streams of the instance where it happened, and the
// gateway relays an agent's typing to the other instances (Socket.IO's serverSideEmit).
import type { ServerResponse } from 'node:http';
import { and, asc, eq, gt, inArray } from 'drizzle-orm';
import type { Db } from '../../db/connection.js';
import { conversations, feed } from '../../db/schema.js';
import type { MessageView } from '../../desk/records.js';
import { ofProvider } from '../../tenancy/scope.js';
import type { Bus, LiveEvent } from '../../events/bus.js';
import { feedHead, metaOfBotMessages, toVisitorMessage, type VisitorMessage } from './visitor-messages.js';
import type { Visitor } from './visitors.js';

/** Feed ids are taken before commit: a later id may commit first. Ids this recent are read again. */
const SETTLE_MS = 5_000;
/** A comment line now and then keeps proxies from closing an idle stream. */
const HEARTBEAT_MS = 20_000;
/** How far back a reconnecting stream replays; a widget reloads the history anyway. */
const MAX_REPLAY = 10_000;

export interface StreamOptions {
  db: Db;
  bus: Bus;
  /** How often each stream reads the feed on its own (events of other instances); 0: never. */
  pollMs: number;
  log?: { warn(obj: object, msg: string): void };
}

class VisitorStream {
  /** The visitor's conversations on the channel: the bus events worth a read. */
  readonly conversations = new Set<number>();
  /** Every feed id at or below it has been read. */
  private floor = 0;
  private checkpoints: { at: number; head: number }[] = [];
  /** Feed ids above the floor already handled. */
  private readonly handled = new Set<number>();
  /** The status each message was last written with: the same news is not sent twice. */
  private readonly written = new Map<number, string | null>();
  private reading = false;
  private again = false;
  private closed = false;
  private lastWrite = Date.now();
  private readonly timer: ReturnType<typeof setInterval>;

  constructor(
    readonly visitor: Visitor,
    private readonly response: ServerResponse,
    private readonly options: StreamOptions,
    private readonly onClose: (stream: VisitorStream) => void,
  ) {
    this.timer = setInterval(() => this.tick(), options.pollMs > 0 ? Math.min(options.pollMs, HEARTBEAT_MS) : HEARTBEAT_MS);
    response.on('close', () => this.close());
  }

  async start(after: number | null) {
    const { db } = this.options;
    const [head, own] = await Promise.all([
      feedHead(db, this.visitor),
      db.select({ id: conversations.id }).from(conversations).where(and(
        ofProvider(this.visitor, conversations.providerId),
        eq(conversations.contactId, this.visitor.contactId),
        eq(conversations.channelId, this.visitor.channelId),
      )),
    ]);
    for (const c of own) this.conversations.add(c.id);
    this.floor = after === null ? head : Math.max(Math.min(after, head), head - MAX_REPLAY);
    await this.read();
  }

  message(view: VisitorMessage) {
    if (this.written.has(view.id) && this.written.get(view.id) === view.status) return;
    this.written.set(view.id, view.status);
    // The id is where a reconnection resumes: the floor, so that nothing unsettled is skipped.
    this.write(`id: ${this.floor}\nevent: message\ndata: ${JSON.stringify(view)}\n\n`);
  }

  typing(name: string) {
    this.write(`event: typing\ndata: ${JSON.stringify({ name })}\n\n`);
  }

  /** Reads the feed after the floor; a read asked for while one runs runs once more after it. */
  async read(): Promise<void> {
    if (this.closed) return;
    if (this.reading) {
      this.again = true;
      return;
    }
    this.reading = true;
    try {
      do {
        this.again = false;
        const head = await feedHead(this.options.db, this.visitor);
        const rows = (await this.rowsAfter(this.floor)).filter((row) => !this.handled.has(row.id));
        const views = rows.map((row) => (row.payload as { message: MessageView }).message);
        const meta = await metaOfBotMessages(this.options.db, this.visitor, views);
        rows.forEach((row, i) => {
          this.handled.add(row.id);
          const view = toVisitorMessage(this.visitor.channelId, views[i], meta.get(views[i].id));
          if (view) this.message(view);
        });
        this.settle(head);
      } while (this.again && !this.closed);
    } catch (error) {
      this.options.log?.warn({ err: error }, 'web-chat stream: reading the feed failed');
    } finally {
      this.reading = false;
    }
  }

  close() {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.timer);
    this.onClose(this);
    if (!this.response.writableEnded) this.response.end();
  }

  private rowsAfter(after: number) {
    const { db } = this.options;
    const own = db.select({ id: conversations.id }).from(conversations).where(and(
      ofProvider(this.visitor, conversations.providerId),
      eq(conversations.contactId, this.visitor.contactId),
      eq(conversations.channelId, this.visitor.channelId),
    ));
    return db
      .select({ id: feed.id, payload: feed.payload })
      .from(feed)
      .where(and(
        ofProvider(this.visitor, feed.providerId),
        gt(feed.id, after),
        inArray(feed.type, ['message.created', 'message.status']),
        inArray(feed.conversationId, own),
      ))
      .orderBy(asc(feed.id))
      // One visitor's events of a few seconds: far fewer than this.
      .limit(1000);
  }

  /** Ids at or below a head read SETTLE_MS ago have all committed: the floor moves up to it. */
  private settle(head: number) {
    const now = Date.now();
    this.checkpoints.push({ at: now, head });
    while (this.checkpoints.length > 0 && now - this.checkpoints[0].at >= SETTLE_MS) {
      this.floor = Math.max(this.floor, this.checkpoints.shift()!.head);
    }
    for (const id of this.handled) if (id <= this.floor) this.handled.delete(id);
  }

  private tick() {
    if (this.options.pollMs > 0) void this.read();
    if (Date.now() - this.lastWrite >= HEARTBEAT_MS - 1000) this.write(': ping\n\n');
  }

  private write(chunk: string) {
    if (this.closed) return;
    this.response.write(chunk);
    this.lastWrite = Date.now();
  }
}

export class VisitorStreams {
  private readonly byProvider = new Map<number, Set<VisitorStream>>();
  private unsubscribe: (() => void) | undefined;

  constructor(private readonly options: StreamOptions) {}

  /** Starts listening to the bus; `close` stops and ends every stream. */
  listen() {
    this.unsubscribe ??= this.options.bus.subscribe((event) => this.onEvent(event));
  }

  /** Serves one stream on a response whose headers were written; it ends when the visitor leaves. */
  async open(visitor: Visitor, response: ServerResponse, after: number | null): Promise<void> {
    const stream = new VisitorStream(visitor, response, this.options, (s) => this.byProvider.get(s.visitor.providerId)?.delete(s));
    let streams = this.byProvider.get(visitor.providerId);
    if (!streams) this.byProvider.set(visitor.providerId, (streams = new Set()));
    streams.add(stream);
    await stream.start(after);
  }

  /** A reply handed to the channel: straight to the visitor's open streams on this instance. */
  push(visitor: Pick<Visitor, 'providerId' | 'channelId' | 'visitorId'>, view: VisitorMessage) {
    for (const stream of this.byProvider.get(visitor.providerId) ?? []) {
      if (stream.visitor.channelId === visitor.channelId && stream.visitor.visitorId === visitor.visitorId) stream.message(view);
    }
  }

  /** How many streams are open (for tests and logs). */
  get size() {
    let n = 0;
    for (const streams of this.byProvider.values()) n += streams.size;
    return n;
  }

  close() {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    for (const streams of this.byProvider.values()) for (const stream of [...streams]) stream.close();
  }

  private onEvent(event: LiveEvent) {
    const streams = this.byProvider.get(event.providerId);
    if (!streams) return;
    for (const stream of streams) {
      const { visitor } = stream;
      if (event.type === 'conversation.created') {
        const conversation = event.payload.conversation as { id: number; contact: { id: number }; channel: { id: string } };
        if (conversation.contact.id !== visitor.contactId || conversation.channel.id !== visitor.channelId) continue;
        stream.conversations.add(conversation.id);
        void stream.read();
        continue;
      }
      if (event.conversationId === null || !stream.conversations.has(event.conversationId)) continue;
      if (event.type === 'typing' && event.payload.from === 'agent') stream.typing(String(event.payload.name ?? ''));
      else if (event.type === 'message.created' || event.type === 'message.status') void stream.read();
    }
  }
}
