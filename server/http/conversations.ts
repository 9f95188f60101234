// /api/v1/conversations: the tabs, one conversation, its messages and search, and every action.
import { TABS } from '../../api/screens.js';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { assumeConversation } from '../desk/assume-conversation.js';
import { closeConversation } from '../desk/close-conversation.js';
import { editConversation } from '../desk/edit-conversation.js';
import { listConversations } from '../desk/list-conversations.js';
import { markRead } from '../desk/mark-read.js';
import { getConversation, listMessages, searchHistory } from '../desk/read-conversation.js';
import { renderQuickReply } from '../desk/render-quick-reply.js';
import { sendMessage } from '../desk/send-message.js';
import { setMotivo } from '../desk/set-motivo.js';
import { startConversation } from '../desk/start-conversation.js';
import { addTag, removeTag } from '../desk/tag-conversation.js';
import { transferConversation } from '../desk/transfer-conversation.js';
import { conversationTemplates } from '../desk/reply-window.js';
import { agentScope } from './auth.js';
import {
  ConversationDetailShape,
  ConversationListShape,
  ConversationSummaryShape,
  Id,
  MessageShape,
  MessagesPageShape,
  PhoneShape,
  RenderedQuickReplyShape,
  SearchResultShape,
  SituacaoShape,
  TemplatesShape,
  optionalBody,
  patchBody,
} from '../../api/shapes.js';

const ById = z.object({ id: Id });
/** An agent's reply and a file's caption: up to four messages of WhatsApp's or Telegram's. */
const MAX_REPLY = 16_384;
const MAX_REPLY_CAPTION = 4096;
const TemplateParams = z.array(z.string().max(1024)).max(20);
const tags = ['conversations'];

