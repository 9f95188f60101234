// "+": an agent starts a conversation with an existing contact or a new name and number, on a
// channel and sector, with a first message. It opens in Abertos with the creator as responsável.
// On WhatsApp, a contact who has not written in the last 24 hours can only be reached with an
// approved template: the first message is then the template, and no free text goes before it.
import { clientIdOfPhone } from '../isp/client-by-phone.js';
import { and, eq, sql } from 'drizzle-orm';
import { channels, contactIdentities, contacts, conversations, sectors } from '../db/schema.js';
import { AppError, notFound } from '../errors.js';
import { openConversation } from './open-conversation.js';
import { emitConversation, queueOutbound, toMessageView } from './records.js';
import { ofProvider, seesEverySector, type AgentScope, sameRow } from '../tenancy/scope.js';
import { inTransaction } from './unit-of-work.js';
import { fillTemplate, requireWindowOpen, windowOf, type TemplateMessage } from './reply-window.js';
import { capabilitiesOf } from '../channels/capabilities.js';

export type StartConversationInput = {
  contact: { id: number } | { name: string; phone: string };
  channelId: string;
  sectorId: number;
} & (
  | { body: string; templateName?: undefined }
  | { templateName: string; params: string[]; body?: undefined }
);

export async function startConversation(scope: AgentScope, input: StartConversationInput) {
  return inTransaction(scope, async (tx, emit) => {
    const [channel] = await tx
      .select()
      .from(channels)
      .where(and(ofProvider(scope, channels.providerId), eq(channels.id, input.channelId), eq(channels.active, true)));
    if (!channel) throw notFound('Canal');
    const [sector] = await tx
      .select()
      .from(sectors)
      .where(and(ofProvider(scope, sectors.providerId), eq(sectors.id, input.sectorId), eq(sectors.active, true)));
    if (!sector) throw notFound('Setor');
    if (!sector.attends) throw new AppError('validation_failed', `O setor ${sector.name} só agrupa pessoas: ele não recebe conversas.`);
    if (!seesEverySector(scope.actor) && !scope.actor.sectorIds.includes(sector.id)) {
      throw new AppError('forbidden', 'Você não atende este setor.');
    }

    let contact: typeof contacts.$inferSelect | undefined;
    if ('id' in input.contact) {
      [contact] = await tx
        .select()
        .from(contacts)
        .where(and(ofProvider(scope, contacts.providerId), eq(contacts.id, input.contact.id)));
      if (!contact) throw notFound('Contato');
    } else {
      const { name, phone } = input.contact;
      [contact] = await tx
        .select()
        .from(contacts)
        .where(and(ofProvider(scope, contacts.providerId), eq(contacts.phone, phone)));
      contact ??= (await tx.insert(contacts).values({ providerId: scope.providerId, name, phone, clientId: await clientIdOfPhone(tx, scope.providerId, phone) }).returning())[0];
    }
    if (contact.blocked) throw new AppError('contact_blocked', 'Este contato está bloqueado.');

    // How to reach the contact on this channel: a known identity, or (where the channel starts by
    // phone number: WhatsApp) the number itself.
    const [identity] = await tx
      .select()
      .from(contactIdentities)
      .where(and(eq(contactIdentities.channelId, channel.id), eq(contactIdentities.contactId, contact.id)));
    if (!identity) {
      if (!capabilitiesOf(channel).startsByPhone || !contact.phone) {
        throw new AppError('channel_cannot_start', 'Este contato ainda não escreveu por este canal; não é possível iniciar a conversa por ele.');
      }
      await tx
        .insert(contactIdentities)
        .values({ providerId: scope.providerId, channelId: channel.id, externalId: contact.phone, contactId: contact.id })
        .onConflictDoNothing();
    }

    const [live] = await tx
      .select({ id: conversations.id })
      .from(conversations)
      .where(and(ofProvider(scope, conversations.providerId), eq(conversations.contactId, contact.id), sql`${conversations.situacao} <> 'finalizada'`));
    if (live) {
      throw new AppError('contact_has_live_conversation', 'Este contato já tem uma conversa em andamento.', { conversationId: live.id });
    }

    const window = await windowOf(tx, channel, contact.id);
    let template: TemplateMessage | null = null;
    if (input.templateName !== undefined) template = fillTemplate(channel, input.templateName, input.params);
    else requireWindowOpen(window);

    const { conversation, opened } = await openConversation(tx, scope, emit, {
      contactId: contact.id,
      channelId: channel.id,
      situacao: 'chat',
      sectorId: sector.id,
      responsavelId: scope.actor.userId,
      createdBy: scope.actor.userId,
      clientId: contact.clientId,
      // The protocol is free text: outside the window Meta would refuse it.
      sendProtocol: window.open,
    });
    if (!opened) {
      throw new AppError('contact_has_live_conversation', 'Este contato já tem uma conversa em andamento.', { conversationId: conversation.id });
    }
    const message = await queueOutbound(tx, scope, emit, {
      conversation,
      authorKind: 'agent',
      authorUserId: scope.actor.userId,
      ...(template ? { type: 'template', body: template.body, meta: template.meta } : { type: 'text', body: input.body! }),
    });
    await tx.update(conversations).set({ firstResponseAt: message.createdAt }).where(sameRow(conversations, conversation));
    const summary = await emitConversation(tx, scope, emit, conversation.id, 'conversation.created');
    return { conversation: summary, message: toMessageView(message) };
  });
}
