// The in-process event bus: use cases publish here after commit; the Socket.IO gateway fans the
// events out (across instances through the Redis adapter when configured).
import { EventEmitter } from 'node:events';

export type LiveEventType =
  | 'message.created'
  | 'message.status'
  | 'conversation.created'
  | 'conversation.updated'
  | 'conversation.closed'
  | 'counts.changed'
  | 'contact.updated'
  // Someone is typing in a conversation (payload: from 'agent' | 'contact', name). Never stored
  // in the feed nor replayed: its id is 0.
  | 'typing';

export interface LiveEvent {
  /** The feed row id: a client that reconnects asks for everything after the last one it saw. */
  id: number;
  providerId: number;
  /** Who may see it: agents of this sector (null: every agent of the provider). */
  sectorId: number | null;
  conversationId: number | null;
  type: LiveEventType;
  payload: Record<string, unknown>;
}

/** Sessions whose live connections must end: one session (logout), or every one of a user. */
export type EndedSessions = { tokenHash: string } | { providerId: number; userId: number };

export class Bus {
  private readonly emitter = new EventEmitter();

  constructor() {
    this.emitter.setMaxListeners(0);
  }

  publish(event: LiveEvent): void {
    this.emitter.emit('event', event);
  }

  subscribe(listener: (event: LiveEvent) => void): () => void {
    this.emitter.on('event', listener);
    return () => this.emitter.off('event', listener);
  }

  /** Tells the gateway to disconnect the sockets of sessions that no longer hold (never stored in the feed). */
  endSessions(target: EndedSessions): void {
    this.emitter.emit('sessions.ended', target);
  }

  onSessionsEnded(listener: (target: EndedSessions) => void): () => void {
    this.emitter.on('sessions.ended', listener);
    return () => this.emitter.off('sessions.ended', listener);
  }
}
