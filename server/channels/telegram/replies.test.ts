// What the subscriber meant on Telegram, and answering one message of theirs: updates
// (test/support/fixtures/telegram/, each with its source in the README) posted through the real
// webhook and read back through the agent's API; and the exact parameters an agent's "Responder"
// sends the Bot API (its stand-in), which holds the chat's messages and refuses a reply to one it does not.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createHarness } from '../../../test/support/harness.js';
import type { ProviderFixture } from '../../../test/support/fixtures.js';
import { telegramTestBed, type Bot } from '../../../test/support/telegram-testbed.js';
import { sampleUpdates, SAMPLE_CHAT } from '../../demo/telegram/sample-updates.js';
import type { MessageView } from '../../desk/records.js';
import { connectTelegram } from '../settings/check-connection.js';

const h = await createHarness();
const tg = await telegramTestBed(h);

const fixture = (name: string) => JSON.parse(readFileSync(new URL(`../../../test/support/fixtures/telegram/${name}`, import.meta.url), 'utf8'));
const chat = SAMPLE_CHAT.id;

/** The chat's first message (id 1334), stored; answers the bot and the conversation. */
async function conversationOf(p: ProviderFixture) {
  const bot = await tg.connect(p);
  const first = sampleUpdates.text('Minha internet caiu', { messageId: 1334 });
  const received = await tg.post(bot.channelId, first, bot.secret);
  expect(received.json().status).toBe('stored');
  tg.standIn.delivered(first);
  await tg.settle();
  return { bot, conversationId: received.json().conversationId as number };
}

async function messagesOf(p: ProviderFixture, conversationId: number): Promise<MessageView[]> {
  const page = await (await h.login(p.users.supervisor)).get(`/api/v1/conversations/${conversationId}/messages`);
  expect(page.status).toBe(200);
  return (page.body.messages as MessageView[]).filter((m) => m.authorKind === 'contact' || m.authorKind === 'agent');
}

async function post(bot: Bot, update: object) {
  const answer = await tg.post(bot.channelId, update, bot.secret);
  expect(answer.statusCode).toBe(200);
  return answer.json();
}

/** Ana assumes and answers; the worker hands it to the stand-in. Answers the reply and the request the stand-in took. */
async function answer(p: ProviderFixture, conversationId: number, body: Record<string, unknown>) {
  const ana = await h.login(p.users.ana);
  await ana.post(`/api/v1/conversations/${conversationId}/assume`);
  const reply = await ana.post(`/api/v1/conversations/${conversationId}/messages`, body);
  expect(reply.status).toBe(201);
  await tg.settle();
  const stored = await tg.message(reply.body.id);
  expect(stored.status).toBe('sent');
  const sent = tg.standIn.sent('sendMessage').find((r) => `${r.chatId}:${(r.result as { message_id: number }).message_id}` === stored.providerMessageId)!;
  return { reply, sent, providerMessageId: stored.providerMessageId! };
}

describe('a subscriber answering a message (reply_to_message)', () => {
  it('shows the message they quoted, with its author and text', async () => {
    const p = await h.provider();
    const { bot, conversationId } = await conversationOf(p);
    await post(bot, fixture('reply-to-message.json'));
    const [original, reply] = await messagesOf(p, conversationId);
    expect(reply).toMatchObject({
      body: 'Sim, é esse mesmo',
      quote: { messageId: original.id, authorKind: 'contact', authorName: 'Test Firstname Test Lastname', excerpt: 'Minha internet caiu' },
    });
  });

  it("quotes the agent's message they answered, and says so when Prosa does not have the one quoted", async () => {
    const p = await h.provider();
    const { bot, conversationId } = await conversationOf(p);
    const { providerMessageId } = await answer(p, conversationId, { kind: 'text', body: 'Já reiniciou o roteador?' });
    const quotingAgent = fixture('reply-to-message.json');
    quotingAgent.message.reply_to_message.message_id = Number(providerMessageId.split(':')[1]);
    quotingAgent.message.message_id = 2001;
    await post(bot, quotingAgent);
    const quotingNothing = fixture('reply-to-message.json');
    quotingNothing.message.reply_to_message.message_id = 999;
    quotingNothing.message.message_id = 2002;
    await post(bot, quotingNothing);
    const [, , toAgent, toNothing] = await messagesOf(p, conversationId);
    expect(toAgent.quote).toMatchObject({ authorKind: 'agent', authorName: 'Ana Souza', excerpt: 'Já reiniciou o roteador?' });
    expect(toNothing.quote).toMatchObject({ messageId: null });
  });
});

