// Conceder bônus: desbloqueio em confiança (only a contract blocked for late payment, for the
// provider's number of days, at most once per period), desconto on the next charge, or dias extras.
// The ERP applies it; the desk records it, tells the subscriber, and the dot changes on every screen.
import { and, desc, eq } from 'drizzle-orm';
import { bonuses, contracts } from '../db/schema.js';
import { AppError, notFound } from '../errors.js';
import { enqueue } from '../jobs/queue.js';
import { emitConversation, lockConversation, queueOutbound, recordEvent, requireOpen, toMessageView, type ConversationRow } from '../desk/records.js';
import { requireReplyable } from '../desk/send-message.js';
import { inTransaction, type Emit } from '../desk/unit-of-work.js';
import type { Tx } from '../db/connection.js';
import type { AgentScope, ProviderScope } from '../tenancy/scope.js';
import { formatDay, todayInSaoPaulo } from './calendar.js';
import { formatBRL } from './documents/money.js';
import type { Bonus } from './erp.js';
import { erpOf } from './erp-of.js';
import { announceClient, conversationClient, copyContracts, refOf, type ContractRow } from './linked-client.js';
import type { IspSettings } from './settings.js';
import { contractView } from './views.js';
import { sameRow } from '../tenancy/scope.js';

export type BonusRequest =
  | { kind: 'desbloqueio_confianca' }
  | { kind: 'desconto'; valueCents?: number; percent?: number }
  | { kind: 'dias_extras'; days: number };

export interface GrantBonusInput {
  conversationId: number;
  contractId: number;
  bonus: BonusRequest;
}

/** The job that blocks a trust-unlocked contract again when its days are over and it is still unpaid. */
export const TRUST_UNLOCK_ENDS = 'isp.trust_unlock_ends';

const DAY_MS = 86_400_000;

/** Refuses a trust unlock the provider's rules do not allow, saying when it becomes available. */
export function checkTrustUnlock(contract: Pick<ContractRow, 'status' | 'lastTrustUnlockAt'>, lastGranted: Date | null, settings: IspSettings, now: Date) {
  if (contract.status !== 'bloqueado_atraso') {
    throw new AppError('bonus_not_allowed', 'O desbloqueio em confiança só vale para contrato bloqueado por atraso.');
  }
  const last = [contract.lastTrustUnlockAt, lastGranted].filter((d): d is Date => d !== null).sort((a, b) => b.getTime() - a.getTime())[0];
  if (!last) return;
  const availableAt = new Date(last.getTime() + settings.trustUnlockPeriodDays * DAY_MS);
  if (availableAt > now) {
    const day = formatDay(todayInSaoPaulo(availableAt));
    throw new AppError(
      'bonus_not_allowed',
      `Desbloqueio em confiança já concedido em ${formatDay(todayInSaoPaulo(last))}; disponível novamente a partir de ${day}.`,
      { availableAt: availableAt.toISOString() },
    );
  }
}

export async function grantBonus(scope: AgentScope, input: GrantBonusInput, now: () => Date = () => new Date()) {
  const { client } = await conversationClient(scope, input.conversationId);
  return inTransaction(scope, async (tx, emit) => {
    const conversation = await lockConversation(tx, scope, input.conversationId);
    requireOpen(conversation);
    const { window } = await requireReplyable(tx, scope, conversation);
    // Two agents granting at once: the second waits here, then sees the first one's bonus.
    const contract = await lockContract(tx, scope, client.id, input.contractId);
    if (!contract) throw notFound('Contrato');
    const { updated, message } = await applyBonus(tx, scope, emit, {
      conversation, clientId: client.id, contract, request: input.bonus, tell: window.open,
      by: { kind: 'agent', userId: scope.actor.userId }, now,
    });
    return { contract: contractView(updated), message: message ? toMessageView(message) : null };
  });
}

/** The client's contract, locked for the rest of the transaction (one bonus at a time). */
export async function lockContract(tx: Tx, scope: ProviderScope, clientId: number, contractId: number): Promise<ContractRow | undefined> {
  const [contract] = await tx.select().from(contracts)
    .where(and(eq(contracts.providerId, scope.providerId), eq(contracts.id, contractId), eq(contracts.clientId, clientId)))
    .for('update');
  return contract;
}

