// Who a web-chat visitor is. The widget keeps a random token in the browser's localStorage (one
// per channel) and sends it as `Authorization: Bearer <token>`. The token is 256 random bits;
// Prosa keeps only its SHA-256 as the channel identity's external id, so neither a database dump
// nor anything an agent sees lets anyone write or read as the visitor.
// Each session is a contact of its own: a phone or e-mail the visitor typed is not proof of who
// they are, so it never links them to an existing contact (and never shows them its history).
import { createHash, randomBytes } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import type { Db } from '../../db/connection.js';
import { channels, contactIdentities, contacts, providers } from '../../db/schema.js';
import { AppError, notFound } from '../../errors.js';
import type { Bus } from '../../events/bus.js';
import { ofProvider, type ProviderScope } from '../../tenancy/scope.js';

const TOKEN = /^[A-Za-z0-9_-]{43}$/;

export const newVisitorToken = () => randomBytes(32).toString('base64url');
export const visitorIdOf = (token: string) => createHash('sha256').update(token).digest('base64url');

export interface WebchatChannel {
  id: string;
  providerId: number;
  providerName: string;
  name: string;
  greeting: string;
  color: string;
  /** Sites allowed to talk to this channel (their origins); empty: any site. */
  allowedOrigins: string[];
}

export interface Visitor {
  providerId: number;
  channelId: string;
  /** The identity's external id: the token's hash. */
  visitorId: string;
  contactId: number;
  name: string;
}

const DEFAULT_GREETING = 'Olá! Como podemos ajudar?';
const DEFAULT_COLOR = '#0f766e';

/** The channel id in the URL picks the provider; everything after it is scoped by that provider. */
export async function findWebchatChannel(db: Db, channelId: string): Promise<WebchatChannel> {
  const [row] = await db
    .select({ channel: channels, providerName: providers.name, chatEnabled: providers.chatEnabled })
    .from(channels)
    .innerJoin(providers, eq(providers.id, channels.providerId))
    .where(and(eq(channels.id, channelId), eq(channels.kind, 'webchat'), eq(channels.active, true)));
  if (!row) throw notFound('Canal');
  if (!row.chatEnabled) throw new AppError('module_not_enabled', 'O chat deste site não está disponível.');
  const config = (row.channel.config ?? {}) as { greeting?: unknown; color?: unknown; allowedOrigins?: unknown };
  return {
    id: row.channel.id,
    providerId: row.channel.providerId,
    providerName: row.providerName,
    name: row.channel.name,
    greeting: typeof config.greeting === 'string' && config.greeting.trim() ? config.greeting : DEFAULT_GREETING,
    color: typeof config.color === 'string' && /^#[0-9a-fA-F]{6}$/.test(config.color) ? config.color : DEFAULT_COLOR,
    allowedOrigins: Array.isArray(config.allowedOrigins) ? config.allowedOrigins.filter((o): o is string => typeof o === 'string') : [],
  };
}

export const scopeOf = (db: Db, bus: Bus, channel: { providerId: number }): ProviderScope => ({ db, bus, providerId: channel.providerId });

export interface StartVisitInput {
  name: string;
  phone?: string | null;
  email?: string | null;
}

/** A new visitor: a contact and its identity on the channel; answers the token, shown only now. */
export async function startVisit(db: Db, channel: WebchatChannel, input: StartVisitInput): Promise<{ token: string; visitor: Visitor }> {
  const token = newVisitorToken();
  const visitorId = visitorIdOf(token);
  const contactId = await db.transaction(async (tx) => {
    const values = { providerId: channel.providerId, name: input.name, email: input.email ?? null };
    // A phone already on another contact stays theirs: the visitor's contact is kept without it.
    let [contact] = input.phone
      ? await tx.insert(contacts).values({ ...values, phone: input.phone }).onConflictDoNothing().returning({ id: contacts.id })
      : [];
    contact ??= (await tx.insert(contacts).values(values).returning({ id: contacts.id }))[0];
    await tx.insert(contactIdentities).values({ providerId: channel.providerId, channelId: channel.id, externalId: visitorId, contactId: contact.id });
    return contact.id;
  });
  return { token, visitor: { providerId: channel.providerId, channelId: channel.id, visitorId, contactId, name: input.name } };
}

/** The visitor a token belongs to, on this channel only; anything else is unauthenticated. */
export async function findVisitor(db: Db, channel: WebchatChannel, token: string | undefined): Promise<Visitor> {
  if (!token || !TOKEN.test(token)) throw unknownVisitor();
  const visitorId = visitorIdOf(token);
  const [row] = await db
    .select({ contactId: contacts.id, name: contacts.name })
    .from(contactIdentities)
    .innerJoin(contacts, and(eq(contacts.providerId, contactIdentities.providerId), eq(contacts.id, contactIdentities.contactId)))
    .where(and(
      eq(contactIdentities.channelId, channel.id),
      eq(contactIdentities.externalId, visitorId),
      ofProvider(channel, contactIdentities.providerId),
    ));
  if (!row) throw unknownVisitor();
  return { providerId: channel.providerId, channelId: channel.id, visitorId, contactId: row.contactId, name: row.name };
}

const unknownVisitor = () => new AppError('unauthenticated', 'Sessão do chat inválida ou expirada; comece uma nova conversa.');
