// The built-in ERP: a provider's subscribers, contracts, charges, notas and service orders in Prosa's
// own tables, and the documents made here (boleto with PIX, DANFE-COM) from server/isp/documents.
import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Executor } from '../../db/connection.js';
import { charges, clients, contracts, notas, serviceOrders } from '../../db/schema.js';
import { AppError, notFound } from '../../errors.js';
import { addDays, todayInSaoPaulo } from '../calendar.js';
import { amountDueToday, barcode, campoLivreBradesco, linhaDigitavel } from '../documents/boleto.js';
import { boletoPdf } from '../documents/boleto-pdf.js';
import { danfeComPdf } from '../documents/danfe-com-pdf.js';
import { pixCopiaECola } from '../documents/pix.js';
import { normalizeTaxId } from '../documents/tax-id.js';
import type { Bonus, ClientQuery, Erp, ErpCharge, ErpClient, ErpNota, ErpServiceOrder, NewServiceOrder } from '../erp.js';
import type { IspSettings } from '../settings.js';
import { erpContractOf } from '../views.js';
import { containsPattern } from '../../db/like.js';
import { sameRow } from '../../tenancy/scope.js';

type ClientRow = typeof clients.$inferSelect;
type ChargeRow = typeof charges.$inferSelect;
type NotaRow = typeof notas.$inferSelect;

export interface BuiltinErpOptions {
  db: Executor;
  providerId: number;
  settings: IspSettings;
  now?: () => Date;
}

/** A ref the built-in ERP made: its row id. Anything else names nothing. */
const rowId = (ref: string, what: string) => {
  if (!/^\d{1,15}$/.test(ref)) throw notFound(what);
  return Number(ref);
};

