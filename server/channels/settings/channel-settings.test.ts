// Canais through the API, against the stand-ins of Meta's Graph API and Telegram's Bot API on ports of
// their own: channels created and edited by an administrator, secrets that never come back, and
// "Testar conexão" saying in Portuguese what the service refused.
import { afterAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { channels } from '../../db/schema.js';
import { readFileSync } from 'node:fs';
import { startGraphStandIn, type ListedTemplate } from '../../demo/whatsapp/stand-in.js';
import { startTelegramStandIn } from '../../demo/telegram/stand-in.js';
import { createHarness } from '../../../test/support/harness.js';

const NUMBER_ID = '106540352242922';
const TOKEN = 'EAAG-token-de-teste-do-canal';
const APP_SECRET = '0123456789abcdef0123456789abcdef';
const BOT = '7012345678:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw1';

const WABA_ID = '102290129340398';
/** Meta's list of the account's templates, as its documentation shows it (see test/support/fixtures/whatsapp/README.md). */
const listed = JSON.parse(readFileSync(new URL('../../../test/support/fixtures/whatsapp/message_templates.json', import.meta.url), 'utf8')) as { data: ListedTemplate[] };

const h = await createHarness();
const graph = await startGraphStandIn({
  accessToken: TOKEN, phoneNumberIds: [NUMBER_ID], verifiedName: 'Fibra Já Telecom', displayPhoneNumber: '+55 19 3333-4444',
  // More than one page of Meta's (25), so the cursors are followed.
  businessAccounts: { [WABA_ID]: [...listed.data, ...Array.from({ length: 25 }, (_, i) => ({ ...listed.data[3], name: `pendente_${i}` }))] },
});
const telegram = await startTelegramStandIn({ tokens: [BOT] });
h.app.deps.channelApis = { whatsapp: graph.url, telegram: telegram.url };
afterAll(async () => {
  await graph.close();
  await telegram.close();
});

describe('a WhatsApp number', () => {
  it('is created with a verify token of its own and a callback URL to paste in Meta\'s panel; its secrets never come back', async () => {
    const p = await h.provider();
    const admin = await h.login(p.users.admin);
    const created = await admin.post('/api/v1/channel-settings', { kind: 'whatsapp', name: 'WhatsApp Vendas', phoneNumberId: NUMBER_ID, accessToken: TOKEN, appSecret: APP_SECRET });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ kind: 'whatsapp', name: 'WhatsApp Vendas', phoneNumberId: NUMBER_ID, accessTokenSet: true, appSecretSet: true, active: true });
    expect(created.body.verifyToken).toMatch(/^[0-9a-f]{32}$/);
    expect(created.body.callbackUrl).toBe(`http://localhost:80/webhooks/whatsapp/${created.body.id}`);
    const listed = await admin.get('/api/v1/channel-settings');
    for (const answer of [JSON.stringify(created.body), JSON.stringify(listed.body)]) {
      expect(answer).not.toContain(TOKEN);
      expect(answer).not.toContain(APP_SECRET);
    }
    // Everyone's channel list (the chat's filters) now has it too.
    expect((await (await h.login(p.users.ana)).get('/api/v1/channels')).body.map((c: { name: string }) => c.name)).toContain('WhatsApp Vendas');

    const tested = await admin.post(`/api/v1/channel-settings/${created.body.id}/test`);
    expect(tested.status).toBe(200);
    expect(tested.body.summary).toBe('Conectado ao número +55 19 3333-4444 (Fibra Já Telecom), qualidade GREEN.');
    expect(graph.standIn.requests.filter((r) => r.kind === 'phone_number').at(-1)).toMatchObject({ id: NUMBER_ID });
  });

  it('says in Portuguese when Meta refuses the token or does not know the number, and keeps a secret left out as it was', async () => {
    const p = await h.provider();
    const admin = await h.login(p.users.admin);
    const { body: channel } = await admin.post('/api/v1/channel-settings', { kind: 'whatsapp', name: 'WhatsApp', phoneNumberId: NUMBER_ID, accessToken: 'EAAG-um-token-que-expirou', appSecret: APP_SECRET });
    const refused = await admin.post(`/api/v1/channel-settings/${channel.id}/test`);
    expect(refused.status).toBe(422);
    expect(refused.body.error).toMatchObject({ code: 'channel_check_failed', message: expect.stringContaining('A Meta recusou o token de acesso') });

    expect((await admin.request('PATCH', `/api/v1/channel-settings/${channel.id}`, { accessToken: TOKEN, phoneNumberId: '999999999999' })).status).toBe(200);
    const unknown = await admin.post(`/api/v1/channel-settings/${channel.id}/test`);
    expect(unknown.body.error.message).toContain('A Meta não encontrou este Phone number ID');

    expect((await admin.request('PATCH', `/api/v1/channel-settings/${channel.id}`, { phoneNumberId: NUMBER_ID })).status).toBe(200);
    expect((await admin.post(`/api/v1/channel-settings/${channel.id}/test`)).status).toBe(200);
    const [row] = await h.database.db.select().from(channels).where(eq(channels.id, channel.id));
    expect(row.secrets).toEqual({ accessToken: TOKEN, appSecret: APP_SECRET });
  });
});

