// The bot answers what the subscriber wrote: greets and asks on the first message, then reads the
// answer to its last question — a CPF/CNPJ, or an option of the menu chosen by button, number or
// name — runs what was chosen, and asks again. Invalid answers are asked again, up to the
// provider's limit; then, as when the subscriber asks for a person, the conversation goes to a Fila.
import { and, eq } from 'drizzle-orm';
import { channels, messages } from '../db/schema.js';
import { AppError } from '../errors.js';
import { lockConversation, emitConversation, type MessageRow } from '../desk/records.js';
import { windowOf } from '../desk/reply-window.js';
import { inTransaction } from '../desk/unit-of-work.js';
import type { ProviderScope } from '../tenancy/scope.js';
import { NEEDS_CLIENT, type BotOption } from '../../api/bot.js';
import { botFlowOf } from './flow.js';
import { identify, linkedClient, looksLikeTaxId, sendSegundaVia, unlockInTrust } from './self-service.js';
import { readState, type BotState } from './state.js';
import { ask, handOff, say, type Turn } from './turn.js';

export interface AnswerSubscriberInput {
  conversationId: number;
  /** The subscriber's message to answer; null: start talking (a conversation just put in the bot). */
  messageId: number | null;
}

export type AnswerOutcome = 'answered' | 'handed_off' | 'not_with_bot' | 'already_answered' | 'window_closed';

export async function answerSubscriber(scope: ProviderScope, input: AnswerSubscriberInput, now: () => Date = () => new Date()): Promise<AnswerOutcome> {
  return inTransaction(scope, async (tx, emit) => {
    const conversation = await lockConversation(tx, scope, input.conversationId);
    // An agent took it (or it was closed) while this waited: the bot keeps quiet.
    if (conversation.situacao !== 'bot') return 'not_with_bot';
    const state = readState(conversation.botState);
    if (input.messageId !== null && state && input.messageId <= state.handledMessageId) return 'already_answered';
    const [channel] = await tx.select().from(channels).where(eq(channels.id, conversation.channelId));
    // WhatsApp would refuse free text: the bot speaks again when the subscriber writes.
    if (!(await windowOf(tx, channel, conversation.contactId)).open) return 'window_closed';

    const flow = await botFlowOf(tx, scope.providerId);
    const turn: Turn = { tx, scope, emit, conversation, flow, now };
    const previous = { situacao: conversation.situacao, sectorId: conversation.sectorId };
    const handled = input.messageId ?? state?.handledMessageId ?? 0;
    let outcome: AnswerOutcome = 'answered';
    if (!flow.enabled) {
      // Turned off while this subscriber was talking to it: a person takes over.
      await handOff(turn, null, 'bot_off');
      outcome = 'handed_off';
    } else if (!state) {
      await say(turn, flow.greeting);
      const known = (await linkedClient(turn)) !== null;
      await ask(turn, { step: flow.identifyFirst && !known ? 'identify' : 'menu', pending: null, invalid: 0, handledMessageId: handled }, 0);
    } else {
      const message = input.messageId === null ? null : await inboundMessage(turn, input.messageId);
      outcome = await readAnswer(turn, { ...state, handledMessageId: handled }, message);
    }
    await emitConversation(tx, scope, emit, conversation.id, 'conversation.updated', previous);
    return outcome;
  });
}

async function inboundMessage(turn: Turn, id: number): Promise<MessageRow | null> {
  const [row] = await turn.tx.select().from(messages)
    .where(and(eq(messages.providerId, turn.scope.providerId), eq(messages.conversationId, turn.conversation.id), eq(messages.id, id), eq(messages.direction, 'in')));
  return row ?? null;
}