export function registerConversationRoutes(app: FastifyInstance) {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get('/api/v1/conversations', {
    schema: {
      tags,
      summary: 'Fila / Abertos / Fechados, with filters, cursor pagination and the tabs\' counts',
      querystring: z.object({
        tab: z.enum(TABS).default('fila'),
        q: z.string().max(100).optional(),
        responsavelId: Id.optional(),
        sectorId: Id.optional(),
        tagId: Id.optional(),
        channelId: z.string().max(100).optional(),
        cursor: z.string().max(200).optional(),
        limit: z.coerce.number().int().min(1).max(100).default(30),
      }),
      response: { 200: ConversationListShape },
    },
  }, async (request) => listConversations(await agentScope(request), request.query));

  api.post('/api/v1/conversations', {
    schema: {
      tags,
      summary: 'Nova conversa ("+"): opens in Abertos with the creator as responsável',
      body: z.object({
        contact: z.union([
          z.object({ id: Id }),
          z.object({ name: z.string().trim().min(1).max(120), phone: PhoneShape }),
        ]),
        channelId: z.string().min(1).max(100),
        sectorId: Id,
        // A free-text first message, or (WhatsApp, outside the contact's 24-hour window) a template.
        body: z.string().trim().min(1).max(4096).optional(),
        templateName: z.string().min(1).max(512).optional(),
        params: TemplateParams.optional(),
      }).refine((b) => (b.body === undefined) !== (b.templateName === undefined), 'informe body ou templateName (um dos dois)'),
      response: { 201: z.object({ conversation: ConversationSummaryShape, message: MessageShape }) },
    },
  }, async (request, reply) => {
    const { body, templateName, params, ...rest } = request.body;
    const first = templateName === undefined ? { body: body! } : { templateName, params: params ?? [] };
    return reply.status(201).send(await startConversation(await agentScope(request), { ...rest, ...first }));
  });

  api.get('/api/v1/conversations/:id', {
    schema: { tags, params: ById, response: { 200: ConversationDetailShape } },
  }, async (request) => getConversation(await agentScope(request), { conversationId: request.params.id }));

  api.get('/api/v1/conversations/:id/messages', {
    schema: {
      tags,
      summary: 'A page of messages, oldest first; without `before`, the newest page',
      params: ById,
      querystring: z.object({ before: Id.optional(), limit: z.coerce.number().int().min(1).max(200).default(50) }),
      response: { 200: MessagesPageShape },
    },
  }, async (request) => listMessages(await agentScope(request), { conversationId: request.params.id, ...request.query }));

  api.get('/api/v1/conversations/:id/search', {
    schema: {
      tags,
      summary: 'Buscar na conversa: matches in this conversation and the contact\'s earlier ones',
      params: ById,
      querystring: z.object({ q: z.string().trim().min(1).max(200) }),
      response: { 200: SearchResultShape },
    },
  }, async (request) => searchHistory(await agentScope(request), { conversationId: request.params.id, q: request.query.q }));

  api.post('/api/v1/conversations/:id/messages', {
    schema: {
      tags,
      summary: 'Reply (text, quick reply, or an uploaded file with an optional caption) or internal note',
      params: ById,
      // `replyToMessageId` (not on notes): a message of this conversation the reply answers, quoted to the contact.
      body: z.discriminatedUnion('kind', [
        // A reply past a channel's limit per message (4,096 on WhatsApp and Telegram) goes in parts.
        z.object({ kind: z.literal('text'), body: z.string().trim().min(1).max(MAX_REPLY), replyToMessageId: Id.nullish() }),
        z.object({ kind: z.literal('note'), body: z.string().trim().min(1).max(4096) }),
        z.object({ kind: z.literal('quick_reply'), quickReplyId: Id, replyToMessageId: Id.nullish() }),
        // The file was uploaded first (POST /api/v1/files); a caption past the channel's limit (1,024)
        // goes as a text after the file.
        z.object({ kind: z.literal('file'), fileId: Id, caption: z.string().trim().max(MAX_REPLY_CAPTION).nullish(), replyToMessageId: Id.nullish() }),
        // WhatsApp: an approved template of the channel, the only reply outside the 24-hour window.
        z.object({ kind: z.literal('template'), templateName: z.string().min(1).max(512), params: TemplateParams.default([]), replyToMessageId: Id.nullish() }),
      ]),
      response: { 201: MessageShape },
    },
  }, async (request, reply) =>
    reply.status(201).send(await sendMessage(await agentScope(request), { conversationId: request.params.id, ...request.body })));

  api.get('/api/v1/conversations/:id/templates', {
    schema: {
      tags,
      summary: 'WhatsApp: whether the contact\'s 24-hour window is open, and the approved templates for outside it',
      params: ById,
      response: { 200: TemplatesShape },
    },
  }, async (request) => conversationTemplates(await agentScope(request), { conversationId: request.params.id }));

  api.get('/api/v1/conversations/:id/quick-replies/:quickReplyId', {
    schema: {
      tags,
      summary: 'A quick reply filled in for this conversation, for the composer',
      params: z.object({ id: Id, quickReplyId: Id }),
      response: { 200: RenderedQuickReplyShape },
    },
  }, async (request) => renderQuickReply(await agentScope(request), { conversationId: request.params.id, quickReplyId: request.params.quickReplyId }));

  const summary = { 200: ConversationSummaryShape };

  api.post('/api/v1/conversations/:id/assume', {
    schema: { tags, summary: 'Assumir: take it from the Fila', params: ById, response: summary },
  }, async (request) => assumeConversation(await agentScope(request), { conversationId: request.params.id }));

  api.post('/api/v1/conversations/:id/transfer', {
    schema: {
      tags,
      params: ById,
      body: z.object({ toUserId: Id.optional(), toSectorId: Id.optional() })
        .refine((b) => b.toUserId !== undefined || b.toSectorId !== undefined, 'informe toUserId ou toSectorId'),
      response: summary,
    },
  }, async (request) => transferConversation(await agentScope(request), { conversationId: request.params.id, ...request.body }));

  api.put('/api/v1/conversations/:id/motivo', {
    schema: { tags, params: ById, body: z.object({ motivoId: Id }), response: summary },
  }, async (request) => setMotivo(await agentScope(request), { conversationId: request.params.id, motivoId: request.body.motivoId }));

  api.post('/api/v1/conversations/:id/tags', {
    schema: { tags, params: ById, body: z.object({ tagId: Id }), response: summary },
  }, async (request) => addTag(await agentScope(request), { conversationId: request.params.id, tagId: request.body.tagId }));

  api.delete('/api/v1/conversations/:id/tags/:tagId', {
    schema: { tags, params: z.object({ id: Id, tagId: Id }), response: summary },
  }, async (request) => removeTag(await agentScope(request), { conversationId: request.params.id, tagId: request.params.tagId }));

  api.patch('/api/v1/conversations/:id', {
    schema: {
      tags,
      summary: 'Editar conversa: client, sector, motivo, atendente, situação',
      params: ById,
      body: patchBody({
        clientRef: z.string().trim().min(1).max(64).nullable().optional(),
        sectorId: Id.optional(),
        motivoId: Id.optional(),
        responsavelId: Id.optional(),
        situacao: SituacaoShape.optional(),
      }),
      response: summary,
    },
  }, async (request) => editConversation(await agentScope(request), { conversationId: request.params.id, ...request.body }));

  api.post('/api/v1/conversations/:id/close', {
    schema: {
      tags,
      summary: 'Fechar conversa: needs a motivo; sends the closing message',
      params: ById,
      body: optionalBody(z.object({ motivoId: Id.optional() })),
      response: summary,
    },
  }, async (request) => closeConversation(await agentScope(request), { conversationId: request.params.id, motivoId: request.body.motivoId }));

  api.post('/api/v1/conversations/:id/read', {
    schema: { tags, params: ById, response: { 200: z.object({ unreadCount: z.number() }) } },
  }, async (request) => markRead(await agentScope(request), { conversationId: request.params.id }));
}
