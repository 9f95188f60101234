// Seeds the BENCH.md data set with set-based SQL (generate_series, INSERT ... SELECT): one provider,
// one WhatsApp channel, three sectors, ten atendentes and an administrador, 2 contacts per 5
// conversations, 10 messages per conversation and one open conversation with 1,000.
//
// Every choice is a hash of the row's number (hashint8), so the same size gives the same data on
// every run and on both engines. Ids are given explicitly (OVERRIDING SYSTEM VALUE) so that a
// conversation's number k can be recomputed from its id, and the sequences are moved past them.
import { hash } from '@node-rs/argon2';
import { sql } from 'drizzle-orm';
import { selectRows, type Db } from '../server/db/connection.js';
import { channels, providers, sectors, users, userSectors } from '../server/db/schema.js';
import { addLogins } from '../server/sessions/sessions.js';
import { PASSWORD } from '../test/support/fixtures.js';
import {
  AGENT_BOLETO,
  AGENT_SENTENCES,
  AGENTS,
  CONTACT_BOLETO,
  RARE_SENTENCE,
  CONTACT_SENTENCES,
  DDDS,
  FIRST_NAMES,
  SURNAMES,
  sqlArray,
} from './words.js';

export const BIG_CONVERSATION_MESSAGES = 1000;
/** The seeded WhatsApp channel's number and app secret: the webhook benchmark signs with it. */
export const BENCH_WHATSAPP = { phoneNumberId: '106540352242922', appSecret: 'bench-app-secret' };
const MESSAGES_PER_CONVERSATION = 10;
const BATCH_CONVERSATIONS = 50_000;

export interface SeedInfo {
  providerId: number;
  channelId: string;
  adminEmail: string;
  /** Sees every sector, like the administrador, without being one. */
  supervisorEmail: string;
  atendente: { id: number; email: string; sectors: string[] };
  bigConversationId: number;
  shortConversationId: number;
  /** A conversation whose contact has "boleto" somewhere in their history. */
  historyConversationId: number;
  rows: { contacts: number; conversations: number; messages: number };
  situacoes: Record<string, number>;
  steps: { step: string; ms: number }[];
  totalMs: number;
}

export interface SeedOptions {
  size: number;
  slug?: string;
  log?: (line: string) => void;
}

/** A non-negative pseudo-random integer from a row number: the same on PostgreSQL and PGlite. */
const h = (expr: string) => `(hashint8((${expr})::bigint)::bigint & 2147483647)`;
const pickFrom = (array: string, length: number, hashExpr: string) => `(${array})[1 + ((${hashExpr}) % ${length})::int]`;

/**
 * A message's body from its hash and position: odd positions are the contact's, even the agent's;
 * one hash in 20 picks a "boleto" sentence, one in 50,000 the rare word's.
 */
function bodyExpr(hashCol: string, j: string): string {
  const rest = `(${hashCol} / 20)`;
  return `CASE WHEN ${hashCol} % 50000 = 7 THEN '${RARE_SENTENCE}'
    WHEN ${hashCol} % 20 = 0
    THEN CASE WHEN ${j} % 2 = 1 THEN ${pickFrom(sqlArray(CONTACT_BOLETO), CONTACT_BOLETO.length, rest)}
                               ELSE ${pickFrom(sqlArray(AGENT_BOLETO), AGENT_BOLETO.length, rest)} END
    ELSE CASE WHEN ${j} % 2 = 1 THEN ${pickFrom(sqlArray(CONTACT_SENTENCES), CONTACT_SENTENCES.length, rest)}
                               ELSE ${pickFrom(sqlArray(AGENT_SENTENCES), AGENT_SENTENCES.length, rest)} END END`;
}

/** Hash of message j of conversation k: decides its sentence. */
const messageHash = (k: string, j: string) => h(`(${k}) * 1024 + (${j})`);
/** Minutes between the messages of conversation k: 2 to 5. */
const gapExpr = (k: string) => `make_interval(mins => (2 + ${h(`(${k}) * 8 + 1`)} % 4)::int)`;
/** When message j was sent: a few minutes apart, plus a few seconds, always increasing. */
const messageAt = (startedAt: string, gap: string, j: string) =>
  `(${startedAt} + ((${j}) - 1) * ${gap} + make_interval(secs => ((${j}) * 13) % 40))`;

