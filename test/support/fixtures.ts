// A provider built for a test: sectors, one user of each role (plus a second atendente), channels,
// tags and motivos. Everything goes straight into the database, as an administrator would set it up.
import { hash } from '@node-rs/argon2';
import type { Db } from '../../server/db/connection.js';
import { channels, motivos, motivoSectors, providers, quickReplies, sectors, tags, users, userSectors } from '../../server/db/schema.js';
import { addLogins } from '../../server/sessions/sessions.js';

export const PASSWORD = 'senha-de-teste';
let passwordHash: Promise<string> | undefined;

export interface ProviderFixture {
  providerId: number;
  slug: string;
  sectors: { suporte: number; financeiro: number; comercial: number };
  users: { admin: UserFixture; supervisor: UserFixture; ana: UserFixture; bruno: UserFixture; caio: UserFixture };
  channels: { whatsapp: string; telegram: string; webchat: string };
  tags: { urgente: number; vip: number };
  motivos: { semConexao: number; boleto: number; soFinanceiro: number };
  quickReplyId: number;
}

export interface UserFixture {
  id: number;
  email: string;
  name: string;
}

/** A WhatsApp number of the provider's own, with one approved template; tests point apiBaseUrl at a stand-in. */
export const whatsappConfig = (slug: string) => ({
  phoneNumberId: '106540352242922',
  verifyToken: `verify-${slug}`,
  templates: [{ name: 'boas_vindas', language: 'pt_BR', body: 'Olá {{1}}! Aqui é do seu provedor. Podemos conversar por aqui?', params: 1 }],
});
export const WHATSAPP_SECRETS = { appSecret: 'app-secret-de-teste', accessToken: 'token-de-teste' };

/** ana: atendente of Suporte; bruno: atendente of Suporte and Financeiro; caio: atendente of Comercial. */
export async function createProvider(db: Db, slug: string, options: { chatEnabled?: boolean } = {}): Promise<ProviderFixture> {
  passwordHash ??= hash(PASSWORD);
  const hashed = await passwordHash;
  const [provider] = await db
    .insert(providers)
    .values({ name: `Provedor ${slug}`, slug, chatEnabled: options.chatEnabled ?? true })
    .returning();
  const providerId = provider.id;
  const [suporte, financeiro, comercial] = await db
    .insert(sectors)
    .values([
      { providerId, name: 'Suporte Técnico', isDefault: true },
      { providerId, name: 'Financeiro' },
      { providerId, name: 'Comercial' },
    ])
    .returning();
  const people = [
    ['admin', 'Admin', 'administrador'],
    ['supervisor', 'Carla Supervisora', 'supervisor'],
    ['ana', 'Ana Souza', 'atendente'],
    ['bruno', 'Bruno Lima', 'atendente'],
    ['caio', 'Caio Prado', 'atendente'],
  ] as const;
  const created = await db
    .insert(users)
    .values(people.map(([key, name, role]) => ({ providerId, name, role, email: `${key}@${slug}.test`, passwordHash: hashed })))
    .returning();
  await addLogins(db, created);
  const [admin, supervisor, ana, bruno, caio] = created;
  await db.insert(userSectors).values([
    { providerId, userId: ana.id, sectorId: suporte.id },
    { providerId, userId: bruno.id, sectorId: suporte.id },
    { providerId, userId: bruno.id, sectorId: financeiro.id },
    { providerId, userId: caio.id, sectorId: comercial.id },
  ]);
  const channelIds = { whatsapp: `${slug}-whatsapp`, telegram: `${slug}-telegram`, webchat: `${slug}-webchat` };
  await db.insert(channels).values([
    { id: channelIds.whatsapp, providerId, kind: 'whatsapp', name: 'WhatsApp', config: whatsappConfig(slug), secrets: WHATSAPP_SECRETS },
    { id: channelIds.telegram, providerId, kind: 'telegram', name: 'Telegram' },
    { id: channelIds.webchat, providerId, kind: 'webchat', name: 'Chat do site' },
  ]);
  const [urgente, vip] = await db
    .insert(tags)
    .values([{ providerId, name: 'Urgente', color: '#dc2626' }, { providerId, name: 'VIP', color: '#7c3aed' }])
    .returning();
  const [semConexao, boleto, soFinanceiro] = await db
    .insert(motivos)
    .values([
      { providerId, name: 'Sem conexão' },
      { providerId, name: '2ª via de boleto' },
      { providerId, name: 'Negociação de débito' },
    ])
    .returning();
  await db.insert(motivoSectors).values({ providerId, motivoId: soFinanceiro.id, sectorId: financeiro.id });
  const [reply] = await db
    .insert(quickReplies)
    .values({ providerId, shortcut: 'saudacao', title: 'Saudação', body: 'Olá, {{primeiro_nome}}! Aqui é {{atendente}}. Protocolo {{protocolo}}.' })
    .returning();
  const user = (u: typeof admin): UserFixture => ({ id: u.id, email: u.email, name: u.name });
  return {
    providerId,
    slug,
    sectors: { suporte: suporte.id, financeiro: financeiro.id, comercial: comercial.id },
    users: { admin: user(admin), supervisor: user(supervisor), ana: user(ana), bruno: user(bruno), caio: user(caio) },
    channels: channelIds,
    tags: { urgente: urgente.id, vip: vip.id },
    motivos: { semConexao: semConexao.id, boleto: boleto.id, soFinanceiro: soFinanceiro.id },
    quickReplyId: reply.id,
  };
}
