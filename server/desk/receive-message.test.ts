import { describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { selectRows } from '../db/connection.js';
import { createHarness } from '../../test/support/harness.js';
import { receiveMessage } from './receive-message.js';

const h = await createHarness();

describe('receiving a message from a contact', () => {
  it('opens a conversation in the Fila of the default sector, with a protocol sent to the contact', async () => {
    const p = await h.provider();
    const result = await h.inbound(p, { externalId: '5511987650001', phone: '5511987650001', contactName: 'João Araújo', body: 'Minha internet caiu', providerMessageId: 'wamid.1' });
    expect(result.status).toBe('stored');
    if (result.status !== 'stored') return;
    expect(result.openedConversation).toBe(true);

    const supervisor = await h.login(p.users.supervisor);
    const detail = await supervisor.get(`/api/v1/conversations/${result.conversationId}`);
    expect(detail.status).toBe(200);
    expect(detail.body.situacao).toBe('fila');
    expect(detail.body.sector).toEqual({ id: p.sectors.suporte, name: 'Suporte Técnico' });
    expect(detail.body.contact.name).toBe('João Araújo');
    expect(detail.body.unreadCount).toBe(1);
    expect(detail.body.protocolo).toMatch(/^\d{8}-\d{6}$/);

    const page = await supervisor.get(`/api/v1/conversations/${result.conversationId}/messages`);
    const [inbound, protocol] = page.body.messages;
    expect(protocol).toMatchObject({ direction: 'out', authorKind: 'system', status: 'pending' });
    expect(protocol.body).toContain(detail.body.protocolo);
    expect(inbound).toMatchObject({ direction: 'in', authorKind: 'contact', body: 'Minha internet caiu' });
    expect(page.body.events.map((e: { type: string }) => e.type)).toEqual(['opened']);
  });

  it('stores the same channel message id once, however often the channel delivers it', async () => {
    const p = await h.provider();
    const first = await h.inbound(p, { externalId: '5511987650002', body: 'oi', providerMessageId: 'wamid.dup' });
    const again = await Promise.all([1, 2, 3].map(() => h.inbound(p, { externalId: '5511987650002', body: 'oi', providerMessageId: 'wamid.dup' })));
    expect(first.status).toBe('stored');
    for (const r of again) expect(r).toMatchObject({ status: 'duplicate', messageId: (first as { messageId: number }).messageId });
  });

  it('adds later messages to the live conversation and counts them as unread', async () => {
    const p = await h.provider();
    const a = await h.inbound(p, { externalId: '5511987650003', body: 'primeira' });
    const b = await h.inbound(p, { externalId: '5511987650003', body: 'segunda' });
    expect(b).toMatchObject({ status: 'stored', openedConversation: false, conversationId: (a as { conversationId: number }).conversationId });
    const supervisor = await h.login(p.users.supervisor);
    const list = await supervisor.get('/api/v1/conversations?tab=fila');
    expect(list.body.items).toHaveLength(1);
    expect(list.body.items[0]).toMatchObject({ unreadCount: 2, lastMessagePreview: 'segunda' });
  });

  it('opens exactly one conversation when a new contact sends several messages at once', async () => {
    const p = await h.provider();
    const results = await Promise.all(
      Array.from({ length: 5 }, (_, i) => h.inbound(p, { externalId: '5511987650004', phone: '5511987650004', body: `msg ${i}`, providerMessageId: `wamid.burst.${i}` })),
    );
    const conversationIds = new Set(results.map((r) => (r as { conversationId: number }).conversationId));
    expect(conversationIds.size).toBe(1);
    expect(results.filter((r) => r.status === 'stored' && r.openedConversation)).toHaveLength(1);
  });

  it('keeps a blocked contact\'s messages out of the desk and counts them', async () => {
    const p = await h.provider();
    const first = await h.inbound(p, { externalId: '5511987650005', body: 'oi' });
    const admin = await h.login(p.users.admin);
    const detail = await admin.get(`/api/v1/conversations/${(first as { conversationId: number }).conversationId}`);
    const block = await admin.post(`/api/v1/contacts/${detail.body.contact.id}/block`, { reason: 'spam' });
    expect(block.status).toBe(200);

    const held = await h.inbound(p, { externalId: '5511987650005', body: 'compre já!!!' });
    expect(held).toMatchObject({ status: 'blocked' });
    const page = await admin.get(`/api/v1/conversations/${detail.body.id}/messages`);
    expect(page.body.messages.map((m: { body: string }) => m.body)).not.toContain('compre já!!!');
    const blocked = await admin.get('/api/v1/blocked-contacts');
    expect(blocked.body).toEqual([expect.objectContaining({ id: detail.body.contact.id, blockedMessageCount: 1, reason: 'spam', blockedByName: 'Admin' })]);

    await admin.request('DELETE', `/api/v1/contacts/${detail.body.contact.id}/block`);
    expect(await h.inbound(p, { externalId: '5511987650005', body: 'voltei' })).toMatchObject({ status: 'stored' });
  });

  it('starts a new conversation when the contact writes after the last one was closed', async () => {
    const p = await h.provider();
    const first = (await h.inbound(p, { externalId: '5511987650006', body: 'oi' })) as { conversationId: number };
    const ana = await h.login(p.users.ana);
    await ana.post(`/api/v1/conversations/${first.conversationId}/assume`);
    const closed = await ana.post(`/api/v1/conversations/${first.conversationId}/close`, { motivoId: p.motivos.semConexao });
    expect(closed.status).toBe(200);
    const next = await h.inbound(p, { externalId: '5511987650006', body: 'de novo eu' });
    expect(next).toMatchObject({ status: 'stored', openedConversation: true });
    expect((next as { conversationId: number }).conversationId).not.toBe(first.conversationId);
    const old = await ana.get(`/api/v1/conversations/${first.conversationId}`);
    expect(old.body.situacao).toBe('finalizada');
  });

  it('gives every attendance its own protocol number, even when many start at once', async () => {
    const p = await h.provider();
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) => h.inbound(p, { externalId: `55119876510${String(i).padStart(2, '0')}`, body: 'oi' })),
    );
    const supervisor = await h.login(p.users.supervisor);
    const list = await supervisor.get('/api/v1/conversations?tab=fila&limit=50');
    const protocolos = list.body.items.map((c: { protocolo: string }) => c.protocolo);
    expect(results.every((r) => r.status === 'stored')).toBe(true);
    expect(new Set(protocolos).size).toBe(12);
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Sao_Paulo' }).format(new Date()).replaceAll('-', '');
    expect([...protocolos].sort()).toEqual(Array.from({ length: 12 }, (_, i) => `${today}-${String(i + 1).padStart(6, '0')}`));
  });
  it('stores a message delivered again once, also after its conversation was closed', async () => {
    const p = await h.provider();
    const first = (await h.inbound(p, { externalId: '5511987650007', body: 'oi', providerMessageId: 'wamid.again.1' })) as { conversationId: number; messageId: number };
    const second = await h.inbound(p, { externalId: '5511987650007', body: 'tudo bem?', providerMessageId: 'wamid.again.2' });
    expect(second).toMatchObject({ status: 'stored', conversationId: first.conversationId, openedConversation: false });
    expect(await h.inbound(p, { externalId: '5511987650007', body: 'tudo bem?', providerMessageId: 'wamid.again.2' }))
      .toEqual({ status: 'duplicate', messageId: (second as { messageId: number }).messageId, conversationId: first.conversationId });

    const ana = await h.login(p.users.ana);
    await ana.post(`/api/v1/conversations/${first.conversationId}/assume`);
    expect((await ana.post(`/api/v1/conversations/${first.conversationId}/close`, { motivoId: p.motivos.semConexao })).status).toBe(200);
    expect(await h.inbound(p, { externalId: '5511987650007', body: 'oi', providerMessageId: 'wamid.again.1' }))
      .toEqual({ status: 'duplicate', messageId: first.messageId, conversationId: first.conversationId });
    const live = await ana.get('/api/v1/conversations?tab=fila');
    expect(live.body.items.filter((c: { contact: { phone: string } }) => c.contact.phone === '5511987650007')).toHaveLength(0);
  });

  it('keeps unread count, preview and the WhatsApp window of the live conversation as each message arrives', async () => {
    const p = await h.provider();
    const sentAt = (minutesAgo: number) => new Date(Date.now() - minutesAgo * 60_000);
    const first = (await h.inbound(p, { externalId: '5511987650008', body: 'um', sentAt: sentAt(30) })) as { conversationId: number };
    await h.inbound(p, { externalId: '5511987650008', body: 'três', sentAt: sentAt(10) });
    // Late: counted and stored, but it does not move the window back.
    await h.inbound(p, { externalId: '5511987650008', body: 'dois', sentAt: sentAt(20) });
    const [row] = await selectRows<{ unread_count: number; last_message_preview: string; last_inbound_at: Date | string }>(h.database.db, sql`
      SELECT c.unread_count, c.last_message_preview, ci.last_inbound_at
        FROM conversations c JOIN contact_identities ci ON ci.contact_id = c.contact_id
       WHERE c.id = ${first.conversationId}`);
    expect(Number(row.unread_count)).toBe(3);
    expect(row.last_message_preview).toBe('dois');
    expect(Math.abs(new Date(row.last_inbound_at).getTime() - sentAt(10).getTime())).toBeLessThan(5_000);
  });

  it('refuses a message on another provider\'s channel, even from a contact with a live conversation there', async () => {
    const p = await h.provider();
    const other = await h.provider();
    const first = (await h.inbound(p, { externalId: '5511987650009', body: 'oi' })) as { conversationId: number };
    await expect(receiveMessage({ db: h.database.db, bus: h.bus, providerId: other.providerId }, {
      channelId: p.channels.whatsapp, externalId: '5511987650009', contactName: 'Intruso', type: 'text', body: 'de outro provedor',
    })).rejects.toMatchObject({ code: 'not_found' });
    const [{ n }] = await selectRows<{ n: number }>(h.database.db, sql`
      SELECT count(*)::int AS n FROM messages WHERE conversation_id = ${first.conversationId} AND direction = 'in'`);
    expect(n).toBe(1);
  });
});