export async function seedBenchmark(db: Db, options: SeedOptions): Promise<SeedInfo> {
  const log = options.log ?? (() => {});
  const n = options.size;
  const contactCount = Math.ceil((2 * n) / 5);
  const slug = options.slug ?? 'bench';
  const steps: { step: string; ms: number }[] = [];
  const started = performance.now();
  const step = async <T>(name: string, work: () => Promise<T>): Promise<T> => {
    const t0 = performance.now();
    const value = await work();
    const ms = performance.now() - t0;
    steps.push({ step: name, ms });
    log(`  seed: ${name} — ${(ms / 1000).toFixed(1)} s`);
    return value;
  };
  const run = (text: string) => db.execute(sql.raw(text));
  const one = async (text: string) => (await selectRows<Record<string, unknown>>(db, sql.raw(text)))[0];

  // ── Provider, channel, sectors, people ────────────────────────────────────────────────────
  const setup = await step('provider, sectors, users (argon2)', async () => {
    const passwordHash = await hash(PASSWORD);
    const [provider] = await db.insert(providers).values({ name: 'Provedor Benchmark', slug }).returning();
    const providerId = provider.id;
    const channelId = `${slug}-whatsapp`;
    await db.insert(channels).values({
      id: channelId, providerId, kind: 'whatsapp', name: 'WhatsApp',
      config: { phoneNumberId: BENCH_WHATSAPP.phoneNumberId, verifyToken: `verify-${slug}` },
      secrets: { appSecret: BENCH_WHATSAPP.appSecret },
    });
    const [suporte, financeiro, comercial] = await db
      .insert(sectors)
      .values([
        { providerId, name: 'Suporte Técnico', isDefault: true },
        { providerId, name: 'Financeiro' },
        { providerId, name: 'Comercial' },
      ])
      .returning();
    const sectorName = new Map([[suporte.id, suporte.name], [financeiro.id, financeiro.name], [comercial.id, comercial.name]]);
    // Each atendente in one or two sectors; the administrador in all three.
    const membership: number[][] = [
      [suporte.id], [suporte.id], [suporte.id], [suporte.id, financeiro.id], [suporte.id, comercial.id],
      [financeiro.id], [financeiro.id], [financeiro.id, comercial.id], [comercial.id], [suporte.id],
    ];
    const agents = await db
      .insert(users)
      .values(AGENTS.map((name, i) => ({
        providerId, name, role: 'atendente' as const, passwordHash,
        email: `atendente${String(i + 1).padStart(2, '0')}@${slug}.prosa.test`,
      })))
      .returning();
    const [admin, supervisor] = await db
      .insert(users)
      .values([
        { providerId, name: 'Administrador Benchmark', role: 'administrador', passwordHash, email: `admin@${slug}.prosa.test` },
        { providerId, name: 'Supervisora Benchmark', role: 'supervisor', passwordHash, email: `supervisor@${slug}.prosa.test` },
      ])
      .returning();
    await addLogins(db, [...agents, admin, supervisor]);
    await db.insert(userSectors).values([
      ...agents.flatMap((agent, i) => membership[i].map((sectorId) => ({ providerId, userId: agent.id, sectorId }))),
      ...[suporte, financeiro, comercial].map((s) => ({ providerId, userId: admin.id, sectorId: s.id })),
    ]);
    const membersOf = (sectorId: number) => agents.filter((_, i) => membership[i].includes(sectorId)).map((a) => a.id);
    // The atendente the benchmark logs in as: two sectors, so their tabs are a UNION of four branches.
    const atendente = agents[3];
    return {
      providerId, channelId, admin, supervisor, agents, sectorIds: [suporte.id, financeiro.id, comercial.id], membersOf,
      atendente: { id: atendente.id, email: atendente.email, sectors: membership[3].map((id) => sectorName.get(id)!) },
    };
  });
  const { providerId: P, channelId } = setup;
  const [s1, s2, s3] = setup.sectorIds;
  const nowIso = new Date(Math.floor(Date.now() / 60_000) * 60_000).toISOString();
  const now = `TIMESTAMPTZ '${nowIso}'`;

  const base = async (table: string) => Number((await one(`SELECT coalesce(max(id), 0)::bigint AS m FROM ${table}`)).m);
  const contactBase = await base('contacts');
  const convBase = await base('conversations');
  const msgBase = await base('messages');
  const bumpSequence = (table: string) =>
    run(`SELECT setval(pg_get_serial_sequence('${table}', 'id'), (SELECT max(id) FROM ${table}))`);

  // ── Contacts: accented names, unique 55 + DDD + 9xxxxxxxx numbers ─────────────────────────
  await step(`contacts (${contactCount.toLocaleString('en-US')})`, async () => {
    await run(`
      INSERT INTO contacts (id, provider_id, name, phone, created_at) OVERRIDING SYSTEM VALUE
      SELECT ${contactBase} + i, ${P},
             ${pickFrom(sqlArray(FIRST_NAMES), FIRST_NAMES.length, h('i * 4 + 1'))} || ' ' ||
             ${pickFrom(sqlArray(SURNAMES), SURNAMES.length, 'first_surname')} || ' ' ||
             ${pickFrom(sqlArray(SURNAMES), SURNAMES.length, `first_surname + 1 + ${h('i * 4 + 3')} % ${SURNAMES.length - 1}`)},
             '55' || ${pickFrom(sqlArray(DDDS), DDDS.length, h('i * 4 + 4'))} || '9' || lpad(((i::bigint * 7919) % 100000000)::text, 8, '0'),
             ${now} - interval '400 days'
        FROM (SELECT i, ${h('i * 4 + 2')} % ${SURNAMES.length} AS first_surname
                FROM generate_series(1, ${contactCount}) i) x`);
    await run(`
      INSERT INTO contact_identities (provider_id, channel_id, external_id, contact_id)
      SELECT ${P}, '${channelId}', phone, id FROM contacts WHERE provider_id = ${P}`);
    await bumpSequence('contacts');
  });

  // ── Conversations over 365 days ───────────────────────────────────────────────────────────
  // The newest 30 % are fila / chat / finalizada with probability 1/6, 1/2, 1/3; the rest finalizada.
  // Live ones go to contacts 1, 2, 3... in turn (at most n/5 of them for 2n/5 contacts), so no
  // contact has two; finalizadas go to any contact.
  const responsavel = (() => {
    const arr = (ids: number[]) => `(ARRAY[${ids.join(', ')}]::bigint[])`;
    const all = setup.agents.map((a) => a.id);
    const branch = (sectorId: number) => {
      const ids = setup.membersOf(sectorId);
      return `WHEN ${sectorId} THEN ${arr(ids)}[1 + (hr % ${ids.length})::int]`;
    };
    return `CASE WHEN situacao = 'fila' THEN NULL ELSE CASE sector_id ${branch(s1)} ${branch(s2)} ${branch(s3)}
            ELSE ${arr(all)}[1 + (hr % ${all.length})::int] END END`;
  })();
  const lastAt = messageAt('started_at', 'gap', String(MESSAGES_PER_CONVERSATION));
  await step(`conversations (${n.toLocaleString('en-US')})`, async () => {
    await run(`
      WITH g AS (
        SELECT k,
               ${now} - interval '365 days' + (k - 1) * ((interval '365 days' - interval '3 hours') / ${n}) AS started_at,
               ${gapExpr('k')} AS gap,
               ${h('k * 8 + 2')} % 100 AS hs,
               ${h('k * 8 + 3')} AS hr,
               CASE WHEN k > ${Math.floor(n * 0.7)}
                    THEN (ARRAY['fila', 'chat', 'chat', 'chat', 'finalizada', 'finalizada'])[1 + (${h('k * 8 + 4')} % 6)::int]
                    ELSE 'finalizada' END AS situacao,
               ${messageHash('k', String(MESSAGES_PER_CONVERSATION))} AS last_hash
          FROM generate_series(1, ${n}) k
      ), s AS (
        SELECT g.*,
               CASE WHEN hs < 60 THEN ${s1} WHEN hs < 90 THEN ${s2} WHEN hs < 98 THEN ${s3} END AS sector_id,
               row_number() OVER (PARTITION BY situacao <> 'finalizada' ORDER BY k) AS live_rank,
               row_number() OVER (PARTITION BY (started_at AT TIME ZONE 'UTC')::date ORDER BY k) AS day_seq
          FROM g
      )
      INSERT INTO conversations (id, provider_id, contact_id, channel_id, situacao, sector_id, responsavel_id, protocolo,
                                 unread_count, last_message_at, last_message_preview, started_at, queued_at, assumed_at,
                                 first_response_at, closed_at) OVERRIDING SYSTEM VALUE
      SELECT ${convBase} + k, ${P},
             ${contactBase} + CASE WHEN situacao <> 'finalizada' THEN live_rank ELSE 1 + ${h('k * 8 + 5')} % ${contactCount} END,
             '${channelId}', situacao::situacao, sector_id, ${responsavel},
             to_char(started_at AT TIME ZONE 'UTC', 'YYYYMMDD') || '-' || lpad(day_seq::text, 6, '0'),
             0, ${lastAt}, ${bodyExpr('last_hash', String(MESSAGES_PER_CONVERSATION))},
             started_at, started_at,
             CASE WHEN situacao = 'fila' THEN NULL ELSE started_at + gap END,
             CASE WHEN situacao = 'fila' THEN NULL ELSE ${messageAt('started_at', 'gap', '2')} END,
             CASE WHEN situacao = 'finalizada' THEN ${lastAt} END
        FROM s`);
    await bumpSequence('conversations');
    // Protocol numbers go on from the seeded ones.
    await run(`
      INSERT INTO protocol_counters (provider_id, day, last)
      SELECT ${P}, to_date(left(protocolo, 8), 'YYYYMMDD'), max(right(protocolo, 6)::int)
        FROM conversations WHERE provider_id = ${P} GROUP BY 2
      ON CONFLICT (provider_id, day) DO UPDATE SET last = GREATEST(protocol_counters.last, excluded.last)`);
  });

  // The open conversation with 1,000 messages: the newest chat, started long enough ago.
  const big = Number((await one(`
    SELECT id FROM conversations WHERE provider_id = ${P} AND situacao = 'chat' ORDER BY id DESC LIMIT 1`)).id);
  await run(`UPDATE conversations SET started_at = ${now} - interval '${BIG_CONVERSATION_MESSAGES + 120} minutes',
                                      queued_at = ${now} - interval '${BIG_CONVERSATION_MESSAGES + 120} minutes'
              WHERE id = ${big}`);

  // ── Messages: 10 per conversation, in batches of conversations ─────────────────────────────
  const columns = `id, provider_id, conversation_id, contact_id, channel_id, direction, author_kind, author_user_id, type,
                   body, provider_message_id, status, created_at`;
  const messageSelect = (idExpr: string, gap: string) => `
      SELECT ${idExpr}, ${P}, c.id, c.contact_id, c.channel_id,
             CASE WHEN j % 2 = 1 THEN 'in' ELSE 'out' END::direction,
             CASE WHEN j % 2 = 1 THEN 'contact' ELSE 'agent' END::author_kind,
             CASE WHEN j % 2 = 0 THEN c.responsavel_id END,
             'text'::message_type,
             ${bodyExpr('x.mh', 'j')},
             'wamid.${slug}.' || (${idExpr}),
             CASE WHEN j % 2 = 0 THEN 'read'::delivery_status END,
             ${messageAt('c.started_at', gap, 'j')}`;
  const messageCount = (n - 1) * MESSAGES_PER_CONVERSATION + BIG_CONVERSATION_MESSAGES;
  await step(`messages (${messageCount.toLocaleString('en-US')})`, async () => {
    for (let lo = 0; lo < n; lo += BATCH_CONVERSATIONS) {
      const hi = Math.min(n, lo + BATCH_CONVERSATIONS);
      await run(`
        INSERT INTO messages (${columns}) OVERRIDING SYSTEM VALUE
        ${messageSelect(`${msgBase} + (c.id - ${convBase} - 1) * ${MESSAGES_PER_CONVERSATION} + j`, gapExpr(`c.id - ${convBase}`))}
          FROM conversations c
          CROSS JOIN LATERAL generate_series(1, ${MESSAGES_PER_CONVERSATION}) j
          CROSS JOIN LATERAL (SELECT ${messageHash(`c.id - ${convBase}`, 'j')} AS mh) x
         WHERE c.provider_id = ${P} AND c.id > ${convBase + lo} AND c.id <= ${convBase + hi} AND c.id <> ${big}`);
      if (n > BATCH_CONVERSATIONS) log(`    messages of conversations ${lo + 1}–${hi}`);
    }
    await run(`
      INSERT INTO messages (${columns}) OVERRIDING SYSTEM VALUE
      ${messageSelect(`${msgBase} + ${n * MESSAGES_PER_CONVERSATION} + j`, `interval '1 minute'`)}
        FROM conversations c
        CROSS JOIN LATERAL generate_series(1, ${BIG_CONVERSATION_MESSAGES}) j
        CROSS JOIN LATERAL (SELECT ${messageHash(`c.id - ${convBase}`, 'j')} AS mh) x
       WHERE c.id = ${big}`);
    await run(`
      UPDATE conversations c SET last_message_at = m.created_at, last_message_preview = m.body
        FROM (SELECT created_at, body FROM messages WHERE provider_id = ${P} AND conversation_id = ${big}
               ORDER BY id DESC LIMIT 1) m
       WHERE c.id = ${big}`);
    await bumpSequence('messages');
  });

  await step('ANALYZE', () => run('ANALYZE'));
  const totalMs = performance.now() - started;

  // ── What the benchmark needs to know about the data ────────────────────────────────────────
  const short = Number((await one(`
    SELECT id FROM conversations WHERE provider_id = ${P} AND situacao = 'chat' AND id <> ${big} ORDER BY id DESC LIMIT 1`)).id);
  // A contact with several conversations and "boleto" in an older one: the search must reach it.
  const history = Number((await one(`
    SELECT c.id FROM conversations c
     WHERE c.provider_id = ${P} AND c.situacao = 'finalizada'
       AND EXISTS (SELECT 1 FROM messages m WHERE m.provider_id = ${P} AND m.contact_id = c.contact_id
                      AND m.search @@ to_tsquery('portuguese', 'boleto'))
       AND (SELECT count(*) FROM conversations o WHERE o.provider_id = ${P} AND o.contact_id = c.contact_id) >= 3
     ORDER BY c.id DESC LIMIT 1`)).id);
  const counts = await one(`
    SELECT (SELECT count(*) FROM contacts WHERE provider_id = ${P})::int AS contacts,
           (SELECT count(*) FROM conversations WHERE provider_id = ${P})::int AS conversations,
           (SELECT count(*) FROM messages WHERE provider_id = ${P})::int AS messages`);
  const situacoes = Object.fromEntries((await selectRows<{ situacao: string; n: number }>(db, sql.raw(`
    SELECT situacao::text, count(*)::int AS n FROM conversations WHERE provider_id = ${P} GROUP BY 1 ORDER BY 1`)))
    .map((r) => [r.situacao, Number(r.n)]));

  return {
    providerId: P,
    channelId,
    adminEmail: setup.admin.email,
    supervisorEmail: setup.supervisor.email,
    atendente: setup.atendente,
    bigConversationId: big,
    shortConversationId: short,
    historyConversationId: history,
    rows: { contacts: Number(counts.contacts), conversations: Number(counts.conversations), messages: Number(counts.messages) },
    situacoes,
    steps,
    totalMs,
  };
}
