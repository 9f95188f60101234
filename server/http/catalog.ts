// /api/v1 lists the desk picks from: sectors, users, channels, tags, motivos, quick replies, clients.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { listChannels, listEditableQuickReplies, listMotivos, listQuickReplies, listSectors, listTags, listUsers } from '../desk/catalog.js';
import { createMotivo } from '../desk/create-motivo.js';
import { createQuickReply } from '../desk/create-quick-reply.js';
import { createSector } from '../desk/create-sector.js';
import { createTag } from '../desk/create-tag.js';
import { listTagOverview } from '../desk/list-tag-overview.js';
import { updateMotivo } from '../desk/update-motivo.js';
import { updateQuickReply } from '../desk/update-quick-reply.js';
import { updateSector } from '../desk/update-sector.js';
import { updateTag } from '../desk/update-tag.js';
import { channelTemplates } from '../desk/reply-window.js';
import { findClients } from '../isp/find-clients.js';
import { agentScope } from './auth.js';
import {
  ChannelShape, ClientRefShape, Id, MotivoChangesShape, MotivoShape, NewMotivoShape, NewQuickReplyShape, NewSectorShape, NewTagShape, patchBody, QuickReplyChangesShape, QuickReplyShape,
  SectorChangesShape, SectorShape, TagChangesShape, TagOverviewShape, TagShape, TemplatesShape, UserShape,
} from '../../api/shapes.js';

export function registerCatalogRoutes(app: FastifyInstance) {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['catalog'];

  const search = z.object({ q: z.string().trim().max(100).optional() });
  api.get('/api/v1/sectors', {
    schema: { tags, summary: 'Sectors in their order, with their members (every agent); the Setores screen searches them', querystring: search, response: { 200: z.array(SectorShape) } },
  }, async (request) => listSectors(await agentScope(request), request.query));
  api.post('/api/v1/sectors', {
    schema: { tags, summary: 'Novo setor (administrators)', body: NewSectorShape, response: { 201: SectorShape } },
  }, async (request, reply) => reply.status(201).send(await createSector(await agentScope(request), request.body)));
  api.patch('/api/v1/sectors/:id', {
    schema: { tags, summary: 'Editar setor, and choose the default sector (administrators)', params: z.object({ id: Id }), body: patchBody(SectorChangesShape), response: { 200: SectorShape } },
  }, async (request) => updateSector(await agentScope(request), { id: request.params.id, ...request.body }));

  api.get('/api/v1/users', {
    schema: {
      tags,
      response: { 200: z.array(UserShape) },
    },
  }, async (request) => listUsers(await agentScope(request)));

  api.get('/api/v1/channels', {
    schema: { tags, response: { 200: z.array(ChannelShape) } },
  }, async (request) => listChannels(await agentScope(request)));

  api.get('/api/v1/channels/:id/templates', {
    schema: {
      tags,
      summary: 'A WhatsApp channel\'s approved templates, and whether a contact\'s 24-hour window is open ("+" Nova conversa)',
      params: z.object({ id: z.string().min(1).max(100) }),
      querystring: z.object({ contactId: Id.optional() }),
      response: { 200: TemplatesShape },
    },
  }, async (request) => channelTemplates(await agentScope(request), { channelId: request.params.id, contactId: request.query.contactId }));

  api.get('/api/v1/tags', {
    schema: { tags, summary: 'Etiquetas, for the chat\'s pickers and filters (every agent)', querystring: search, response: { 200: z.array(TagShape) } },
  }, async (request) => listTags(await agentScope(request), request.query));
  api.get('/api/v1/tags/overview', {
    schema: {
      tags, summary: 'The Etiquetas screen: every tag with how many conversations carry it (administrators)',
      querystring: search, response: { 200: z.array(TagOverviewShape) },
    },
  }, async (request) => listTagOverview(await agentScope(request), request.query));
  api.post('/api/v1/tags', {
    schema: { tags, body: NewTagShape, response: { 201: TagShape } },
  }, async (request, reply) => reply.status(201).send(await createTag(await agentScope(request), request.body)));
  api.patch('/api/v1/tags/:id', {
    schema: { tags, params: z.object({ id: Id }), body: patchBody(TagChangesShape), response: { 200: TagShape } },
  }, async (request) => updateTag(await agentScope(request), { id: request.params.id, ...request.body }));

  api.get('/api/v1/motivos', {
    schema: { tags, summary: 'Motivos, with the sectors each applies to (none: every sector)', querystring: search, response: { 200: z.array(MotivoShape) } },
  }, async (request) => listMotivos(await agentScope(request), request.query));
  api.post('/api/v1/motivos', {
    schema: { tags, body: NewMotivoShape, response: { 201: MotivoShape } },
  }, async (request, reply) => reply.status(201).send(await createMotivo(await agentScope(request), request.body)));
  api.patch('/api/v1/motivos/:id', {
    schema: { tags, params: z.object({ id: Id }), body: patchBody(MotivoChangesShape), response: { 200: MotivoShape } },
  }, async (request) => updateMotivo(await agentScope(request), { id: request.params.id, ...request.body }));

  api.get('/api/v1/quick-replies', {
    schema: { tags, summary: 'The quick replies this agent may use: everyone\'s, their sectors\', their own personal ones', response: { 200: z.array(QuickReplyShape) } },
  }, async (request) => listQuickReplies(await agentScope(request)));
  api.get('/api/v1/quick-replies/editable', {
    schema: {
      tags, summary: 'The Respostas Rápidas screen: the shared ones (administrators) and one\'s own personal ones',
      querystring: search, response: { 200: z.array(QuickReplyShape) },
    },
  }, async (request) => listEditableQuickReplies(await agentScope(request), request.query));
  api.post('/api/v1/quick-replies', {
    schema: { tags, summary: 'Nova resposta rápida: for everyone or a sector (administrators), or personal (anyone)', body: NewQuickReplyShape, response: { 201: QuickReplyShape } },
  }, async (request, reply) => reply.status(201).send(await createQuickReply(await agentScope(request), request.body)));
  api.patch('/api/v1/quick-replies/:id', {
    schema: { tags, params: z.object({ id: Id }), body: patchBody(QuickReplyChangesShape), response: { 200: QuickReplyShape } },
  }, async (request) => updateQuickReply(await agentScope(request), { id: request.params.id, ...request.body }));

  api.get('/api/v1/clients', {
    schema: {
      tags,
      summary: 'Vincular cliente: the provider\'s ERP searched by name, CPF/CNPJ or phone',
      querystring: z.object({ q: z.string().trim().min(1).max(100) }),
      response: { 200: z.array(ClientRefShape) },
    },
  }, async (request) => findClients(await agentScope(request), request.query));
}
