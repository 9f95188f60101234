import { describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { selectRows } from '../db/connection.js';
import { tabPageQuery } from './list-conversations.js';
import { createHarness } from '../../test/support/harness.js';
import { phoneOf } from '../channels/whatsapp/inbound.js';

const h = await createHarness();

describe('the Fila / Abertos / Fechados tabs', () => {
  it('pages through the Fila by who has waited longest, never repeating or skipping a conversation', async () => {
    const p = await h.provider();
    const ids: number[] = [];
    for (let i = 0; i < 7; i++) {
      const r = (await h.inbound(p, { externalId: `55119700000${i}`, body: `mensagem ${i}` })) as { conversationId: number };
      ids.push(r.conversationId);
    }
    // Writing again does not move a subscriber ahead of those who waited longer, nor behind.
    await h.inbound(p, { externalId: '551197000000', body: 'ainda estou esperando' });
    const pages = async (client: Awaited<ReturnType<typeof h.login>>) => {
      const seen: number[] = [];
      let cursor: string | null = null;
      do {
        const page = await client.get(`/api/v1/conversations?tab=fila&limit=3${cursor ? `&cursor=${cursor}` : ''}`);
        expect(page.status).toBe(200);
        expect(page.body.counts.fila).toEqual({ total: 7, exact: true });
        seen.push(...page.body.items.map((c: { id: number }) => c.id));
        cursor = page.body.nextCursor;
      } while (cursor);
      return seen;
    };
    expect(await pages(await h.login(p.users.supervisor))).toEqual(ids);
    // An atendente's list merges its branches (their sector, no sector, their own) in the same order.
    expect(await pages(await h.login(p.users.ana))).toEqual(ids);
  });

  it('walks an index in waiting order for each branch of the Fila, with no sort of the whole tab', async () => {
    const p = await h.provider();
    // A Fila spread over sectors, and its statistics: on an empty table every index costs the same.
    await h.database.db.execute(sql`
      WITH made AS (
        INSERT INTO contacts (provider_id, name, phone)
        SELECT ${p.providerId}, 'Espera ' || n, '55118' || lpad(n::text, 8, '0') FROM generate_series(1, 3000) n
        RETURNING id)
      INSERT INTO conversations (provider_id, contact_id, channel_id, situacao, sector_id, protocolo, queued_at)
      SELECT ${p.providerId}, id, ${p.channels.whatsapp}, 'fila',
             (ARRAY[${p.sectors.suporte}, ${p.sectors.comercial}, ${p.sectors.financeiro}, NULL]::bigint[])[1 + id % 4],
             'FILA-' || id, now() - make_interval(secs => id) FROM made`);
    await h.database.db.execute(sql`ANALYZE conversations`);
    const plan = async (scope: Parameters<typeof tabPageQuery>[0], input: Parameters<typeof tabPageQuery>[1]) => {
      const rows = await h.database.db.transaction(async (tx) => {
        // Planners prefer a sequential scan on a table this small; forbidding it shows which index serves the page.
        await tx.execute(sql`SET LOCAL enable_seqscan = off`);
        await tx.execute(sql`SET LOCAL enable_sort = off`);
        return selectRows<Record<string, string>>(tx, sql`EXPLAIN ${tabPageQuery(scope, input)!}`);
      });
      return rows.map((row) => Object.values(row)[0]).join('\n');
    };
    const everySector = await plan(h.scopeOf(p, p.users.supervisor, 'supervisor', []), { tab: 'fila' });
    expect(everySector).toContain('conversations_fila_wait');
    const atendente = await plan(h.scopeOf(p, p.users.ana, 'atendente', [p.sectors.suporte]), { tab: 'fila', cursor: 'WyIyMDI2LTAxLTAxVDAwOjAwOjAwLjAwMFoiLDFd' });
    expect(atendente).toContain('conversations_fila_order');
    expect(atendente).toContain('conversations_responsavel_fila');
    for (const text of [everySector, atendente]) {
      expect(text).not.toMatch(/Seq Scan on conversations/);
      // Only the merge of the branches' pages sorts (a few rows); no branch sorts its slice.
      expect((text.match(/->  Sort /g) ?? []).length).toBeLessThanOrEqual(1);
    }
  });

  it('puts a conversation sent back to the Fila behind those already waiting', async () => {
    const p = await h.provider();
    const first = (await h.inbound(p, { externalId: '5511970000901' })) as { conversationId: number };
    const second = (await h.inbound(p, { externalId: '5511970000902' })) as { conversationId: number };
    const carla = await h.login(p.users.supervisor);
    await carla.post(`/api/v1/conversations/${first.conversationId}/transfer`, { toSectorId: p.sectors.suporte });
    const fila = await carla.get('/api/v1/conversations?tab=fila');
    expect(fila.body.items.map((c: { id: number }) => c.id)).toEqual([second.conversationId, first.conversationId]);
  });

  it('pages through the other tabs newest first', async () => {
    const p = await h.provider();
    const ids: number[] = [];
    const carla = await h.login(p.users.supervisor);
    for (let i = 0; i < 5; i++) {
      const r = (await h.inbound(p, { externalId: `55119700008${i}`, body: `mensagem ${i}` })) as { conversationId: number };
      await carla.post(`/api/v1/conversations/${r.conversationId}/assume`);
      ids.push(r.conversationId);
    }
    const seen: number[] = [];
    let cursor: string | null = null;
    do {
      const page = await carla.get(`/api/v1/conversations?tab=abertos&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...page.body.items.map((c: { id: number }) => c.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual([...ids].reverse());
  });

  it('counts each tab and moves a conversation between them as it is assumed and closed', async () => {
    const p = await h.provider();
    const a = (await h.inbound(p, { externalId: '5511970001001' })) as { conversationId: number };
    await h.inbound(p, { externalId: '5511970001002' });
    const ana = await h.login(p.users.ana);
    const counts = async () => (await ana.get('/api/v1/conversations?tab=abertos')).body.counts;
    expect(await counts()).toEqual({ fila: { total: 2, exact: true }, meus: { total: 0, exact: true }, abertos: { total: 0, exact: true }, fechados: { total: 0, exact: true }, bot: { total: 0, exact: true } });
    await ana.post(`/api/v1/conversations/${a.conversationId}/assume`);
    expect(await counts()).toMatchObject({ meus: { total: 1 }, abertos: { total: 1 } });
    await ana.post(`/api/v1/conversations/${a.conversationId}/close`, { motivoId: p.motivos.semConexao });
    expect(await counts()).toMatchObject({ fila: { total: 1 }, meus: { total: 0 }, abertos: { total: 0 }, fechados: { total: 1 } });
  });

  it('finds contacts by name whatever the accents and case ("conceicao" finds "Conceição")', async () => {
    const p = await h.provider();
    const wanted = (await h.inbound(p, { externalId: '5511970002001', contactName: 'Maria da Conceição Araújo' })) as { conversationId: number };
    await h.inbound(p, { externalId: '5511970002002', contactName: 'José Gonçalves' });
    const carla = await h.login(p.users.supervisor);
    for (const q of ['conceição', 'conceicao', 'CONCEICAO', 'Araujo', 'maria da']) {
      const list = await carla.get(`/api/v1/conversations?tab=fila&q=${encodeURIComponent(q)}`);
      expect(list.body.items.map((c: { id: number }) => c.id), q).toEqual([wanted.conversationId]);
      expect(list.body.counts.fila.total, q).toBe(1);
    }
    const none = await carla.get(`/api/v1/conversations?tab=fila&q=${encodeURIComponent('100%_')}`);
    expect(none.body.items).toEqual([]);
  });

  it('finds contacts by phone however it is typed, with the number stored in E.164', async () => {
    const p = await h.provider();
    // WhatsApp knows this mobile by its eight digits; the contact keeps it with the ninth.
    const wanted = (await h.inbound(p, { externalId: '551187012345', phone: phoneOf('551187012345'), contactName: 'Sem Nome' })) as { conversationId: number };
    await h.inbound(p, { externalId: '5511970002003', phone: '5511970002003', contactName: 'Outra Pessoa' });
    const carla = await h.login(p.users.supervisor);
    for (const q of ['2345', '98701-2345', '(11) 98701-2345', '(11) 8701-2345', '+55 11 98701 2345', '011 98701-2345']) {
      const list = await carla.get(`/api/v1/conversations?tab=fila&q=${encodeURIComponent(q)}`);
      expect(list.body.items.map((c: { id: number }) => c.id), q).toEqual([wanted.conversationId]);
      const found = await carla.get(`/api/v1/contacts?q=${encodeURIComponent(q)}`);
      expect(found.body.map((c: { phone: string }) => c.phone), q).toEqual(['5511987012345']);
    }

    await h.database.db.execute(sql`
      INSERT INTO contacts (provider_id, name, phone)
      SELECT ${p.providerId}, 'Assinante ' || n, '55219' || lpad(n::text, 8, '0') FROM generate_series(1, 20000) n`);
    await h.database.db.execute(sql`ANALYZE contacts`);
    const plan = await h.database.db.transaction(async (tx) => {
      await tx.execute(sql`SET LOCAL enable_seqscan = off`);
      const { contactMatches } = await import('./contacts.js');
      return selectRows<Record<string, string>>(tx, sql`EXPLAIN SELECT id FROM contacts WHERE provider_id = ${p.providerId} AND ${contactMatches('98701-2345')}`);
    });
    expect(plan.map((row) => Object.values(row)[0]).join('\n')).toContain('contacts_phone_trgm');
  });

  it('shows an atendente only the sectors they work, the conversations with no sector, and their own', async () => {
    const p = await h.provider();
    const suporte = (await h.inbound(p, { externalId: '5511970003001' })) as { conversationId: number };
    const comercial = (await h.inbound(p, { externalId: '5511970003002' })) as { conversationId: number };
    const carla = await h.login(p.users.supervisor);
    await carla.post(`/api/v1/conversations/${comercial.conversationId}/transfer`, { toSectorId: p.sectors.comercial });

    const ana = await h.login(p.users.ana); // Suporte Técnico
    const caio = await h.login(p.users.caio); // Comercial
    const ids = async (client: typeof ana) => (await client.get('/api/v1/conversations?tab=fila')).body.items.map((c: { id: number }) => c.id);
    expect(await ids(ana)).toEqual([suporte.conversationId]);
    expect(await ids(caio)).toEqual([comercial.conversationId]);
    expect((await ids(carla)).sort()).toEqual([suporte.conversationId, comercial.conversationId].sort());
    expect((await caio.get(`/api/v1/conversations?tab=fila&sectorId=${p.sectors.suporte}`)).body.items).toEqual([]);
  });

  it('filters by atendente (responsável) and by channel', async () => {
    const p = await h.provider();
    const a = (await h.inbound(p, { externalId: '5511970004001' })) as { conversationId: number };
    const b = (await h.inbound(p, { externalId: '5511970004002' })) as { conversationId: number };
    const c = (await h.inbound(p, { channelId: p.channels.telegram, externalId: '777000111', body: 'pelo telegram' })) as { conversationId: number };
    const ana = await h.login(p.users.ana);
    const bruno = await h.login(p.users.bruno);
    await ana.post(`/api/v1/conversations/${a.conversationId}/assume`);
    await bruno.post(`/api/v1/conversations/${b.conversationId}/assume`);
    await bruno.post(`/api/v1/conversations/${c.conversationId}/assume`);
    const carla = await h.login(p.users.supervisor);
    const byBruno = await carla.get(`/api/v1/conversations?tab=abertos&responsavelId=${p.users.bruno.id}`);
    expect(byBruno.body.items.map((x: { id: number }) => x.id)).toEqual([c.conversationId, b.conversationId]);
    expect(byBruno.body.counts.abertos.total).toBe(2);
    const telegram = await carla.get(`/api/v1/conversations?tab=abertos&channelId=${p.channels.telegram}`);
    expect(telegram.body.items).toEqual([expect.objectContaining({ id: c.conversationId, channel: { id: p.channels.telegram, kind: 'telegram', name: 'Telegram' } })]);
  });

  it('caps a name search\'s counts at 100 and says the count is not exact', async () => {
    const p = await h.provider();
    const { sql } = await import('drizzle-orm');
    await h.database.db.execute(sql`
      WITH made AS (
        INSERT INTO contacts (provider_id, name, phone)
        SELECT ${p.providerId}, 'Conceição ' || n, '55119' || lpad(n::text, 8, '0') FROM generate_series(1, 1005) n
        RETURNING id)
      INSERT INTO conversations (provider_id, contact_id, channel_id, situacao, sector_id, protocolo, closed_at)
      SELECT ${p.providerId}, id, ${p.channels.whatsapp}, 'finalizada', ${p.sectors.suporte}, 'CAP-' || id, now() FROM made`);
    const carla = await h.login(p.users.supervisor);
    const searched = await carla.get(`/api/v1/conversations?tab=fechados&q=conceicao`);
    expect(searched.body.counts.fechados).toEqual({ total: 100, exact: false });
    expect(searched.body.items).toHaveLength(30);
    const all = await carla.get('/api/v1/conversations?tab=fechados');
    expect(all.body.counts.fechados).toEqual({ total: 1005, exact: true });
  });

  it('counts for an atendente exactly what she sees, her own outside her sectors once, in every gap between them', async () => {
    const p = await h.provider();
    const { sql } = await import('drizzle-orm');
    // Caio works Suporte and Comercial, so Financeiro lies between his sectors; Ana works Suporte only.
    await h.database.db.execute(sql`INSERT INTO user_sectors (provider_id, user_id, sector_id) VALUES (${p.providerId}, ${p.users.caio.id}, ${p.sectors.suporte})`);
    const sectors = [p.sectors.suporte, p.sectors.financeiro, p.sectors.comercial, null];
    const people = [p.users.caio.id, p.users.ana.id, null];
    const situacoes = ['fila', 'chat', 'finalizada'];
    // Every combination, twice: 4 sectors × 3 responsáveis × 3 situações.
    await h.database.db.execute(sql`
      WITH shape AS (
        SELECT row_number() OVER () AS n, s, r, st
          FROM unnest(${sql.raw(`ARRAY[${sectors.map((x) => x ?? 'NULL').join(',')}]::int[]`)}) s,
               unnest(${sql.raw(`ARRAY[${people.map((x) => x ?? 'NULL').join(',')}]::int[]`)}) r,
               unnest(${sql.raw(`ARRAY[${situacoes.map((x) => `'${x}'`).join(',')}]`)}) st,
               generate_series(1, 2) twice),
      made AS (
        INSERT INTO contacts (provider_id, name, phone)
        SELECT ${p.providerId}, 'Gap ' || n, '55119' || lpad(n::text, 8, '0') FROM shape RETURNING id, name)
      INSERT INTO conversations (provider_id, contact_id, channel_id, situacao, sector_id, responsavel_id, protocolo, queued_at, closed_at)
      SELECT ${p.providerId}, made.id, ${p.channels.whatsapp}, shape.st::situacao, shape.s, CASE WHEN shape.st = 'fila' THEN NULL ELSE shape.r END,
             'GAP-' || made.id, now(), CASE WHEN shape.st = 'finalizada' THEN now() END
        FROM made JOIN shape ON made.name = 'Gap ' || shape.n`);
    for (const [user, sectorIds] of [[p.users.caio, [p.sectors.suporte, p.sectors.comercial]], [p.users.ana, [p.sectors.suporte]]] as const) {
      const [expected] = await selectRows<Record<string, number>>(h.database.db, sql`
        SELECT count(*) FILTER (WHERE situacao = 'fila')::int AS fila, count(*) FILTER (WHERE situacao = 'chat')::int AS abertos,
               count(*) FILTER (WHERE situacao = 'finalizada')::int AS fechados
          FROM conversations
         WHERE provider_id = ${p.providerId}
           AND (sector_id IS NULL OR sector_id IN (${sql.join(sectorIds.map((id) => sql`${id}`), sql`, `)}) OR responsavel_id = ${user.id})`);
      const client = await h.login(user);
      const { counts } = (await client.get('/api/v1/conversations?tab=abertos')).body;
      expect({ fila: counts.fila.total, abertos: counts.abertos.total, fechados: counts.fechados.total }, user.name).toEqual(expected);
      // And the pages hold the same conversations the counts counted.
      for (const tab of ['fila', 'abertos', 'fechados'] as const) {
        const page = await client.get(`/api/v1/conversations?tab=${tab}&limit=100`);
        expect(page.body.items, `${user.name} ${tab}`).toHaveLength(expected[tab]);
      }
    }
  });

  it('refuses a forged cursor and an unknown tab', async () => {
    const p = await h.provider();
    const carla = await h.login(p.users.supervisor);
    const forged = await carla.get('/api/v1/conversations?tab=fila&cursor=bm90LWEtY3Vyc29y');
    expect(forged.status).toBe(400);
    expect(forged.body.error).toEqual({ code: 'validation_failed', message: 'Cursor de paginação inválido.' });
    expect((await carla.get('/api/v1/conversations?tab=arquivo')).status).toBe(400);
    expect((await carla.get('/api/v1/conversations?tab=fila&limit=100000')).status).toBe(400);
  });
});

describe('Meus atendimentos', () => {
  it('lists the Abertos I am responsável for in every sector, newest first, page after page, and no one else\'s', async () => {
    const p = await h.provider();
    const carla = await h.login(p.users.supervisor);
    const ana = await h.login(p.users.ana); // Suporte
    const bruno = await h.login(p.users.bruno); // Suporte and Financeiro
    const caio = await h.login(p.users.caio); // Comercial
    const arrive = async (externalId: string) => ((await h.inbound(p, { externalId })) as { conversationId: number }).conversationId;

    const anas: number[] = [];
    for (let i = 0; i < 4; i++) {
      const id = await arrive(`55119700120${i}`);
      expect((await ana.post(`/api/v1/conversations/${id}/assume`)).status).toBe(200);
      anas.push(id);
    }
    // One of hers whose sector changed to one she does not work (Comercial): still hers, still listed.
    await h.database.db.execute(sql`UPDATE conversations SET sector_id = ${p.sectors.comercial} WHERE id = ${anas[1]}`);
    // One handed to her by the supervisor, the newest.
    const handed = await arrive('5511970012010');
    await carla.post(`/api/v1/conversations/${handed}/transfer`, { toUserId: p.users.ana.id });
    anas.push(handed);
    // Bruno's, in Suporte (Ana sees it in Abertos) and in Financeiro (she sees it nowhere); one of hers closed; one waiting.
    const brunoSuporte = await arrive('5511970012020');
    await bruno.post(`/api/v1/conversations/${brunoSuporte}/assume`);
    const brunoFinanceiro = await arrive('5511970012021');
    await carla.post(`/api/v1/conversations/${brunoFinanceiro}/transfer`, { toSectorId: p.sectors.financeiro });
    await bruno.post(`/api/v1/conversations/${brunoFinanceiro}/assume`);
    const closed = await arrive('5511970012030');
    await ana.post(`/api/v1/conversations/${closed}/assume`);
    await ana.post(`/api/v1/conversations/${closed}/close`, { motivoId: p.motivos.semConexao });
    await arrive('5511970012040');

    const walk = async (client: typeof ana, filters = '') => {
      const seen: number[] = [];
      let cursor: string | null = null;
      do {
        const page = await client.get(`/api/v1/conversations?tab=meus&limit=2${filters}${cursor ? `&cursor=${cursor}` : ''}`);
        expect(page.status).toBe(200);
        expect(page.body.items.length).toBeLessThanOrEqual(2);
        seen.push(...page.body.items.map((c: { id: number }) => c.id));
        cursor = page.body.nextCursor;
      } while (cursor);
      return seen;
    };
    expect(await walk(ana)).toEqual([...anas].reverse());
    const first = await ana.get('/api/v1/conversations?tab=meus&limit=2');
    expect(first.body.counts.meus).toEqual({ total: 5, exact: true });
    expect(first.body.items.every((c: { responsavel: { id: number }; situacao: string }) => c.responsavel.id === p.users.ana.id && c.situacao === 'chat')).toBe(true);
    // Abertos is wider (Bruno's Suporte conversation), yet never shows Bruno's Financeiro one.
    const abertos = (await ana.get('/api/v1/conversations?tab=abertos&limit=100')).body.items.map((c: { id: number }) => c.id);
    expect(abertos).toContain(brunoSuporte);
    expect(abertos).not.toContain(brunoFinanceiro);

    expect(await walk(bruno)).toEqual([brunoFinanceiro, brunoSuporte]);
    expect(await walk(caio)).toEqual([]);
    expect(await walk(carla)).toEqual([]);
    // Filters narrow it; naming another atendente at the same time leaves nothing, not her list.
    expect(await walk(ana, `&sectorId=${p.sectors.comercial}`)).toEqual([anas[1]]);
    expect(await walk(ana, `&responsavelId=${p.users.bruno.id}`)).toEqual([]);
    expect((await ana.get(`/api/v1/conversations?tab=meus&responsavelId=${p.users.bruno.id}`)).body.counts.meus.total).toBe(0);
    expect(await walk(ana, `&responsavelId=${p.users.ana.id}`)).toEqual([...anas].reverse());
  });

  it('walks the responsável index for Meus atendimentos, with no sort and no scan of the table', async () => {
    const p = await h.provider();
    // A few thousand Abertos spread over five atendentes and four sectors, and their statistics.
    await h.database.db.execute(sql`
      WITH made AS (
        INSERT INTO contacts (provider_id, name, phone)
        SELECT ${p.providerId}, 'Aberto ' || n, '55117' || lpad(n::text, 8, '0') FROM generate_series(1, 4000) n
        RETURNING id)
      INSERT INTO conversations (provider_id, contact_id, channel_id, situacao, sector_id, responsavel_id, protocolo, assumed_at, last_message_at)
      SELECT ${p.providerId}, id, ${p.channels.whatsapp}, (ARRAY['chat', 'chat', 'finalizada']::text[])[1 + id % 3]::situacao,
             (ARRAY[${p.sectors.suporte}, ${p.sectors.comercial}, ${p.sectors.financeiro}, NULL]::bigint[])[1 + id % 4],
             (ARRAY[${p.users.ana.id}, ${p.users.bruno.id}, ${p.users.caio.id}, ${p.users.supervisor.id}, ${p.users.admin.id}]::bigint[])[1 + id % 5],
             'MEUS-' || id, now(), now() - make_interval(secs => id) FROM made`);
    await h.database.db.execute(sql`ANALYZE conversations`);
    const scope = h.scopeOf(p, p.users.ana, 'atendente', [p.sectors.suporte]);
    const plan = await h.database.db.transaction(async (tx) => {
      await tx.execute(sql`SET LOCAL enable_seqscan = off`);
      await tx.execute(sql`SET LOCAL enable_sort = off`);
      const rows = await selectRows<Record<string, string>>(tx, sql`EXPLAIN ${tabPageQuery(scope, { tab: 'meus', cursor: 'WyIyMDk5LTAxLTAxVDAwOjAwOjAwLjAwMFoiLDFd' })!}`);
      return rows.map((row) => Object.values(row)[0]).join('\n');
    });
    expect(plan).toContain('conversations_responsavel_tab');
    expect(plan).not.toMatch(/Seq Scan on conversations/);
    expect((plan.match(/->  Sort /g) ?? []).length).toBeLessThanOrEqual(1);
  });
});

describe('searching the history (Buscar na conversa)', () => {
  it('finds every message with the word in this and the contact\'s earlier conversations, highlighted', async () => {
    const p = await h.provider();
    const ext = { externalId: '5511970005001', phone: '5511970005001', contactName: 'Antônio Nunes' };
    const first = (await h.inbound(p, { ...ext, body: 'Preciso da segunda via do boleto de outubro' })) as { conversationId: number };
    const ana = await h.login(p.users.ana);
    await ana.post(`/api/v1/conversations/${first.conversationId}/assume`);
    await ana.post(`/api/v1/conversations/${first.conversationId}/close`, { motivoId: p.motivos.boleto });
    const second = (await h.inbound(p, { ...ext, body: 'Os boletos <b>não</b> chegaram' })) as { conversationId: number };
    await h.inbound(p, { ...ext, body: 'e a internet está lenta' });
    await h.inbound(p, { externalId: '5511970005999', body: 'outro cliente também quer o boleto' });

    const answer = await ana.get(`/api/v1/conversations/${second.conversationId}/search?q=boleto`);
    expect(answer.status).toBe(200);
    expect(answer.body.total).toBe(2);
    const [newest, oldest] = answer.body.matches;
    expect(newest).toMatchObject({ conversationId: second.conversationId, inThisConversation: true });
    expect(newest.snippet).toBe('Os <mark>boletos</mark> &lt;b&gt;não&lt;/b&gt; chegaram');
    expect(oldest).toMatchObject({ conversationId: first.conversationId, inThisConversation: false });
    expect(oldest.snippet).toContain('<mark>boleto</mark>');
  });

  it('leaves out the contact\'s conversations the agent may not open (another sector\'s, with its internal notes)', async () => {
    const p = await h.provider();
    const ext = { externalId: '5511970005101', phone: '5511970005101', contactName: 'Rita Financeira' };
    const earlier = (await h.inbound(p, { ...ext, body: 'quero negociar o boleto atrasado' })) as { conversationId: number };
    const carla = await h.login(p.users.supervisor);
    await carla.post(`/api/v1/conversations/${earlier.conversationId}/transfer`, { toSectorId: p.sectors.financeiro });
    await carla.post(`/api/v1/conversations/${earlier.conversationId}/messages`, { kind: 'note', body: 'boleto: cliente com acordo sigiloso' });
    await carla.post(`/api/v1/conversations/${earlier.conversationId}/assume`);
    await carla.post(`/api/v1/conversations/${earlier.conversationId}/close`, { motivoId: p.motivos.boleto });
    const now = (await h.inbound(p, { ...ext, body: 'e o boleto deste mês?' })) as { conversationId: number };

    const ana = await h.login(p.users.ana); // Suporte only
    const outside = await ana.get(`/api/v1/conversations/${now.conversationId}/search?q=boleto`);
    expect(outside.status).toBe(200);
    expect(outside.body.matches.map((m: { conversationId: number }) => m.conversationId)).toEqual([now.conversationId]);
    expect(JSON.stringify(outside.body)).not.toContain('sigiloso');

    const bruno = await h.login(p.users.bruno); // Suporte and Financeiro
    const inside = await bruno.get(`/api/v1/conversations/${now.conversationId}/search?q=boleto`);
    expect(inside.body.total).toBe(3);
    expect(inside.body.matches.map((m: { conversationId: number }) => m.conversationId)).toContain(earlier.conversationId);
  });

  it('answers an empty list for a word that is nowhere, and refuses an empty query', async () => {
    const p = await h.provider();
    const r = (await h.inbound(p, { externalId: '5511970006001', body: 'oi' })) as { conversationId: number };
    const carla = await h.login(p.users.supervisor);
    expect((await carla.get(`/api/v1/conversations/${r.conversationId}/search?q=fatura`)).body).toEqual({ q: 'fatura', total: 0, matches: [] });
    expect((await carla.get(`/api/v1/conversations/${r.conversationId}/search?q=`)).status).toBe(400);
  });
});

describe('the messages of a conversation', () => {
  it('pages back from the newest, oldest first within a page', async () => {
    const p = await h.provider();
    let id = 0;
    for (let i = 1; i <= 12; i++) id = ((await h.inbound(p, { externalId: '5511970007001', body: `m${i}` })) as { conversationId: number }).conversationId;
    const carla = await h.login(p.users.supervisor);
    const newest = await carla.get(`/api/v1/conversations/${id}/messages?limit=5`);
    expect(newest.body.messages.map((m: { body: string }) => m.body)).toEqual(['m8', 'm9', 'm10', 'm11', 'm12']);
    const older = await carla.get(`/api/v1/conversations/${id}/messages?limit=5&before=${newest.body.nextBefore}`);
    expect(older.body.messages.map((m: { body: string }) => m.body)).toEqual(['m3', 'm4', 'm5', 'm6', 'm7']);
    const oldest = await carla.get(`/api/v1/conversations/${id}/messages?limit=5&before=${older.body.nextBefore}`);
    // Waiting in the Fila, the subscriber is told their place once (m2), not at every message.
    expect(oldest.body.messages.map((m: { body: string }) => m.body)).toEqual(['m1', expect.stringContaining('protocolo'), 'm2', 'Você é o próximo da fila. Em instantes um atendente fala com você.']);
    expect(oldest.body.nextBefore).toBeNull();
    expect(oldest.body.events.map((e: { type: string }) => e.type)).toEqual(['opened']);
  });
});
