// The chat's Ações on the provider's side: Contratos, Enviar boleto, Enviar notas fiscais,
// Conceder bônus, Novo atendimento — each a few lines over a use case in server/isp.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { fileStorageFor } from '../files/storage.js';
import { readClientAccount } from '../isp/client-account.js';
import { erpOf } from '../isp/erp-of.js';
import { grantBonus } from '../isp/grant-bonus.js';
import { conversationClient, refOf } from '../isp/linked-client.js';
import { openServiceOrder } from '../isp/open-service-order.js';
import { sendBoletos, sendNotas } from '../isp/send-documents.js';
import { agentScope } from './auth.js';
import { BonusShape, ClientAccountShape, ContractShape, Id, MessageShape, NotaShape, ServiceOrderShape } from '../../api/shapes.js';

const ById = z.object({ id: Id });
const Refs = z.array(z.string().trim().min(1).max(64)).min(1).max(10);
const tags = ['conversations'];

export function registerIspRoutes(app: FastifyInstance) {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const storage = app.deps.storage ?? fileStorageFor(app.deps.config);

  api.get('/api/v1/conversations/:id/account', {
    schema: {
      tags,
      summary: 'Contratos: the linked client, its contracts and open charges, read from the ERP now',
      params: ById,
      response: { 200: ClientAccountShape },
    },
  }, async (request) => readClientAccount(await agentScope(request), { conversationId: request.params.id }));

  api.get('/api/v1/conversations/:id/notas', {
    schema: { tags, summary: 'The linked client\'s notas fiscais (NFCom), newest first', params: ById, response: { 200: z.array(NotaShape) } },
  }, async (request) => {
    const scope = await agentScope(request);
    const { client } = await conversationClient(scope, request.params.id);
    return (await erpOf(scope.db, scope.providerId)).client.notas(refOf(client));
  });

  api.post('/api/v1/conversations/:id/boletos', {
    schema: {
      tags,
      summary: 'Enviar boleto: each charge\'s PDF, linha digitável and PIX copia-e-cola, on the conversation\'s channel',
      params: ById,
      body: z.object({ chargeRefs: Refs }),
      response: { 201: z.object({ messages: z.array(MessageShape) }) },
    },
  }, async (request, reply) => reply.status(201).send(
    await sendBoletos(await agentScope(request), storage, { conversationId: request.params.id, chargeRefs: request.body.chargeRefs })));

  api.post('/api/v1/conversations/:id/notas', {
    schema: {
      tags,
      summary: 'Enviar notas fiscais: each nota\'s DANFE-COM PDF, on the conversation\'s channel',
      params: ById,
      body: z.object({ notaRefs: Refs }),
      response: { 201: z.object({ messages: z.array(MessageShape) }) },
    },
  }, async (request, reply) => reply.status(201).send(
    await sendNotas(await agentScope(request), storage, { conversationId: request.params.id, notaRefs: request.body.notaRefs })));

  api.post('/api/v1/conversations/:id/bonus', {
    schema: {
      tags,
      summary: 'Conceder bônus: desbloqueio em confiança, desconto or dias extras on one of the client\'s contracts',
      params: ById,
      body: z.object({ contractId: Id, bonus: BonusShape }),
      response: { 201: z.object({ contract: ContractShape, message: MessageShape.nullable() }) },
    },
  }, async (request, reply) => reply.status(201).send(
    await grantBonus(await agentScope(request), { conversationId: request.params.id, contractId: request.body.contractId, bonus: request.body.bonus })));

  api.post('/api/v1/conversations/:id/service-orders', {
    schema: {
      tags,
      summary: 'Novo atendimento: a service order in the ERP, its protocolo posted in the conversation',
      params: ById,
      body: z.object({
        contractId: Id.nullable(),
        type: z.string().trim().min(1).max(60),
        subject: z.string().trim().min(1).max(120),
        description: z.string().trim().min(1).max(4000),
      }),
      response: { 201: z.object({ serviceOrder: ServiceOrderShape, message: MessageShape }) },
    },
  }, async (request, reply) => reply.status(201).send(
    await openServiceOrder(await agentScope(request), { conversationId: request.params.id, ...request.body })));
}
