// The first run of a real installation: on a database with no provider yet, create the provider and
// its first administrator, with a password of their choosing — from the first-run page or from
// `npm run setup`. Once a provider exists, this is refused: more providers and users come from
// inside (administrators), never from an open page.
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../db/connection.js';
import { motivos, providers, sectors, users, userSectors } from '../db/schema.js';
import { AppError } from '../errors.js';
import { isValidCnpj, normalizeTaxId } from '../isp/documents/tax-id.js';
import { ChosenPassword, hashPassword } from '../sessions/passwords.js';
import { addLogins } from '../sessions/sessions.js';

/** What the first run asks for; the page and the command validate with this one shape. */
export const InstallationInput = z.object({
  provider: z.object({
    name: z.string().trim().min(2, 'informe o nome do provedor').max(120, 'nome do provedor longo demais'),
    cnpj: z.string().trim().max(18, 'CNPJ inválido')
      .refine((value) => isValidCnpj(normalizeTaxId(value)), 'CNPJ inválido: confira os dígitos verificadores'),
    city: z.string().trim().min(2, 'informe a cidade').max(80, 'nome da cidade longo demais'),
  }),
  admin: z.object({
    name: z.string().trim().min(2, 'informe o nome do administrador').max(120, 'nome longo demais'),
    email: z.string().trim().toLowerCase().max(200, 'e-mail longo demais').email('e-mail inválido'),
    password: ChosenPassword,
  }),
});
export type InstallationInput = z.infer<typeof InstallationInput>;

// Where a new desk starts: one sector that receives everything, and motivos to close with; the
// administrator renames and adds to them from the screens.
const FIRST_SECTOR = 'Atendimento';
const FIRST_MOTIVOS = ['Dúvida', 'Financeiro', 'Suporte técnico', 'Comercial', 'Outro'];
// Any constant shared by every instance: two first runs at once take turns on it.
const SETUP_LOCK = 0x70726f7361;

/** Whether the first run is still to be done: no provider exists yet. */
export async function setupNeeded(db: Db): Promise<boolean> {
  const [row] = await db.select({ id: providers.id }).from(providers).limit(1);
  return !row;
}

/** URL-safe and readable: "Fibra Já Telecom" -> "fibra-ja-telecom". */
export const slugOf = (name: string) =>
  name.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 60) || 'provedor';

export async function setUpInstallation(db: Db, raw: InstallationInput) {
  const input = InstallationInput.parse(raw);
  // Slow on purpose (argon2): outside the transaction, so the lock below is held for milliseconds.
  const passwordHash = await hashPassword(input.admin.password);
  return db.transaction(async (tx) => {
    await tx.execute(sql`SELECT pg_advisory_xact_lock(${SETUP_LOCK})`);
    const [existing] = await tx.select({ id: providers.id }).from(providers).limit(1);
    if (existing) throw new AppError('already_installed', 'Este Prosa já foi configurado. Entre com o e-mail e a senha do administrador.');
    const [provider] = await tx.insert(providers).values({
      name: input.provider.name, slug: slugOf(input.provider.name),
      cnpj: normalizeTaxId(input.provider.cnpj), city: input.provider.city,
    }).returning();
    const [sector] = await tx.insert(sectors).values({ providerId: provider.id, name: FIRST_SECTOR, isDefault: true }).returning();
    await tx.insert(motivos).values(FIRST_MOTIVOS.map((name) => ({ providerId: provider.id, name })));
    const [admin] = await tx.insert(users).values({
      providerId: provider.id, name: input.admin.name, email: input.admin.email, passwordHash, role: 'administrador',
    }).returning({ id: users.id, providerId: users.providerId, email: users.email });
    await addLogins(tx, [admin]);
    await tx.insert(userSectors).values({ providerId: provider.id, userId: admin.id, sectorId: sector.id });
    return { providerId: provider.id, slug: provider.slug, adminId: admin.id, email: admin.email };
  });
}
