// /api/v1/contacts: search, Editar contato, Bloquear / desbloquear, and the Bloqueados list.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { blockContact, unblockContact } from '../desk/block-contact.js';
import { listBlocked, searchContacts, updateContact } from '../desk/contacts.js';
import { agentScope } from './auth.js';
import { BlockedContactShape, BlockStateShape, ContactShape, Id, PhoneShape, optionalBody, patchBody } from '../../api/shapes.js';

const tags = ['contacts'];
export function registerContactRoutes(app: FastifyInstance) {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get('/api/v1/contacts', {
    schema: {
      tags,
      querystring: z.object({ q: z.string().trim().min(1).max(100), limit: z.coerce.number().int().min(1).max(50).default(20) }),
      response: { 200: z.array(ContactShape) },
    },
  }, async (request) => searchContacts(await agentScope(request), request.query));

  api.patch('/api/v1/contacts/:id', {
    schema: {
      tags,
      summary: 'Editar contato',
      params: z.object({ id: Id }),
      body: patchBody({
        name: z.string().trim().min(1).max(120).optional(),
        phone: PhoneShape.nullable().optional(),
        email: z.string().trim().email().max(200).nullable().optional(),
      }),
      response: { 200: ContactShape },
    },
  }, async (request) => updateContact(await agentScope(request), { contactId: request.params.id, ...request.body }));

  api.post('/api/v1/contacts/:id/block', {
    schema: {
      tags,
      summary: 'Bloquear contato',
      params: z.object({ id: Id }),
      body: optionalBody(z.object({ reason: z.string().trim().max(500).optional(), conversationId: Id.optional() })),
      response: { 200: BlockStateShape },
    },
  }, async (request) => blockContact(await agentScope(request), { contactId: request.params.id, ...request.body }));

  api.delete('/api/v1/contacts/:id/block', {
    schema: { tags, summary: 'Desbloquear contato', params: z.object({ id: Id }), response: { 200: BlockStateShape } },
  }, async (request) => unblockContact(await agentScope(request), { contactId: request.params.id }));

  api.get('/api/v1/blocked-contacts', {
    schema: {
      tags,
      summary: 'Bloqueados',
      response: {
        200: z.array(BlockedContactShape),
      },
    },
  }, async (request) => listBlocked(await agentScope(request)));
}