describe('the approved templates of a WhatsApp number', () => {
  it('are fetched from Meta\'s list of the account, keeping the approved ones with numbered variables and saying why the others were left out', async () => {
    const p = await h.provider();
    const admin = await h.login(p.users.admin);
    const created = await admin.post('/api/v1/channel-settings', { kind: 'whatsapp', name: 'WhatsApp Cobrança', phoneNumberId: NUMBER_ID, accessToken: TOKEN, appSecret: APP_SECRET });
    const url = `/api/v1/channel-settings/${created.body.id}/templates`;
    // Without the account's id there is nowhere to ask.
    const unnamed = await admin.post(url);
    expect(unnamed.status).toBe(422);
    expect(unnamed.body.error.message).toMatch(/ID da conta do WhatsApp Business/);
    expect((await admin.request('PATCH', `/api/v1/channel-settings/${created.body.id}`, { businessAccountId: '999999999' })).status).toBe(200);
    expect((await admin.post(url)).body.error.message).toMatch(/não encontrou esta conta do WhatsApp Business/);

    expect((await admin.request('PATCH', `/api/v1/channel-settings/${created.body.id}`, { businessAccountId: WABA_ID })).body.businessAccountId).toBe(WABA_ID);
    const synced = await admin.post(url);
    expect(synced.status).toBe(200);
    expect(synced.body.templates).toEqual([
      { name: 'fatura_disponivel', language: 'pt_BR', body: 'Olá {{1}}! A sua fatura de {{2}} já está disponível. Responda esta mensagem para recebê-la por aqui.', params: 2 },
      { name: 'retomar_atendimento', language: 'pt_BR', body: 'Olá {{1}}, aqui é {{2}} do seu provedor. Podemos continuar o atendimento do protocolo {{3}}?', params: 3 },
    ]);
    const reasons = Object.fromEntries(synced.body.skipped.map((s: { name: string; reason: string }) => [s.name, s.reason]));
    expect(reasons.reservation_confirmation).toMatch(/variáveis com nome/);
    expect(reasons.promocao_fibra).toMatch(/PENDING/);
    expect(reasons.segunda_via_link).toMatch(/botão leva variável/);
    expect(reasons.pendente_24).toMatch(/PENDING/);
    // Both of Meta's pages were read.
    expect(synced.body.skipped).toHaveLength(28);
    // What the composer offers outside the 24-hour window is now this list.
    expect((await admin.get('/api/v1/channel-settings')).body.find((c: { id: string }) => c.id === created.body.id).templates.map((t: { name: string }) => t.name))
      .toEqual(['fatura_disponivel', 'retomar_atendimento']);
    // A Telegram bot has no templates; someone else's channel does not exist.
    expect((await admin.post(`/api/v1/channel-settings/${p.channels.telegram}/templates`)).status).toBe(400);
    const other = await h.login((await h.provider()).users.admin);
    expect((await other.post(url)).status).toBe(404);
    expect((await (await h.login(p.users.supervisor)).post(url)).status).toBe(403);
  });
});

