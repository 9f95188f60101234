// A provider's settings for its subscribers' side: who issues the boletos and the PIX, the multa and
// juros of an overdue charge, the bonus rules, and which ERP holds the data. Stored as JSON on the
// provider (isp_settings, erp_config); read here with the defaults a provider starts from.
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Executor } from '../db/connection.js';
import { providers } from '../db/schema.js';
import { notFound } from '../errors.js';

const Party = z.object({ name: z.string(), taxId: z.string(), address: z.string() });

export const IspSettingsShape = z.object({
  beneficiario: Party.default({ name: 'Provedor', taxId: '', address: '' }),
  // The bank the built-in ERP's boletos are registered with (Bradesco's layout of the campo livre).
  bank: z.object({
    code: z.string().regex(/^\d{3}$/), name: z.string(),
    agencia: z.string().regex(/^\d{1,4}$/), conta: z.string().regex(/^\d{1,7}$/), carteira: z.string().regex(/^\d{1,2}$/),
  }).default({ code: '237', name: 'Bradesco', agencia: '1172', conta: '0403005', carteira: '06' }),
  // PIX on the boleto (boleto híbrido) and alone; null: boletos without PIX.
  pix: z.object({ key: z.string().min(1), merchantName: z.string().min(1), merchantCity: z.string().min(1) }).nullable().default(null),
  multaPercent: z.number().min(0).max(2).default(2),
  jurosPercentPerMonth: z.number().min(0).max(1).default(1),
  // Desbloqueio em confiança: for how many days, and at most once in how many days.
  trustUnlockDays: z.number().int().min(1).max(15).default(3),
  trustUnlockPeriodDays: z.number().int().min(1).max(365).default(30),
  // Where the NFCom's QR code points: 1 produção, 2 homologação.
  nfcomEnvironment: z.union([z.literal(1), z.literal(2)]).default(1),
});
export type IspSettings = z.infer<typeof IspSettingsShape>;

export const ErpConfigShape = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('builtin') }),
  z.object({
    kind: z.literal('ixc'),
    baseUrl: z.string().url(),
    token: z.string().min(3),
    timeoutMs: z.number().int().min(100).max(5000).optional(),
    serviceOrderSubjectId: z.string().optional(),
    serviceOrderSectorId: z.string().optional(),
    filialId: z.string().optional(),
  }),
]);
export type ErpConfig = z.infer<typeof ErpConfigShape>;

export interface ProviderIsp {
  name: string;
  settings: IspSettings;
  erp: ErpConfig;
}

export async function providerIsp(db: Executor, providerId: number): Promise<ProviderIsp> {
  const [row] = await db
    .select({ name: providers.name, erpKind: providers.erpKind, erpConfig: providers.erpConfig, ispSettings: providers.ispSettings })
    .from(providers)
    .where(eq(providers.id, providerId));
  if (!row) throw notFound('Provedor');
  return {
    name: row.name,
    settings: IspSettingsShape.parse(row.ispSettings ?? {}),
    erp: ErpConfigShape.parse({ ...(row.erpConfig as object), kind: row.erpKind }),
  };
}