export function createBuiltinErp({ db, providerId, settings, now = () => new Date() }: BuiltinErpOptions): Erp {
  const today = () => todayInSaoPaulo(now());

  const clientRow = async (ref: string) => {
    const [row] = await db.select().from(clients).where(and(eq(clients.providerId, providerId), eq(clients.id, rowId(ref, 'Cliente'))));
    return row ?? null;
  };
  const contractRow = async (ref: string) => {
    const [row] = await db.select().from(contracts).where(and(eq(contracts.providerId, providerId), eq(contracts.id, rowId(ref, 'Contrato'))));
    if (!row) throw notFound('Contrato');
    return row;
  };
  const chargeRow = async (ref: string) => {
    const [row] = await db.select().from(charges).where(and(eq(charges.providerId, providerId), eq(charges.id, rowId(ref, 'Cobrança'))));
    if (!row) throw notFound('Cobrança');
    return row;
  };

  const toCharge = (row: ChargeRow): ErpCharge => {
    const due = row.amountCents - row.discountCents;
    const overdue = row.status === 'aberto' && row.dueDate < today();
    return {
      ref: String(row.id),
      contractRef: row.contractId === null ? null : String(row.contractId),
      amountCents: due,
      amountDueTodayCents: amountDueToday({
        amountCents: due, dueDate: row.dueDate, today: today(),
        multaPercent: settings.multaPercent, jurosPercentPerMonth: settings.jurosPercentPerMonth,
      }).totalCents,
      dueDate: row.dueDate,
      status: overdue ? 'vencido' : row.status,
      nossoNumero: row.nossoNumero,
      bankCode: row.bankCode,
    };
  };

  return {
    kind: 'builtin',

    async findClients(query: ClientQuery, limit = 20) {
      const document = query.document ? normalizeTaxId(query.document) : undefined;
      const rows = await db
        .select()
        .from(clients)
        .where(and(
          eq(clients.providerId, providerId),
          document ? eq(clients.document, document) : undefined,
          query.phone ? sql`${clients.phones} @> ARRAY[${query.phone}]::text[]` : undefined,
          query.name ? sql`immutable_unaccent(lower(${clients.name})) LIKE immutable_unaccent(lower(${containsPattern(query.name)}))` : undefined,
        ))
        .orderBy(asc(clients.name))
        .limit(limit);
      return rows.map(toClient);
    },

    async getClient(ref) {
      const row = await clientRow(ref);
      return row ? toClient(row) : null;
    },

    async contracts(clientRef) {
      const rows = await db.select().from(contracts)
        .where(and(eq(contracts.providerId, providerId), eq(contracts.clientId, rowId(clientRef, 'Cliente'))))
        .orderBy(asc(contracts.id));
      return rows.map(erpContractOf);
    },

    async openCharges(clientRef) {
      const rows = await db.select().from(charges)
        .where(and(eq(charges.providerId, providerId), eq(charges.clientId, rowId(clientRef, 'Cliente')), inArray(charges.status, ['aberto', 'vencido'])))
        .orderBy(asc(charges.dueDate), asc(charges.id));
      return rows.map(toCharge);
    },

    async boleto(chargeRef) {
      const row = await chargeRow(chargeRef);
      const charge = toCharge(row);
      if (charge.status !== 'aberto' && charge.status !== 'vencido') {
        throw new AppError('erp_refused', `Esta cobrança está ${charge.status}; só se envia boleto de cobrança em aberto ou vencida.`);
      }
      const client = (await clientRow(String(row.clientId)))!;
      // An overdue charge goes out as a second copy due today, for what is owed today.
      const overdue = charge.status === 'vencido';
      const dueDate = overdue ? today() : charge.dueDate;
      const code = barcode({
        bankCode: settings.bank.code,
        dueDate,
        amountCents: charge.amountDueTodayCents,
        campoLivre: campoLivreBradesco({
          agencia: settings.bank.agencia.padStart(4, '0'),
          carteira: settings.bank.carteira.padStart(2, '0'),
          nossoNumero: row.nossoNumero.padStart(11, '0'),
          conta: settings.bank.conta.padStart(7, '0'),
        }),
      });
      const linha = linhaDigitavel(code);
      const pix = settings.pix
        ? pixCopiaECola({ ...settings.pix, amountCents: charge.amountDueTodayCents, txid: `PROSA${row.id}` })
        : null;
      const pdf = await boletoPdf({
        beneficiario: settings.beneficiario,
        pagador: { name: client.name, taxId: client.document ?? '', address: client.address ?? '' },
        bank: { code: settings.bank.code, name: settings.bank.name, agencia: settings.bank.agencia, conta: settings.bank.conta },
        charge: {
          nossoNumero: row.nossoNumero,
          documentNumber: String(row.id),
          dueDate,
          amountCents: charge.amountCents,
          amountDueTodayCents: overdue ? charge.amountDueTodayCents : undefined,
          issuedAt: today(),
        },
        barcode: code,
        linhaDigitavel: linha,
        pixCopiaECola: pix,
        instructions: overdue
          ? [`Segunda via atualizada: vencimento original em ${row.dueDate.split('-').reverse().join('/')}, com multa de ${settings.multaPercent}% e juros de ${settings.jurosPercentPerMonth}% ao mês.`]
          : [`Após o vencimento, multa de ${settings.multaPercent}% e juros de ${settings.jurosPercentPerMonth}% ao mês.`],
      });
      return { charge, filename: `boleto-${row.dueDate}-${row.id}.pdf`, pdf, linhaDigitavel: linha, pixCopiaECola: pix };
    },

    async notas(clientRef) {
      const rows = await db.select().from(notas)
        .where(and(eq(notas.providerId, providerId), eq(notas.clientId, rowId(clientRef, 'Cliente'))))
        .orderBy(desc(notas.issuedAt))
        .limit(24);
      return rows.map(toNota);
    },

    async notaDocument(notaRef) {
      const [row] = await db.select().from(notas).where(and(eq(notas.providerId, providerId), eq(notas.id, rowId(notaRef, 'Nota fiscal'))));
      if (!row) throw notFound('Nota fiscal');
      const client = (await clientRow(String(row.clientId)))!;
      const pdf = await danfeComPdf({
        emitente: settings.beneficiario,
        destinatario: { name: client.name, taxId: client.document ?? '', address: client.address ?? '' },
        number: row.number,
        series: row.series,
        issuedAt: row.issuedAt.toISOString(),
        accessKey: row.accessKey,
        tpAmb: settings.nfcomEnvironment,
        items: row.items as { description: string; amountCents: number }[],
      });
      return { nota: toNota(row), filename: `nfcom-${row.series}-${row.number}.pdf`, pdf };
    },

    async grantBonus(contractRef, bonus: Bonus) {
      const contract = await contractRow(contractRef);
      if (bonus.kind === 'desbloqueio_confianca') {
        const at = now();
        const [row] = await db.update(contracts)
          .set({ status: 'ativo', lastTrustUnlockAt: at, trustUnlockUntil: new Date(at.getTime() + bonus.days * 86_400_000) })
          .where(sameRow(contracts, contract))
          .returning();
        return erpContractOf(row);
      }
      // Desconto and dias extras act on the contract's next charge still to be paid.
      const [next] = await db.select().from(charges)
        .where(and(eq(charges.providerId, providerId), eq(charges.contractId, contract.id), eq(charges.status, 'aberto')))
        .orderBy(asc(charges.dueDate))
        .limit(1);
      if (!next) throw new AppError('bonus_not_allowed', 'Este contrato não tem cobrança em aberto para receber o bônus.');
      if (bonus.kind === 'desconto') {
        const open = next.amountCents - next.discountCents;
        const value = bonus.valueCents ?? Math.round((open * (bonus.percent ?? 0)) / 100);
        if (value >= open) throw new AppError('bonus_not_allowed', 'O desconto não pode ser maior que o valor da cobrança.');
        await db.update(charges).set({ discountCents: next.discountCents + value }).where(eq(charges.id, next.id));
      } else {
        await db.update(charges).set({ dueDate: addDays(next.dueDate, bonus.days) }).where(eq(charges.id, next.id));
      }
      return erpContractOf(contract);
    },

    async openServiceOrder(order: NewServiceOrder) {
      const client = await clientRow(order.clientRef);
      if (!client) throw notFound('Cliente');
      const contractId = order.contractRef === null ? null : (await contractRow(order.contractRef)).id;
      const [row] = await db.insert(serviceOrders).values({
        providerId,
        clientId: client.id,
        contractId,
        // Replaced below by one made from the row's id, which only the insert knows.
        protocolo: `pending-${order.conversationProtocolo}-${Date.now()}-${Math.random()}`,
        type: order.type,
        subject: order.subject,
        description: order.description,
        conversationId: order.context?.conversationId ?? null,
        createdBy: order.context?.userId ?? null,
        sectorId: order.context?.sectorId ?? null,
      }).returning();
      const [saved] = await db.update(serviceOrders)
        .set({ protocolo: `OS${today().replaceAll('-', '')}${String(row.id).padStart(6, '0')}` })
        .where(eq(serviceOrders.id, row.id))
        .returning();
      return toServiceOrder(saved);
    },
  };
}

const toClient = (row: ClientRow): ErpClient => ({
  ref: String(row.id), name: row.name, document: row.document, phones: row.phones, email: row.email, address: row.address,
});

const toNota = (row: NotaRow): ErpNota => ({
  ref: String(row.id), number: row.number, series: row.series, model: row.model,
  issuedAt: row.issuedAt.toISOString(), amountCents: row.amountCents, accessKey: row.accessKey,
});

const toServiceOrder = (row: typeof serviceOrders.$inferSelect): ErpServiceOrder => ({
  ref: String(row.id), protocolo: row.protocolo, type: row.type, subject: row.subject,
  description: row.description, status: row.status, createdAt: row.createdAt.toISOString(),
});