describe('a Telegram bot', () => {
  it('needs only its token: Prosa checks it and points the bot\'s webhook at itself with a secret it made', async () => {
    const p = await h.provider();
    const admin = await h.login(p.users.admin);
    const created = await admin.post('/api/v1/channel-settings', { kind: 'telegram', name: 'Telegram', botToken: BOT });
    expect(created.status).toBe(201);
    expect(created.body.botUsername).toMatch(/^prosa_demo_\d+_bot$/);
    expect(created.body.webhookUrl).toBe(`http://localhost:80/webhooks/telegram/${created.body.id}`);
    const webhook = telegram.standIn.webhookOf(BOT)!;
    expect(webhook.url).toBe(created.body.webhookUrl);
    const [row] = await h.database.db.select().from(channels).where(eq(channels.id, created.body.id));
    expect(webhook.secretToken).toBe((row.secrets as { webhookSecret: string }).webhookSecret);
    expect(webhook.secretToken).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(JSON.stringify(created.body)).not.toContain(BOT.split(':')[1]);
    const tested = await admin.post(`/api/v1/channel-settings/${created.body.id}/test`);
    expect(tested.body.summary).toContain(`Conectado ao bot @${created.body.botUsername}`);
  });

  it('refuses a token Telegram does not know, and stores no channel', async () => {
    const p = await h.provider();
    const admin = await h.login(p.users.admin);
    const refused = await admin.post('/api/v1/channel-settings', { kind: 'telegram', name: 'Telegram', botToken: '7099999999:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw9' });
    expect(refused.status).toBe(422);
    expect(refused.body.error.message).toContain('O Telegram recusou o token do bot');
    expect((await admin.get('/api/v1/channel-settings')).body.filter((c: { kind: string }) => c.kind === 'telegram').map((c: { name: string }) => c.name))
      .toEqual(['Telegram']); // the provider's own, from before
  });
});

describe('the site\'s web chat', () => {
  it('keeps its colour, greeting and allowed sites, and gives the <script> line to paste', async () => {
    const p = await h.provider();
    const admin = await h.login(p.users.admin);
    const created = await admin.post('/api/v1/channel-settings', {
      kind: 'webchat', name: 'Chat do site', color: '#1d4ed8', greeting: 'Oi! Em que podemos ajudar?', allowedOrigins: ['https://www.fibraja.com.br/'],
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ color: '#1d4ed8', allowedOrigins: ['https://www.fibraja.com.br'] });
    expect(created.body.script).toBe(`<script src="http://localhost:80/widget.js" data-channel="${created.body.id}" async></script>`);
    const edited = await admin.request('PATCH', `/api/v1/channel-settings/${created.body.id}`, { greeting: 'Boa tarde!' });
    expect(edited.body.greeting).toBe('Boa tarde!');
    const withPath = await admin.post('/api/v1/channel-settings', { kind: 'webchat', name: 'X', color: '#000000', greeting: 'oi', allowedOrigins: ['https://site.com/pagina'] });
    expect(withPath.status).toBe(400);
    const wrongKind = await admin.request('PATCH', `/api/v1/channel-settings/${created.body.id}`, { botToken: BOT });
    expect(wrongKind.status).toBe(400);
  });
});

describe('who may', () => {
  it('lets only administrators see or change channel settings, and only their own provider\'s', async () => {
    const p = await h.provider();
    const other = await h.provider();
    for (const user of [p.users.supervisor, p.users.ana]) {
      const someone = await h.login(user);
      expect((await someone.get('/api/v1/channel-settings')).status).toBe(403);
      expect((await someone.post('/api/v1/channel-settings', { kind: 'webchat', name: 'Chat', color: '#000000', greeting: 'oi', allowedOrigins: [] })).status).toBe(403);
    }
    const stranger = await h.login(other.users.admin);
    expect((await stranger.request('PATCH', `/api/v1/channel-settings/${p.channels.webchat}`, { name: 'Meu agora' })).status).toBe(404);
    expect((await stranger.post(`/api/v1/channel-settings/${p.channels.whatsapp}/test`)).status).toBe(404);
  });
});
