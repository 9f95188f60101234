// /api/v1/bot: Administração > Bot, the bot's menu (administrators only); and the file it is exported
// to and imported from, portable between installations (sectors and motivo by name).
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { exportBotFlow } from '../bot/export-bot-flow.js';
import { getBotFlow } from '../bot/get-bot-flow.js';
import { importBotFlow } from '../bot/import-bot-flow.js';
import { saveBotFlow } from '../bot/save-bot-flow.js';
import { agentScope } from './auth.js';
import { BotExportShape, BotFlowShape } from '../../api/bot.js';

export function registerBotRoutes(app: FastifyInstance) {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['bot'];

  api.get('/api/v1/bot', {
    schema: { tags, summary: 'The bot\'s menu: greeting, identification, options, invalid answers, timeout, and whether it is on', response: { 200: BotFlowShape } },
  }, async (request) => getBotFlow(await agentScope(request)));
  api.put('/api/v1/bot', {
    schema: {
      tags, summary: 'Saves the bot\'s menu (every field; one left out takes its default). Sectors must be active and the timeout motivo apply to every sector',
      body: BotFlowShape, response: { 200: BotFlowShape },
    },
  }, async (request) => saveBotFlow(await agentScope(request), request.body));
  api.get('/api/v1/bot/export', {
    schema: { tags, summary: 'The bot\'s menu as a file (format "prosa-bot"), sectors and the timeout motivo named by name' },
  }, async (request, reply) => {
    const file = await exportBotFlow(await agentScope(request));
    // Indented: a file people open, read and sometimes edit by hand.
    return reply
      .header('content-disposition', 'attachment; filename="prosa-bot.json"')
      .type('application/json; charset=utf-8')
      .send(`${JSON.stringify(file, null, 2)}\n`);
  });
  api.post('/api/v1/bot/import', {
    schema: {
      tags, summary: 'Replaces the bot\'s menu with an exported file: names are matched to this provider\'s sectors and motivos (accents and case aside), then saved as PUT saves',
      body: BotExportShape, response: { 200: BotFlowShape },
    },
  }, async (request) => importBotFlow(await agentScope(request), request.body));
}