async function readAnswer(turn: Turn, state: BotState, message: MessageRow | null): Promise<AnswerOutcome> {
  const text = message?.body?.trim() ?? '';
  const chosen = message ? chosenOption(turn.flow.options, text, message.meta, state.step === 'menu') : null;

  if (state.step === 'identify') {
    // A subscriber without the CPF at hand may still pick an option that needs none (a person, a notice).
    if (chosen && !NEEDS_CLIENT.includes(chosen.action)) return run(turn, state, chosen);
    if (!looksLikeTaxId(text)) return invalid(turn, state, 'Esse não parece um CPF ou CNPJ válido. Confira os números.');
    const identified = await erpCall(turn, state, () => identify(turn, text));
    if (!identified) return 'answered';
    const client = identified.value;
    if (client === null) {
      return invalid(turn, state, turn.flow.notFoundMessage);
    }
    await say(turn, `Obrigado, ${client.name.split(/\s+/)[0]}! Cadastro encontrado.`);
    const pending = turn.flow.options.find((o) => o.id === state.pending);
    if (pending) return run(turn, { ...state, pending: null, invalid: 0 }, pending);
    await ask(turn, { ...state, step: 'menu', pending: null, invalid: 0 }, state.seq);
    return 'answered';
  }

  if (!chosen) return invalid(turn, state);
  return run(turn, { ...state, invalid: 0 }, chosen);
}

async function run(turn: Turn, state: BotState, option: BotOption): Promise<AnswerOutcome> {
  if (option.action === 'atendente') {
    await handOff(turn, option.sectorId, 'chosen');
    return 'handed_off';
  }
  if (option.action === 'mensagem') {
    await say(turn, option.text);
  } else {
    const client = await linkedClient(turn);
    if (!client) {
      // Identified first; what was chosen runs right after.
      await ask(turn, { ...state, step: 'identify', pending: option.id, invalid: 0 }, state.seq);
      return 'answered';
    }
    const done = await erpCall(turn, state, () => (option.action === 'segunda_via' ? sendSegundaVia(turn, client) : unlockInTrust(turn, client)));
    if (!done) return 'answered';
  }
  await ask(turn, { ...state, step: 'menu', pending: null, invalid: 0 }, state.seq);
  return 'answered';
}

/** `why`: what was wrong with the answer (the provider's "não entendi" by default). */
async function invalid(turn: Turn, state: BotState, why = turn.flow.invalidMessage): Promise<AnswerOutcome> {
  const count = state.invalid + 1;
  if (count >= turn.flow.maxInvalid) {
    await handOff(turn, null, 'invalid');
    return 'handed_off';
  }
  await say(turn, why);
  await ask(turn, { ...state, invalid: count }, state.seq);
  return 'answered';
}

/**
 * An ERP call of the bot. The ERP down or refusing is told to the subscriber, and the menu is offered
 * again (a person is one of its options); answers null then.
 */
async function erpCall<T>(turn: Turn, state: BotState, call: () => Promise<T>): Promise<{ value: T } | null> {
  try {
    return { value: await call() };
  } catch (error) {
    if (!(error instanceof AppError) || (error.code !== 'erp_unavailable' && error.code !== 'erp_refused')) throw error;
    await say(turn, 'Não consegui consultar o sistema agora. Tente de novo em instantes ou escolha falar com um atendente.');
    await ask(turn, { ...state, step: 'menu', pending: null, invalid: 0 }, state.seq);
    return null;
  }
}

/**
 * The option the subscriber chose: the button they pressed (its id), the option's number, or its
 * name typed (accents and case aside). Numbers count only when the menu was the question: while the
 * CPF is asked, digits are the CPF.
 */
export function chosenOption(options: BotOption[], text: string, meta: unknown, numbers: boolean): BotOption | null {
  const replyId = (meta as { replyId?: unknown } | null)?.replyId;
  if (typeof replyId === 'string') {
    const byId = options.find((o) => o.id === replyId);
    if (byId) return byId;
  }
  const typed = plain(text).replace(/[.)\s]+$/, '');
  if (numbers && /^\d{1,2}$/.test(typed)) return options[Number(typed) - 1] ?? null;
  return options.find((o) => plain(o.label) === typed) ?? null;
}

const plain = (text: string) => text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/\s+/g, ' ').trim();
