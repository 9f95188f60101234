// The in-process event bus: use cases publish here after commit; the Socket.IO gateway fans the
// events out (across instances through the Redis adapter when configured).
import { EventEmitter } from 'node:events';
import type { LiveEvent } from '../../api/live-events.js';

export type { LiveEvent, LiveEventType } from '../../api/live-events.js';

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
}
