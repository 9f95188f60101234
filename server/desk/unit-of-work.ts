// Every write that changes the desk runs here: one transaction that also stores the live events
// it produces (the feed), which are published only after the commit.
import { feed } from '../db/schema.js';
import type { Tx } from '../db/connection.js';
import type { LiveEvent, NewLiveEvent } from '../../api/live-events.js';
import type { ProviderScope } from '../tenancy/scope.js';

export type Emit = (event: NewLiveEvent) => void;

export async function inTransaction<T>(
  scope: ProviderScope,
  work: (tx: Tx, emit: Emit) => Promise<T>,
): Promise<T> {
  let pending: LiveEvent[] = [];
  const result = await scope.db.transaction(async (tx) => {
    const emitted: NewLiveEvent[] = [];
    const value = await work(tx, (event) => emitted.push(event));
    if (emitted.length > 0) {
      const rows = await tx
        .insert(feed)
        .values(emitted.map((e) => ({ ...e, providerId: scope.providerId })))
        .returning({ id: feed.id });
      pending = emitted.map((e, i) => ({ ...e, id: rows[i].id, providerId: scope.providerId }) as LiveEvent);
    }
    return value;
  });
  for (const event of pending) scope.bus.publish(event);
  return result;
}
