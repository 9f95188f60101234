// The provider's management system (ERP) as the desk sees it: one interface, two implementations —
// the built-in one on Prosa's own tables (builtin/) and IXC Soft's webservice (ixc/). Which one a
// provider uses is its setting (providers.erp_kind). Records are named by `ref`, the ERP's own id as
// text: the built-in ERP's row id, IXC's `id`. Money is in centavos; dates are YYYY-MM-DD in the
// provider's calendar (America/Sao_Paulo).

export const CONTRACT_STATUSES = [
  'ativo', 'bloqueado_manual', 'bloqueado_atraso', 'suspenso', 'cancelado', 'aguardando_instalacao',
] as const;
export type ContractStatus = (typeof CONTRACT_STATUSES)[number];

export const CHARGE_STATUSES = ['aberto', 'pago', 'vencido', 'cancelado'] as const;
export type ChargeStatus = (typeof CHARGE_STATUSES)[number];

export const SERVICE_ORDER_STATUSES = ['aberta', 'agendada', 'em_execucao', 'finalizada'] as const;
export type ServiceOrderStatus = (typeof SERVICE_ORDER_STATUSES)[number];

/** Blocked contracts show red beside the contact's name. */
export const isBlocked = (status: ContractStatus) =>
  status === 'bloqueado_manual' || status === 'bloqueado_atraso' || status === 'suspenso';

export interface ErpClient {
  ref: string;
  /** Name, or razão social for a company. */
  name: string;
  /** CPF (11 digits) or CNPJ (14 characters, digits or the alphanumeric form), unformatted. */
  document: string | null;
  /** E.164 without the plus (5511987654321). */
  phones: string[];
  email: string | null;
  address: string | null;
}

export interface ErpContract {
  ref: string;
  clientRef: string;
  plan: string;
  downloadMbps: number | null;
  uploadMbps: number | null;
  monthlyPriceCents: number | null;
  dueDay: number | null;
  address: string | null;
  pppoeLogin: string | null;
  status: ContractStatus;
  /** The last desbloqueio em confiança (ISO timestamp), for the once-per-period rule. */
  lastTrustUnlockAt: string | null;
  /** Until when a trust unlock holds (ISO timestamp), when one is in force. */
  trustUnlockUntil: string | null;
}

export interface ErpCharge {
  ref: string;
  contractRef: string | null;
  amountCents: number;
  /** What the subscriber pays today: an overdue charge with the provider's multa and juros de mora. */
  amountDueTodayCents: number;
  dueDate: string;
  status: ChargeStatus;
  nossoNumero: string;
  bankCode: string;
}

export interface ErpNota {
  ref: string;
  number: string;
  series: string;
  /** 62: NFCom, the telecom nota. */
  model: string;
  issuedAt: string;
  amountCents: number;
  /** 44 digits, the last one its mod-11 check digit. */
  accessKey: string;
}

export interface ErpServiceOrder {
  ref: string;
  protocolo: string;
  type: string;
  subject: string;
  description: string;
  status: ServiceOrderStatus;
  createdAt: string;
}

/** A boleto ready to send: its PDF, the line the subscriber types, and PIX when the bank offers it. */
export interface ErpBoleto {
  charge: ErpCharge;
  filename: string;
  pdf: Buffer;
  /** 47 digits, unformatted. */
  linhaDigitavel: string;
  /** The BR Code "copia e cola"; null when the charge has no PIX. */
  pixCopiaECola: string | null;
}

export interface ErpNotaDocument {
  nota: ErpNota;
  filename: string;
  pdf: Buffer;
}

export interface ClientQuery {
  /** Part of the name or razão social, accents and case ignored. */
  name?: string;
  /** CPF or CNPJ, formatted or not. */
  document?: string;
  /** Any phone of the client, E.164 without the plus. */
  phone?: string;
}

export type Bonus =
  | { kind: 'desbloqueio_confianca'; days: number }
  | { kind: 'desconto'; valueCents?: number; percent?: number }
  | { kind: 'dias_extras'; days: number };

export interface NewServiceOrder {
  clientRef: string;
  contractRef: string | null;
  type: string;
  subject: string;
  description: string;
  /** The conversation it came from (its protocolo), written on the order. */
  conversationProtocolo: string;
  /** Where it came from in the desk: the built-in ERP keeps it on the order; an external one ignores it. */
  context?: { conversationId: number; userId: number; sectorId: number | null };
}

/**
 * Every call may fail with AppError 'erp_unavailable' (down, slow past the timeout) or
 * 'erp_refused' (the ERP said no, with its message); 'not_found' for a ref it does not know.
 */
export interface Erp {
  readonly kind: 'builtin' | 'ixc';
  findClients(query: ClientQuery, limit?: number): Promise<ErpClient[]>;
  getClient(ref: string): Promise<ErpClient | null>;
  contracts(clientRef: string): Promise<ErpContract[]>;
  /** The client's charges that are still to be paid (aberto and vencido), oldest due first. */
  openCharges(clientRef: string): Promise<ErpCharge[]>;
  boleto(chargeRef: string): Promise<ErpBoleto>;
  notas(clientRef: string): Promise<ErpNota[]>;
  notaDocument(notaRef: string): Promise<ErpNotaDocument>;
  /** Applies a bonus the desk has already checked against the provider's rules; returns the contract after it. */
  grantBonus(contractRef: string, bonus: Bonus): Promise<ErpContract>;
  openServiceOrder(order: NewServiceOrder): Promise<ErpServiceOrder>;
}
