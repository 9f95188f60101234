// A new contact whose number is a client's (in the built-in ERP, or an external client the desk
// already linked once) comes linked to that client; a number two clients share links to neither.
import { and, eq, sql } from 'drizzle-orm';
import type { Executor } from '../db/connection.js';
import { clients } from '../db/schema.js';

export async function clientIdOfPhone(db: Executor, providerId: number, phone: string | null | undefined): Promise<number | null> {
  if (!phone) return null;
  const rows = await db
    .select({ id: clients.id })
    .from(clients)
    .where(and(eq(clients.providerId, providerId), sql`${clients.phones} @> ARRAY[${phone}]::text[]`))
    .limit(2);
  return rows.length === 1 ? rows[0].id : null;
}