export interface ApplyBonusInput {
  conversation: ConversationRow;
  clientId: number;
  /** Locked (lockContract). */
  contract: ContractRow;
  request: BonusRequest;
  /** Whether the subscriber can be told now (WhatsApp's window open). */
  tell: boolean;
  /** An agent's Ação, or the bot's menu: the same rules, recorded as who did it. */
  by: { kind: 'agent'; userId: number } | { kind: 'bot' };
  now: () => Date;
}

/**
 * Applies a bonus under the provider's rules (throws AppError 'bonus_not_allowed' when they forbid
 * it), records it, tells the subscriber, and moves the dot on every screen.
 */
export async function applyBonus(tx: Tx, scope: ProviderScope, emit: Emit, input: ApplyBonusInput) {
  const { conversation, contract, now } = input;
  const userId = input.by.kind === 'agent' ? input.by.userId : null;
  // The built-in ERP writes in this same transaction: the bonus and its record commit together.
  const erp = await erpOf(tx, scope.providerId, now);
  let bonus: Bonus;
  if (input.request.kind === 'desbloqueio_confianca') {
    const [last] = await tx.select({ createdAt: bonuses.createdAt }).from(bonuses)
      .where(and(eq(bonuses.providerId, scope.providerId), eq(bonuses.contractId, contract.id), eq(bonuses.kind, 'desbloqueio_confianca')))
      .orderBy(desc(bonuses.createdAt)).limit(1);
    checkTrustUnlock(contract, last?.createdAt ?? null, erp.settings, now());
    bonus = { kind: 'desbloqueio_confianca', days: erp.settings.trustUnlockDays };
  } else {
    bonus = input.request;
  }
  const after = await erp.client.grantBonus(refOf(contract), bonus);
  if (erp.client.kind !== 'builtin') await copyContracts(tx, scope.providerId, input.clientId, [after]);
  const [updated] = await tx.select().from(contracts).where(sameRow(contracts, contract));
  await tx.insert(bonuses).values({
    providerId: scope.providerId, clientId: input.clientId, contractId: contract.id, kind: bonus.kind,
    days: 'days' in bonus ? bonus.days : null,
    valueCents: bonus.kind === 'desconto' ? bonus.valueCents ?? null : null,
    percent: bonus.kind === 'desconto' ? bonus.percent ?? null : null,
    grantedBy: userId, conversationId: conversation.id,
  });
  if (bonus.kind === 'desbloqueio_confianca' && updated.trustUnlockUntil && erp.client.kind === 'builtin') {
    await enqueue(tx, { providerId: scope.providerId, kind: TRUST_UNLOCK_ENDS, payload: { contractId: contract.id }, runAt: updated.trustUnlockUntil });
  }
  const text = tellSubscriber(bonus, updated);
  // Outside WhatsApp's window the bonus still holds; the agent sees in the timeline that nobody was told.
  const message = input.tell
    ? await queueOutbound(tx, scope, emit, { conversation, authorKind: input.by.kind, authorUserId: userId, type: 'text', body: text })
    : null;
  await recordEvent(tx, scope, conversation.id, 'bonus_granted', userId, {
    kind: bonus.kind, contractId: contract.id, plan: contract.plan, from: contract.status, to: updated.status,
    told: message !== null, ...('days' in bonus ? { days: bonus.days } : {}),
    ...(bonus.kind === 'desconto' ? { valueCents: bonus.valueCents, percent: bonus.percent } : {}),
    ...(input.by.kind === 'bot' ? { by: 'bot' } : {}),
  });
  if (updated.status !== contract.status) await announceClient(tx, scope, emit, input.clientId);
  else await emitConversation(tx, scope, emit, conversation.id);
  return { updated, message };
}

function tellSubscriber(bonus: Bonus, contract: ContractRow): string {
  if (bonus.kind === 'desbloqueio_confianca') {
    const until = contract.trustUnlockUntil ? formatDay(todayInSaoPaulo(contract.trustUnlockUntil)) : '';
    return `Seu acesso (${contract.plan}) foi liberado em confiança até ${until}. Regularize o pagamento até lá para não ser bloqueado novamente.`;
  }
  if (bonus.kind === 'desconto') {
    const value = bonus.valueCents !== undefined ? formatBRL(bonus.valueCents) : `${bonus.percent}%`;
    return `Concedemos um desconto de ${value} na sua próxima fatura (${contract.plan}).`;
  }
  return `Concedemos ${bonus.days} dias extras para o pagamento da sua próxima fatura (${contract.plan}).`;
}
