// The demo provider: a small ISP with a desk that looks lived in (queue, open chats, a month of
// closed attendances). Seeded once, in one transaction, and the same on every run: every choice
// comes from a seeded generator and every time is relative to the moment of seeding.
// The data itself is in ./data.ts.
import { hash } from '@node-rs/argon2';
import { eq, sql } from 'drizzle-orm';
import type { Db, Tx } from '../db/connection.js';
import { nfcomAccessKey } from '../isp/documents/nfcom.js';
import { todayInSaoPaulo } from '../isp/calendar.js';
import { addLogins } from '../sessions/sessions.js';
import {
  channels,
  charges,
  clients,
  contactIdentities,
  contacts,
  contracts,
  conversationEvents,
  conversations,
  conversationTags,
  messages,
  motivos,
  notas,
  protocolCounters,
  providers,
  quickReplies,
  sectors,
  serviceOrders,
  tags,
  userSectors,
  users,
} from '../db/schema.js';

import {
  BLOCKED, BOT_FLOW, BOT_MENU, CITIES, CLIENT_COUNT, DEBT_SCRIPTS, DEMO_PASSWORD, DEMO_SLUG, FAREWELL, GREETINGS, MAIL_DOMAINS,
  MOTIVOS, PEOPLE, PLAN_DETAILS, PLANS, PROVIDER_ISP_SETTINGS, SERVICE_ORDER_SUBJECTS, PROVIDER_CLOSING_MESSAGE, PROVIDER_PROTOCOL_MESSAGE, QUICK_REPLIES, RESPONDERS, SCRIPT_ROTATION,
  SCRIPTS, SECTORS, STREETS, TAGS, TELEGRAM, UPGRADE, USERS, WEBCHAT,
  type AgentKey, type Script, type SectorName,
} from './data.js';
import { BotFlowShape } from '../../api/bot.js';

export { DEMO_PASSWORD, DEMO_SLUG } from './data.js';
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

// ── Deterministic randomness ─────────────────────────────────────────────────────────────────

