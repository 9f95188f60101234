// One turn of the bot in one conversation: what it says, what it asks, and handing the subscriber to
// a person. Every turn happens inside the transaction that locked the conversation, so what the bot
// says and where it is commit together.
import { and, eq } from 'drizzle-orm';
import type { Tx } from '../db/connection.js';
import { conversations, sectors } from '../db/schema.js';
import { answerOutOfHours } from '../desk/answer-out-of-hours.js';
import { queueAutomaticMessage } from '../desk/automatic-message.js';
import { requestAssignment } from '../desk/auto-assign.js';
import { recordEvent, type ConversationRow } from '../desk/records.js';
import type { Emit } from '../desk/unit-of-work.js';
import type { ProviderScope } from '../tenancy/scope.js';
import { choicesText, type BotChoices, type BotFlow } from '../../api/bot.js';
import { queueBotTimeout, type BotState } from './state.js';
import { sameRow } from '../tenancy/scope.js';

export interface Turn {
  tx: Tx;
  scope: ProviderScope;
  emit: Emit;
  conversation: ConversationRow;
  flow: BotFlow;
  now: () => Date;
}

/** A message of the bot (variables such as {{cliente.nome}} filled in). */
export async function say(turn: Turn, text: string, meta?: Record<string, unknown>) {
  if (text.trim() === '') return;
  await queueAutomaticMessage(turn.tx, turn.scope, turn.emit, turn.conversation, { text, meta, authorKind: 'bot' });
}

export function menuChoices(flow: BotFlow): BotChoices {
  return { prompt: flow.menuPrompt, options: flow.options.map((o) => ({ id: o.id, title: o.label })) };
}

/** Asks the question of `step`, and sets the clock that closes the conversation if nobody answers. */
export async function ask(turn: Turn, next: Omit<BotState, 'seq'> & { seq?: number }, previousSeq: number) {
  if (next.step === 'menu') {
    const choices = menuChoices(turn.flow);
    await say(turn, choicesText(choices), { choices });
  } else {
    await say(turn, turn.flow.identifyPrompt);
  }
  const state: BotState = { ...next, seq: previousSeq + 1 };
  await turn.tx.update(conversations).set({ botState: state }).where(eq(conversations.id, turn.conversation.id));
  turn.conversation.botState = state;
  await queueBotTimeout(turn.tx, turn.scope, turn.conversation.id, state.seq, new Date(turn.now().getTime() + turn.flow.timeoutMinutes * 60_000));
}

/**
 * Falar com um atendente: the conversation leaves the bot for the sector's Fila (the default
 * sector's when none is named or it no longer attends), where agents, or automatic assignment, take it.
 */
export async function handOff(turn: Turn, sectorId: number | null, reason: 'chosen' | 'invalid' | 'bot_off' | 'failed') {
  const { tx, scope, conversation } = turn;
  const sector = (sectorId !== null ? await activeSector(tx, scope, sectorId) : null) ?? (await defaultSector(tx, scope));
  const at = turn.now();
  const previous = { situacao: conversation.situacao, sectorId: conversation.sectorId };
  await tx.update(conversations)
    .set({ situacao: 'fila', sectorId: sector?.id ?? null, queuedAt: at, botState: null })
    .where(sameRow(conversations, conversation));
  Object.assign(conversation, { situacao: 'fila', sectorId: sector?.id ?? null, queuedAt: at, botState: null });
  await recordEvent(tx, scope, conversation.id, 'bot_handoff', null, { sectorId: sector?.id ?? null, sectorName: sector?.name ?? null, reason, by: 'bot' });
  // Outside business hours the out-of-hours message says when someone will answer; inside, the bot says who.
  const closed = await answerOutOfHours(tx, scope, turn.emit, conversation, at);
  if (!closed) {
    await say(turn, sector
      ? `Certo! Vou transferir você para um atendente (${sector.name}). Aguarde um momento, por favor.`
      : 'Certo! Vou transferir você para um atendente. Aguarde um momento, por favor.');
  }
  await requestAssignment(tx, scope, [conversation.sectorId]);
  return previous;
}

async function activeSector(tx: Tx, scope: ProviderScope, id: number) {
  const [row] = await tx.select({ id: sectors.id, name: sectors.name }).from(sectors)
    .where(and(eq(sectors.providerId, scope.providerId), eq(sectors.id, id), eq(sectors.active, true), eq(sectors.attends, true)));
  return row ?? null;
}

async function defaultSector(tx: Tx, scope: ProviderScope) {
  const [row] = await tx.select({ id: sectors.id, name: sectors.name }).from(sectors)
    .where(and(eq(sectors.providerId, scope.providerId), eq(sectors.isDefault, true), eq(sectors.active, true)))
    .limit(1);
  return row ?? null;
}
