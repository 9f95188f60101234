// Ingest: inbound messages stored through the desk's use case (receiveMessage: dedup, contact,
// live conversation, message, conversation update, feed) against plain INSERTs of the same number
// of messages, one statement per message in its own (autocommit) transaction, through the same driver.
import { sql } from 'drizzle-orm';
import { selectRows, type Db } from '../server/db/connection.js';
import { receiveMessage, type InboundMessage } from '../server/desk/receive-message.js';
import type { ProviderScope } from '../server/tenancy/scope.js';
import { Bus } from '../server/events/bus.js';
import { createProvider } from '../test/support/fixtures.js';
import { CONTACT_BOLETO, CONTACT_SENTENCES, FIRST_NAMES, SURNAMES } from './words.js';

export interface IngestFigure {
  figure: string;
  messages: number;
  ms: number;
  perSecond: number;
}

export interface IngestResult {
  figures: IngestFigure[];
  ratios: { figure: string; ratio: number }[];
}

/** Runs `count` jobs with at most `inFlight` at a time; returns the elapsed milliseconds. */
async function timed(count: number, inFlight: number, job: (i: number) => Promise<unknown>): Promise<number> {
  let next = 0;
  const t0 = performance.now();
  await Promise.all(Array.from({ length: Math.min(inFlight, count) }, async () => {
    while (next < count) await job(next++);
  }));
  return performance.now() - t0;
}

export async function benchIngest(db: Db, options: { count: number; inFlight: number; contacts?: number }): Promise<IngestResult> {
  const contactCount = options.contacts ?? 200;
  const provider = await createProvider(db, 'bench-ingest');
  const scope: ProviderScope = { db, bus: new Bus(), providerId: provider.providerId };
  const channelId = provider.channels.whatsapp;
  const people = Array.from({ length: contactCount }, (_, i) => ({
    externalId: `55119${String(70_000_000 + i)}`,
    name: `${FIRST_NAMES[i % FIRST_NAMES.length]} ${SURNAMES[(i * 7) % SURNAMES.length]} ${SURNAMES[(i * 7 + 3) % SURNAMES.length]}`,
  }));
  let sequence = 0;
  // About 1 in 20 mentions "boleto"; the round number moves the sentence so a contact's messages vary.
  const body = (i: number) => {
    const pick = i * 7 + Math.floor(i / contactCount);
    return i % 20 === 0 ? CONTACT_BOLETO[pick % CONTACT_BOLETO.length] : CONTACT_SENTENCES[pick % CONTACT_SENTENCES.length];
  };
  const inbound = (i: number): InboundMessage => {
    const person = people[i % contactCount];
    return {
      channelId,
      externalId: person.externalId,
      contactName: person.name,
      phone: person.externalId,
      type: 'text',
      body: body(i),
      providerMessageId: `wamid.ingest.${sequence++}`,
    };
  };
  const receive = async (i: number) => {
    const result = await receiveMessage(scope, inbound(i));
    if (result.status !== 'stored') throw new Error(`receiveMessage: expected stored, got ${result.status}`);
  };

  const figures: IngestFigure[] = [];
  const record = (figure: string, messages: number, ms: number) =>
    figures.push({ figure, messages, ms, perSecond: (messages * 1000) / ms });

  // A first message from each contact opens their conversation (protocol, event, outbound protocol
  // message, job): timed on its own, so the runs below measure the steady state of a busy desk.
  record(`desk: 1st message of a contact (opens conversation)`, contactCount, await timed(contactCount, 1, receive));
  record(`desk: receiveMessage, sequential`, options.count, await timed(options.count, 1, (i) => receive(contactCount + i)));
  record(`desk: receiveMessage, ${options.inFlight} in flight`, options.count,
    await timed(options.count, options.inFlight, (i) => receive(contactCount + options.count + i)));

  const live = await selectRows<{ id: number | string; contact_id: number | string }>(db, sql`
    SELECT id, contact_id FROM conversations
     WHERE provider_id = ${provider.providerId} AND situacao <> 'finalizada' ORDER BY id`);
  if (live.length !== contactCount) throw new Error(`expected ${contactCount} live conversations, found ${live.length}`);
  const insert = async (i: number) => {
    const conversation = live[i % live.length];
    await db.execute(sql`
      INSERT INTO messages (provider_id, conversation_id, contact_id, channel_id, direction, author_kind, type, body,
                            provider_message_id, created_at)
      VALUES (${provider.providerId}, ${Number(conversation.id)}, ${Number(conversation.contact_id)}, ${channelId},
              'in', 'contact', 'text', ${body(i)}, ${`wamid.raw.${sequence++}`}, ${new Date().toISOString()}::timestamptz)`);
  };
  record(`raw INSERT, sequential`, options.count, await timed(options.count, 1, insert));
  record(`raw INSERT, ${options.inFlight} in flight`, options.count, await timed(options.count, options.inFlight, insert));

  const rate = (prefix: string) => figures.find((f) => f.figure.startsWith(prefix))!.perSecond;
  return {
    figures,
    ratios: [
      { figure: 'desk / raw, sequential', ratio: rate('desk: receiveMessage, sequential') / rate('raw INSERT, sequential') },
      { figure: `desk / raw, ${options.inFlight} in flight`, ratio: rate(`desk: receiveMessage, ${options.inFlight}`) / rate(`raw INSERT, ${options.inFlight}`) },
    ],
  };
}