function mulberry32(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Rng = ReturnType<typeof mulberry32>;
const int = (rng: Rng, min: number, max: number) => min + Math.floor(rng() * (max - min + 1));
const pick = <T>(rng: Rng, items: readonly T[]): T => items[Math.floor(rng() * items.length)];
function shuffle<T>(rng: Rng, items: readonly T[]): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

const unaccent = (s: string) => s.normalize('NFD').replace(/[\u0300-\u036f]/g, '');

/** Nine random digits and the two CPF check digits: digits only, as stored. */
function cpf(rng: Rng): string {
  let base: number[];
  do base = Array.from({ length: 9 }, () => int(rng, 0, 9));
  while (base.every((d) => d === base[0]));
  const check = (digits: number[]) => {
    const sum = digits.reduce((acc, d, i) => acc + d * (digits.length + 1 - i), 0);
    const rest = (sum * 10) % 11;
    return rest === 10 ? 0 : rest;
  };
  const d1 = check(base);
  const d2 = check([...base, d1]);
  return [...base, d1, d2].join('');
}


// ── Seeding ──────────────────────────────────────────────────────────────────────────────────

type Situacao = 'bot' | 'fila' | 'chat' | 'finalizada';
type Kind = 'in' | 'out' | 'note' | 'system' | 'bot';

interface PlannedLine { kind: Kind; text: string; at: number }
interface PlannedConversation {
  contact: number;
  situacao: Situacao;
  script: Script;
  responsavel: AgentKey | null;
  lines: PlannedLine[];
  startedAt: Date;
  tags: string[];
  protocolo?: string;
}

export async function seedDemo(db: Db): Promise<{ seeded: boolean }> {
  const [existing] = await db.select({ id: providers.id }).from(providers).where(eq(providers.slug, DEMO_SLUG));
  if (existing) return { seeded: false };

  // Hashing is deliberately slow: once, outside the transaction, shared by the four users.
  const passwordHash = await hash(DEMO_PASSWORD);
  const rng = mulberry32(20_241_124);
  const now = Date.now();

  return db.transaction(async (tx) => {
    // A concurrent seeder may have won since the check above: then this one does nothing.
    const [provider] = await tx
      .insert(providers)
      .values({
        name: 'Provedor Demo',
        slug: DEMO_SLUG,
        chatEnabled: true,
        chatSettings: { greeting: PROVIDER_PROTOCOL_MESSAGE, closingMessage: PROVIDER_CLOSING_MESSAGE },
        ispSettings: PROVIDER_ISP_SETTINGS,
      })
      .onConflictDoNothing({ target: providers.slug })
      .returning({ id: providers.id });
    if (!provider) return { seeded: false };
    const providerId = provider.id;

    // Sectors, users and their sectors.
    const sectorRows = await tx
      .insert(sectors)
      .values(SECTORS.map((s) => ({ providerId, name: s.name, isDefault: s.isDefault })))
      .returning({ id: sectors.id, name: sectors.name });
    const sectorId = (name: SectorName) => sectorRows.find((r) => r.name === name)!.id;

    const userRows = await tx
      .insert(users)
      .values(USERS.map((u) => ({ providerId, name: u.name, email: u.email, passwordHash, role: u.role })))
      .returning({ id: users.id, providerId: users.providerId, email: users.email });
    await addLogins(tx, userRows);
    const userId = (key: AgentKey) => userRows.find((r) => r.email === USERS.find((u) => u.key === key)!.email)!.id;
    const agentFirstName = (key: AgentKey) => USERS.find((u) => u.key === key)!.name.split(' ')[0];

    await tx.insert(userSectors).values(
      USERS.flatMap((u) => u.sectors.map((s) => ({ providerId, userId: userId(u.key), sectorId: sectorId(s) }))),
    );

    // Channels.
    await tx.insert(channels).values([
      {
        id: 'demo-whatsapp',
        providerId,
        kind: 'whatsapp',
        name: 'WhatsApp',
        config: {
          phoneNumberId: '100000000000001',
          businessAccountId: '100000000000002',
          verifyToken: 'demo-verify-token',
          // Templates as approved in WhatsApp Manager: outside the 24-hour window only these go.
          templates: [
            { name: 'boas_vindas', language: 'pt_BR', body: 'Olá {{1}}! Aqui é do seu provedor. Podemos conversar por aqui?', params: 1 },
            { name: 'retomar_atendimento', language: 'pt_BR', body: 'Olá {{1}}, aqui é {{2}} do seu provedor. Podemos continuar o atendimento do protocolo {{3}}?', params: 3 },
            { name: 'fatura_disponivel', language: 'pt_BR', body: 'Olá {{1}}! A sua fatura de {{2}} já está disponível. Responda esta mensagem para recebê-la por aqui.', params: 2 },
          ],
        },
        secrets: { appSecret: 'demo-app-secret', accessToken: 'demo-access-token' },
      },
      {
        id: 'demo-telegram',
        providerId,
        kind: 'telegram',
        name: 'Telegram',
        config: {},
        secrets: { botToken: '123456:demo-telegram-token', webhookSecret: 'demo-telegram-secret' },
      },
      { id: 'demo-webchat', providerId, kind: 'webchat', name: 'Chat do site', config: { greeting: 'Olá! Como podemos ajudar?' }, secrets: {} },
    ]);

    // Catalogues.
    const tagRows = await tx
      .insert(tags)
      .values(TAGS.map((t) => ({ providerId, name: t.name, color: t.color })))
      .returning({ id: tags.id, name: tags.name });
    const tagId = (name: string) => tagRows.find((r) => r.name === name)!.id;

    const motivoRows = await tx
      .insert(motivos)
      .values(MOTIVOS.map((name) => ({ providerId, name })))
      .returning({ id: motivos.id, name: motivos.name });
    const motivoId = (name: string) => motivoRows.find((r) => r.name === name)!.id;

    const { options, timeoutMotivo, ...botTexts } = BOT_FLOW;
    const botFlow = BotFlowShape.parse({
      ...botTexts,
      options: options.map(({ sector, ...option }) => ({ ...option, sectorId: sector ? sectorId(sector) : null })),
      timeoutMotivoId: motivoId(timeoutMotivo),
    });
    await tx.update(providers).set({ botFlow }).where(eq(providers.id, providerId));

    await tx.insert(quickReplies).values(QUICK_REPLIES.map((q) => ({ providerId, ...q })));

    // People: phones, documents and addresses.
    const phones = new Set<string>();
    const phoneFor = (ddd: string) => {
      let phone: string;
      do phone = `55${ddd}9${int(rng, 6, 9)}${String(int(rng, 0, 9_999_999)).padStart(7, '0')}`;
      while (phones.has(phone));
      phones.add(phone);
      return phone;
    };
    const people = PEOPLE.map((p, i) => {
      const place = i < CLIENT_COUNT ? CITIES[i % CITIES.length] : pick(rng, CITIES);
      const parts = unaccent(p.name).toLowerCase().split(' ').filter((w) => !['da', 'das', 'de', 'do', 'dos'].includes(w));
      const email = `${parts[0]}.${parts[parts.length - 1]}${i < CLIENT_COUNT ? '' : int(rng, 10, 99)}@${pick(rng, MAIL_DOMAINS)}`;
      const channel = TELEGRAM.has(i) ? 'demo-telegram' : WEBCHAT.has(i) ? 'demo-webchat' : 'demo-whatsapp';
      // Telegram and the site chat do not reveal a phone; two Telegram contacts shared theirs.
      const hasPhone = channel === 'demo-whatsapp' || (channel === 'demo-telegram' && i % 2 === 0);
      const phone = hasPhone ? phoneFor(place.ddd) : null;
      const externalId =
        channel === 'demo-whatsapp' ? phone!
        : channel === 'demo-telegram' ? String(int(rng, 500_000_000, 7_999_999_999))
        : `visitor-${i - Math.min(...WEBCHAT) + 1}`;
      return {
        ...p,
        first: p.name.split(' ')[0],
        place,
        email,
        phone,
        channel,
        externalId,
        createdAt: new Date(now - int(rng, 45, 700) * DAY - int(rng, 0, 12) * HOUR),
      };
    });

    const clientValues = people.slice(0, CLIENT_COUNT).map((p) => ({
      providerId,
      name: p.name,
      document: cpf(rng),
      email: p.email,
      phones: p.phone ? [p.phone] : [],
      address: `${pick(rng, STREETS)}, ${int(rng, 12, 1980)}, ${pick(rng, p.place.bairros)}, ${p.place.city} - ${p.place.uf}`,
      createdAt: new Date(p.createdAt.getTime() - int(rng, 1, 30) * DAY),
    }));
    const clientRows = await tx
      .insert(clients)
      .values(clientValues)
      .returning({ id: clients.id, document: clients.document });
    const clientIds = clientValues.map((c) => clientRows.find((r) => r.document === c.document)!.id);

    const contractValues = clientValues.map((c, i) => {
      const plan = pick(rng, PLANS);
      return {
        providerId,
        clientId: clientIds[i],
        plan,
        ...PLAN_DETAILS[plan],
        status: BLOCKED[i] ?? ('ativo' as const),
        address: c.address,
        dueDay: pick(rng, [5, 10, 15, 20]),
        pppoeLogin: `${people[i].first.toLowerCase().normalize('NFD').replace(/[^a-z]/g, '')}${1000 + i}@provedordemo`,
        createdAt: c.createdAt,
      };
    });
    const contractRows = await tx
      .insert(contracts)
      .values(contractValues)
      .returning({ id: contracts.id, clientId: contracts.clientId });
    const contractIds = clientIds.map((cid) => contractRows.find((r) => r.clientId === cid)!.id);
    await seedAccounts(tx, providerId, now, clientIds, contractIds, contractValues);

    const contactRows = await tx
      .insert(contacts)
      .values(people.map((p, i) => ({
        providerId,
        name: p.name,
        phone: p.phone,
        email: i < CLIENT_COUNT || p.channel === 'demo-webchat' ? p.email : null,
        clientId: i < CLIENT_COUNT ? clientIds[i] : null,
        createdAt: p.createdAt,
      })))
      .returning({ id: contacts.id, name: contacts.name });
    const contactIds = people.map((p) => contactRows.find((r) => r.name === p.name)!.id);

    await tx.insert(contactIdentities).values(
      people.map((p, i) => ({ providerId, channelId: p.channel, externalId: p.externalId, contactId: contactIds[i] })),
    );

    // Conversations: 20 live (one per contact at most) and 20 closed over the last 30 days.
    const states: Situacao[] = [
      ...Array<Situacao>(8).fill('fila'),
      ...Array<Situacao>(10).fill('chat'),
      ...Array<Situacao>(2).fill('bot'),
      ...Array<Situacao>(20).fill('finalizada'),
    ];
    const liveContacts = shuffle(rng, PEOPLE.map((_, i) => i)).slice(0, 20);
    const closedContacts = shuffle(rng, PEOPLE.map((_, i) => i)).slice(0, 20);

    const planned: PlannedConversation[] = states.map((situacao, n) => {
      const contact = situacao === 'finalizada' ? closedContacts[n - 20] : liveContacts[n];
      let scriptKey = SCRIPT_ROTATION[n % SCRIPT_ROTATION.length];
      if (contact < CLIENT_COUNT && BLOCKED[contact] === 'bloqueado_atraso') scriptKey = pick(rng, DEBT_SCRIPTS);
      const script = SCRIPTS[scriptKey];
      const responsavel =
        situacao === 'chat' || situacao === 'finalizada'
          ? pick(rng, RESPONDERS.filter((k) => USERS.find((u) => u.key === k)!.sectors.includes(script.sector)))
          : null;

      // Lines with offsets from startedAt (ms).
      const lines: PlannedLine[] = [];
      let t = 0;
      const add = (kind: Kind, text: string, gap: number) => {
        t += gap;
        lines.push({ kind, text, at: t });
      };
      add('in', pick(rng, GREETINGS), 0);
      add('system', PROVIDER_PROTOCOL_MESSAGE.replace('{{protocolo}}', '{protocolo}'), int(rng, 1, 4) * 1000);
      if (situacao === 'bot') {
        add('bot', BOT_MENU, int(rng, 1, 3) * 1000);
        add('in', pick(rng, ['2', '1', 'quero falar com atendente', '3']), int(rng, 20, 120) * 1000);
      } else {
        for (const text of script.opening) add('in', text, int(rng, 15, 120) * 1000);
        if (situacao !== 'fila') {
          let dialogue = script.dialogue;
          if (situacao === 'chat') {
            let end = int(rng, 1, dialogue.length - 1);
            if (dialogue[end - 1][0] === 'note') end++; // a chat does not stop on an internal note
            dialogue = dialogue.slice(0, end);
          }
          // Time waiting in the queue before an agent assumes.
          t += int(rng, 1, 18) * MINUTE;
          for (const [kind, text] of dialogue) {
            const gap = kind === 'note' ? int(rng, 20, 60) : kind === 'out' ? int(rng, 40, 240) : int(rng, 60, 360);
            add(kind, text, gap * 1000);
          }
          if (situacao === 'finalizada') {
            add('out', FAREWELL, int(rng, 60, 180) * 1000);
            add('system', PROVIDER_CLOSING_MESSAGE, int(rng, 5, 30) * 1000);
          }
        }
      }

      let startedAt: number;
      const duration = lines[lines.length - 1].at;
      if (lines.length < 4 || lines.length > 14) throw new Error(`seed: ${lines.length} messages in a conversation`);
      if (situacao === 'finalizada') {
        // Spread over the last 30 days, during business hours (08h–21h in Brasília, UTC−3).
        const daysBack = Math.max(1, 1 + Math.floor(((n - 20) * 29) / 19) - (rng() < 0.3 ? 1 : 0));
        const day = new Date(now - daysBack * DAY);
        day.setUTCHours(11 + int(rng, 0, 12), int(rng, 0, 59), int(rng, 0, 59), 0);
        startedAt = day.getTime();
        // Well before today's live attendances of the same contact.
        if (startedAt + duration > now - 6 * HOUR) startedAt = now - 6 * HOUR - duration;
      } else {
        const lastAgo =
          situacao === 'fila' ? int(rng, 1, 50) * MINUTE
          : situacao === 'chat' ? int(rng, 1, 90) * MINUTE
          : int(rng, 1, 8) * MINUTE;
        startedAt = now - lastAgo - duration - int(rng, 0, 20) * 1000;
      }

      let convTags: string[] = [];
      if ((situacao === 'chat' || situacao === 'finalizada') && rng() < 0.55) {
        convTags = script.tags.slice(0, int(rng, 1, 2));
        if (contact < CLIENT_COUNT && rng() < 0.35) convTags = [...convTags.slice(0, 1), 'VIP'];
      }

      return { contact, situacao, script, responsavel, lines, startedAt: new Date(startedAt), tags: convTags };
    });

    // Protocols follow the order in which attendances started, per (UTC) day, like nextProtocolo.
    planned.sort((a, b) => a.startedAt.getTime() - b.startedAt.getTime());
    const counters = new Map<string, number>();
    for (const c of planned) {
      const day = c.startedAt.toISOString().slice(0, 10);
      const next = (counters.get(day) ?? 0) + 1;
      counters.set(day, next);
      c.protocolo = `${day.replaceAll('-', '')}-${String(next).padStart(6, '0')}`;
    }
    await tx
      .insert(protocolCounters)
      .values([...counters].map(([day, last]) => ({ providerId, day, last })));

    const render = (c: PlannedConversation, text: string) => {
      const person = people[c.contact];
      const plan = c.contact < CLIENT_COUNT ? contractValues[c.contact].plan : 'Fibra 300 Mega';
      const due = c.contact < CLIENT_COUNT ? contractValues[c.contact].dueDay : 10;
      const thanks = person.g === 'f' ? 'obrigada' : 'obrigado';
      const hour = (c.startedAt.getUTCHours() + 21) % 24; // UTC−3
      const period = hour >= 5 && hour < 12 ? 'bom dia' : hour >= 12 && hour < 18 ? 'boa tarde' : 'boa noite';
      return text
        .replaceAll('{periodo}', period)
        .replaceAll('{Periodo}', period[0].toUpperCase() + period.slice(1))
        .replaceAll('{primeiro_nome}', person.first)
        .replaceAll('{atendente}', c.responsavel ? agentFirstName(c.responsavel) : '')
        .replaceAll('{protocolo}', c.protocolo!)
        .replaceAll('{plano_novo}', UPGRADE[plan])
        .replaceAll('{plano}', plan)
        .replaceAll('{vencimento}', String(due))
        .replaceAll('{obrigado}', thanks)
        .replaceAll('{Obrigado}', thanks[0].toUpperCase() + thanks.slice(1));
    };

    const conversationValues = planned.map((c) => {
      const at = (line: PlannedLine) => new Date(c.startedAt.getTime() + line.at);
      // Internal notes do not move the conversation in the list.
      const last = c.lines.filter((l) => l.kind !== 'note').at(-1)!;
      const firstAgent = c.lines.find((l) => l.kind === 'out');
      let unread = 0;
      if (c.situacao !== 'finalizada') {
        for (let i = c.lines.length - 1; i >= 0 && c.lines[i].kind === 'in'; i--) unread++;
      }
      const assumedAt = firstAgent ? new Date(at(firstAgent).getTime() - int(rng, 15, 90) * 1000) : null;
      return {
        providerId,
        contactId: contactIds[c.contact],
        channelId: people[c.contact].channel,
        situacao: c.situacao,
        sectorId: c.situacao === 'bot' ? null : sectorId(c.script.sector),
        motivoId: c.situacao === 'finalizada' ? motivoId(c.script.motivo) : null,
        responsavelId: c.responsavel ? userId(c.responsavel) : null,
        clientId: c.contact < CLIENT_COUNT ? clientIds[c.contact] : null,
        contractId: c.contact < CLIENT_COUNT ? contractIds[c.contact] : null,
        protocolo: c.protocolo!,
        unreadCount: unread,
        lastMessageAt: at(last),
        lastMessagePreview: render(c, last.text).slice(0, 140),
        startedAt: c.startedAt,
        queuedAt: c.situacao === 'bot' ? null : c.startedAt,
        assumedAt,
        firstResponseAt: firstAgent ? at(firstAgent) : null,
        closedAt: c.situacao === 'finalizada' ? at(last) : null,
        createdBy: null,
      };
    });
    const conversationRows = await tx
      .insert(conversations)
      .values(conversationValues)
      .returning({ id: conversations.id, protocolo: conversations.protocolo });
    const conversationIds = planned.map((c) => conversationRows.find((r) => r.protocolo === c.protocolo)!.id);

    // Messages, events and tags, each inserted in time order so ids follow time.
    let inbound = 0;
    const messageValues: (typeof messages.$inferInsert)[] = [];
    const eventValues: (typeof conversationEvents.$inferInsert)[] = [];
    const tagValues: (typeof conversationTags.$inferInsert)[] = [];
    planned.forEach((c, i) => {
      const conversationId = conversationIds[i];
      const conv = conversationValues[i];
      const channelId = conv.channelId;
      const agent = c.responsavel ? userId(c.responsavel) : null;
      const lastOut = c.lines.reduce((acc, l, idx) => (l.kind === 'out' ? idx : acc), -1);
      c.lines.forEach((line, idx) => {
        const base = {
          providerId,
          conversationId,
          contactId: conv.contactId,
          channelId,
          type: 'text' as const,
          body: render(c, line.text),
          createdAt: new Date(c.startedAt.getTime() + line.at),
        };
        if (line.kind === 'in') {
          inbound++;
          const prefix = channelId === 'demo-whatsapp' ? 'wamid.demo' : channelId === 'demo-telegram' ? 'tg.demo' : 'web.demo';
          messageValues.push({ ...base, direction: 'in', authorKind: 'contact', providerMessageId: `${prefix}-${inbound}` });
        } else if (line.kind === 'note') {
          messageValues.push({ ...base, direction: 'internal', authorKind: 'agent', authorUserId: agent, type: 'note' });
        } else {
          const authorKind = line.kind === 'out' ? 'agent' : line.kind;
          // The last agent message of an open chat may not have been read yet.
          const status = c.situacao === 'chat' && idx === lastOut && rng() < 0.6 ? 'delivered' : 'read';
          messageValues.push({
            ...base,
            direction: 'out',
            authorKind,
            authorUserId: line.kind === 'out' ? agent : null,
            status,
          });
        }
      });

      eventValues.push({
        providerId,
        conversationId,
        type: 'opened',
        actorUserId: null,
        data: { situacao: c.situacao === 'bot' ? 'bot' : 'fila', sectorId: conv.sectorId, responsavelId: null },
        createdAt: c.startedAt,
      });
      if (agent && conv.assumedAt) {
        eventValues.push({
          providerId,
          conversationId,
          type: 'assumed',
          actorUserId: agent,
          data: { responsavelId: agent },
          createdAt: conv.assumedAt,
        });
        const taggedAt = new Date(conv.firstResponseAt!.getTime() + 20_000);
        for (const name of c.tags) {
          tagValues.push({ providerId, conversationId, tagId: tagId(name), createdAt: taggedAt });
          eventValues.push({
            providerId,
            conversationId,
            type: 'tag_added',
            actorUserId: agent,
            data: { tagId: tagId(name), tag: name },
            createdAt: taggedAt,
          });
        }
      }
      if (c.situacao === 'finalizada') {
        const closedAt = conv.closedAt!;
        eventValues.push({
          providerId,
          conversationId,
          type: 'motivo_set',
          actorUserId: agent,
          data: { motivoId: conv.motivoId, motivo: c.script.motivo },
          createdAt: new Date(closedAt.getTime() - 60_000),
        });
        eventValues.push({
          providerId,
          conversationId,
          type: 'closed',
          actorUserId: agent,
          data: { motivoId: conv.motivoId },
          createdAt: closedAt,
        });
      }
    });

    const byTime = (a: { createdAt?: Date | null }, b: { createdAt?: Date | null }) =>
      a.createdAt!.getTime() - b.createdAt!.getTime();
    await tx.insert(messages).values(messageValues.sort(byTime));
    await tx.insert(conversationEvents).values(eventValues.sort(byTime));
    if (tagValues.length > 0) await tx.insert(conversationTags).values(tagValues.sort(byTime));
    // Each contact's last message opens WhatsApp's 24-hour window, as receiving it would have.
    await tx.execute(sql`
      UPDATE contact_identities ci SET last_inbound_at = m.last
        FROM (SELECT channel_id, contact_id, max(created_at) AS last FROM messages
               WHERE provider_id = ${providerId} AND direction = 'in' GROUP BY channel_id, contact_id) m
       WHERE ci.channel_id = m.channel_id AND ci.contact_id = m.contact_id`);

    return { seeded: true };
  });
}

/**
 * Each client's money and papers, so that every Ação can be tried at once: last month paid, this
 * month open; a client blocked for late payment owes two overdue months; two notas (NFCom) each;
 * a service order for a few.
 */
async function seedAccounts(
  tx: Tx, providerId: number, now: number, clientIds: number[], contractIds: number[],
  contractValues: { plan: string; monthlyPriceCents: number; dueDay: number; status: string }[],
) {
  const today = todayInSaoPaulo(new Date(now));
  const [year, month] = today.split('-').map(Number);
  const dueIn = (monthsAgo: number, day: number) => {
    const d = new Date(Date.UTC(year, month - 1 - monthsAgo, day));
    return d.toISOString().slice(0, 10);
  };
  let nossoNumero = 5200;
  const chargeRows = [];
  const notaRows = [];
  for (const [i, clientId] of clientIds.entries()) {
    const contract = contractValues[i];
    const owes = contract.status === 'bloqueado_atraso';
    // Overdue months for a late payer; otherwise last month paid and this month's due on its day.
    const months = owes ? [2, 1] : [1, 0];
    for (const [k, monthsAgo] of months.entries()) {
      const paid = !owes && k === 0;
      chargeRows.push({
        providerId, clientId, contractId: contractIds[i], amountCents: contract.monthlyPriceCents,
        dueDate: dueIn(monthsAgo, contract.dueDay), status: paid ? ('pago' as const) : ('aberto' as const),
        nossoNumero: String(nossoNumero++).padStart(11, '0'), bankCode: PROVIDER_ISP_SETTINGS.bank.code,
        paidAt: paid ? new Date(now - 20 * DAY) : null,
      });
    }
    // One more, not yet due, for those whose month is already open: a choice of charges to send.
    if (!owes) {
      chargeRows.push({
        providerId, clientId, contractId: contractIds[i], amountCents: contract.monthlyPriceCents,
        dueDate: dueIn(-1, contract.dueDay), status: 'aberto' as const,
        nossoNumero: String(nossoNumero++).padStart(11, '0'), bankCode: PROVIDER_ISP_SETTINGS.bank.code, paidAt: null,
      });
    }
    for (const monthsAgo of [2, 1]) {
      const issuedAt = dueIn(monthsAgo, 1);
      const number = 1000 + i * 2 + monthsAgo;
      notaRows.push({
        providerId, clientId, contractId: contractIds[i], number: String(number), series: '1', model: '62',
        issuedAt: new Date(`${issuedAt}T09:00:00-03:00`), amountCents: contract.monthlyPriceCents,
        accessKey: nfcomAccessKey({
          uf: 'SP', issuedAt, cnpj: PROVIDER_ISP_SETTINGS.beneficiario.taxId, series: 1, number,
          numericCode: String(3_000_000 + number * 7),
        }),
        items: [{ description: `Serviço de comunicação multimídia — ${contract.plan}`, amountCents: contract.monthlyPriceCents }],
      });
    }
  }
  await tx.insert(charges).values(chargeRows);
  await tx.insert(notas).values(notaRows);
  await tx.insert(serviceOrders).values(clientIds.slice(0, 3).map((clientId, i) => ({
    providerId, clientId, contractId: contractIds[i], protocolo: `OS${today.replaceAll('-', '')}${String(900 + i).padStart(6, '0')}`,
    type: 'Suporte técnico', subject: SERVICE_ORDER_SUBJECTS[i], description: 'Aberta pela equipe na visita anterior.',
    status: (['finalizada', 'agendada', 'aberta'] as const)[i],
  })));
}
