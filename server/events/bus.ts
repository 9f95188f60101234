// The in-process event bus: use cases publish here after commit; the Socket.IO gateway fans the
// events out (across instances through the Redis adapter when configured).
import { EventEmitter } from 'node:events';
import type { LiveEvent } from '../../api/live-events.js';

export type { LiveEvent, LiveEventType } from '../../api/live-events.js';

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