describe('an edited message (edited_message)', () => {
  it('shows the new text, marked edited, keeping the first one', async () => {
    const p = await h.provider();
    const { bot, conversationId } = await conversationOf(p);
    await post(bot, sampleUpdates.text('Sem internet desde ontem', { messageId: 1365 }));
    expect(await post(bot, fixture('edited-message.json'))).toEqual({ status: 'edited' });
    const edited = (await messagesOf(p, conversationId)).at(-1)!;
    expect(edited).toMatchObject({ body: 'Edited text', edited: true });
    expect((await tg.message(edited.id)).meta).toMatchObject({ originalBody: 'Sem internet desde ontem' });
    expect(await messagesOf(p, conversationId)).toHaveLength(2);
  });

  it('of a message Prosa does not have is ignored, never a new message', async () => {
    const p = await h.provider();
    const { bot, conversationId } = await conversationOf(p);
    expect(await post(bot, fixture('edited-message.json'))).toEqual({ status: 'ignored' });
    expect(await messagesOf(p, conversationId)).toHaveLength(1);
  });
});

describe('a reaction (message_reaction)', () => {
  it('goes on the message reacted to, and an empty one takes it back', async () => {
    const p = await h.provider();
    const { bot, conversationId } = await conversationOf(p);
    const { providerMessageId } = await answer(p, conversationId, { kind: 'text', body: 'Reiniciei aqui, tente agora.' });
    const reactedTo = Number(providerMessageId.split(':')[1]);
    const reaction = fixture('message-reaction.json');
    reaction.message_reaction.message_id = reactedTo;
    expect(await post(bot, reaction)).toEqual({ status: 'reacted' });
    const onReply = async () => (await messagesOf(p, conversationId)).find((m) => m.authorKind === 'agent')!;
    expect((await onReply()).reaction).toBe('👍');
    expect(await messagesOf(p, conversationId)).toHaveLength(2);
    const removed = fixture('message-reaction-removed.json');
    removed.message_reaction.message_id = reactedTo;
    await post(bot, removed);
    expect((await onReply()).reaction).toBeNull();
  });

  it('is asked for when the webhook is set (allowed_updates)', async () => {
    const bot = await tg.connect(await h.provider());
    await connectTelegram(tg.url, bot.token, 'https://prosa.example/webhooks/telegram/canal');
    const set = tg.standIn.sent('setWebhook').at(-1)!;
    expect(JSON.parse(set.params.allowed_updates)).toEqual(['message', 'edited_message', 'callback_query', 'message_reaction']);
  });
});

describe('a venue', () => {
  it('is a location with its name and address', async () => {
    const p = await h.provider();
    const { bot, conversationId } = await conversationOf(p);
    await post(bot, fixture('venue.json'));
    expect((await messagesOf(p, conversationId)).at(-1)).toMatchObject({
      type: 'location',
      location: { latitude: -23.561414, longitude: -46.655881, name: 'MASP', address: 'Av. Paulista, 1578 - Bela Vista, São Paulo - SP' },
    });
  });
});

describe('an agent answering one message (Responder)', () => {
  it('sends reply_parameters with the message_id of the message answered, which Telegram quotes', async () => {
    const p = await h.provider();
    const { conversationId } = await conversationOf(p);
    const [original] = await messagesOf(p, conversationId);
    const { reply, sent } = await answer(p, conversationId, { kind: 'text', body: 'Vou verificar.', replyToMessageId: original.id });
    expect(reply.body.quote).toMatchObject({ messageId: original.id, excerpt: 'Minha internet caiu' });
    expect(sent.params).toEqual({
      chat_id: String(chat),
      text: 'Vou verificar.',
      reply_parameters: JSON.stringify({ message_id: 1334, allow_sending_without_reply: true }),
    });
    expect(sent.result).toMatchObject({ reply_to_message: { message_id: 1334 } });
  });
});
