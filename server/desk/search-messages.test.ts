import { describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { selectRows } from '../db/connection.js';
import { createHarness } from '../../test/support/harness.js';
import { WALK } from './search-messages.js';

const h = await createHarness();

/** `count` messages from the contact in one conversation, set-based: the bulk the walk goes past. */
async function bulk(p: Awaited<ReturnType<typeof h.provider>>, conversationId: number, count: number, body: string) {
  await h.database.db.execute(sql`
    INSERT INTO messages (provider_id, conversation_id, contact_id, channel_id, direction, author_kind, type, body)
    SELECT c.provider_id, c.id, c.contact_id, c.channel_id, 'in', 'contact', 'text', ${body} || ' ' || n
      FROM conversations c, generate_series(1, ${count}) n
     WHERE c.id = ${conversationId}`);
}

describe('Buscar em todas as conversas', () => {
  it('finds a word in every conversation of the provider, newest first, a page at a time, highlighted', async () => {
    const p = await h.provider();
    const ids: number[] = [];
    for (let i = 0; i < 5; i++) {
      const r = (await h.inbound(p, { externalId: `551197100000${i}`, contactName: `Cliente ${i}`, body: `Preciso da segunda via do boleto de <março> ${i}` })) as { conversationId: number };
      await h.inbound(p, { externalId: `551197100000${i}`, body: 'A internet caiu de novo' });
      ids.push(r.conversationId);
    }
    const other = await h.provider();
    await h.inbound(other, { externalId: '5511971000009', body: 'O boleto do outro provedor' });
    const carla = await h.login(p.users.supervisor);

    const seen: { messageId: number; conversationId: number }[] = [];
    let before: number | null = null;
    do {
      const page = await carla.get(`/api/v1/messages/search?q=boletos&limit=2${before ? `&before=${before}` : ''}`);
      expect(page.status).toBe(200);
      expect(page.body.matches.length).toBeLessThanOrEqual(2);
      seen.push(...page.body.matches);
      before = page.body.nextBefore;
    } while (before !== null);
    // Stemmed ("boletos" finds "boleto"), newest first, one per conversation, none of the other provider's.
    expect(seen.map((m) => m.conversationId)).toEqual([...ids].reverse());
    const ordered = seen.map((m) => m.messageId);
    expect(ordered).toEqual([...ordered].sort((a, b) => b - a));
    const first = (await carla.get('/api/v1/messages/search?q=boleto')).body.matches[0];
    expect(first).toMatchObject({ conversationId: ids[4], contact: { name: 'Cliente 4' }, situacao: 'fila', direction: 'in' });
    // The message is escaped; only the match is marked.
    expect(first.snippet).toBe('Preciso da segunda via do <mark>boleto</mark> de &lt;março&gt; 4');
  });

  it('reaches a word older than the newest messages it tests one by one, and says when nothing has it', async () => {
    const p = await h.provider();
    const old = (await h.inbound(p, { externalId: '5511971100001', body: 'Quero o reembolso da mensalidade' })) as { conversationId: number };
    const busy = (await h.inbound(p, { externalId: '5511971100002', body: 'oi' })) as { conversationId: number };
    await bulk(p, busy.conversationId, WALK + 50, 'A conexão está lenta');
    const carla = await h.login(p.users.supervisor);
    const found = await carla.get('/api/v1/messages/search?q=reembolso');
    expect(found.body.matches.map((m: { conversationId: number }) => m.conversationId)).toEqual([old.conversationId]);
    expect(found.body.nextBefore).toBeNull();
    // A page that ends inside the walked messages continues into the older ones on the next page.
    await h.inbound(p, { externalId: '5511971100002', body: 'E o reembolso?' });
    const first = await carla.get('/api/v1/messages/search?q=reembolso&limit=1');
    expect(first.body.matches.map((m: { conversationId: number }) => m.conversationId)).toEqual([busy.conversationId]);
    const second = await carla.get(`/api/v1/messages/search?q=reembolso&limit=1&before=${first.body.nextBefore}`);
    expect(second.body.matches.map((m: { conversationId: number }) => m.conversationId)).toEqual([old.conversationId]);
    expect(second.body.nextBefore).toBeNull();

    const absent = await carla.get('/api/v1/messages/search?q=antena');
    expect(absent.body).toEqual({ matches: [], nextBefore: null });
  });

  it('runs on connections that do not compile statements to machine code (JIT), which costs more than the search', async () => {
    const [{ jit }] = await selectRows<{ jit: string }>(h.database.db, sql`SELECT current_setting('jit') AS jit`);
    expect(jit).toBe('off');
  });

  it('is for supervisors and administrators, and refuses an empty search', async () => {
    const p = await h.provider();
    await h.inbound(p, { externalId: '5511971200001', body: 'boleto' });
    const ana = await h.login(p.users.ana);
    expect((await ana.get('/api/v1/messages/search?q=boleto')).status).toBe(403);
    const admin = await h.login(p.users.admin);
    expect((await admin.get('/api/v1/messages/search?q=boleto')).body.matches).toHaveLength(1);
    expect((await admin.get('/api/v1/messages/search?q=%20%20')).status).toBe(400);
  });
});
