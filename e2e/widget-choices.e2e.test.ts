// The widget's side of a bot's question, in a real browser: the options as buttons, the older
// question's disabled, and a press sent as the option's title with its id. Prosa's /webchat answers
// are played by the test (page.route), shaped as api/webchat.ts says; the server's side of the same
// exchange is tested in server/channels/webchat/webchat.test.ts.
import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { chromium } from 'playwright-core';
import type { VisitorMessage } from '../api/webchat.js';

const widget = readFileSync(new URL('../dist/widget/widget.js', import.meta.url), 'utf8');
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
afterAll(() => browser.close());

const ORIGIN = 'https://prosa.example';
const at = new Date('2025-06-02T13:00:00Z').toISOString();
const message = (id: number, fields: Partial<VisitorMessage>): VisitorMessage => ({
  id, direction: 'out', authorKind: 'bot', type: 'text', body: null, file: null, status: 'sent', choices: null, quote: null, createdAt: at, ...fields,
});
const HISTORY: VisitorMessage[] = [
  message(1, { direction: 'in', authorKind: 'contact', body: 'oi', status: null }),
  message(2, {
    body: 'Você é cliente?\n\n1. Sim\n2. Não',
    choices: { prompt: 'Você é cliente?', options: [{ id: 'sim', title: 'Sim' }, { id: 'nao', title: 'Não' }] },
  }),
  message(3, { direction: 'in', authorKind: 'contact', body: 'Sim', status: null }),
  message(4, {
    body: 'Como posso ajudar?\n\n1. 2ª via do boleto\n2. Falar com atendente',
    choices: { prompt: 'Como posso ajudar?', options: [{ id: 'boleto', title: '2ª via do boleto' }, { id: 'atendente', title: 'Falar com atendente' }] },
  }),
];

/** The widget on a page of the provider's site, its /webchat answers played from `history`; answers what it posted. */
async function openWidget(history: VisitorMessage[]) {
  const context = await browser.newContext({ locale: 'pt-BR' });
  const page = await context.newPage();
  const posted: unknown[] = [];
  await page.addInitScript(() => {
    localStorage.setItem('prosa.webchat.site', 'token-do-visitante');
    sessionStorage.setItem('prosa.webchat.site.open', '1');
  });
  await page.route(`${ORIGIN}/**`, async (route) => {
    const request = route.request();
    const path = new URL(request.url()).pathname;
    const json = (body: unknown, status = 200) => route.fulfill({ status, contentType: 'application/json', body: JSON.stringify(body) });
    if (path === '/site') return route.fulfill({ contentType: 'text/html', body: `<!doctype html><title>Provedor</title><script src="${ORIGIN}/widget.js" data-channel="site" async></script>` });
    if (path === '/widget.js') return route.fulfill({ contentType: 'text/javascript', body: widget });
    if (path === '/webchat/site/config') return json({ providerName: 'Provedor Exemplo', title: 'Chat', greeting: 'Olá!', color: '#0f766e' });
    if (path === '/webchat/site/messages' && request.method() === 'GET') return json({ name: 'Visitante', messages: history, cursor: 0 });
    if (path === '/webchat/site/messages') {
      const body = request.postDataJSON();
      posted.push(body);
      return json(message(5, { direction: 'in', authorKind: 'contact', body: body.body, status: null }), 201);
    }
    if (path === '/webchat/site/stream') return route.fulfill({ contentType: 'text/event-stream', body: 'retry: 3000\n\n' });
    return json({ updated: 0 });
  });
  await page.goto(`${ORIGIN}/site`);
  return { context, page, posted };
}

describe("the widget and a bot's question", () => {
  it('shows the options of the last question as buttons, and sends the one pressed with its id', async () => {
    const { context, page, posted } = await openWidget(HISTORY);
    const log = page.getByRole('dialog', { name: 'Chat com Provedor Exemplo' }).getByRole('log', { name: 'Mensagens' });
    const boleto = log.getByRole('button', { name: '2ª via do boleto' });
    const atendente = log.getByRole('button', { name: 'Falar com atendente' });
    await expect.poll(() => atendente.count(), { timeout: 10_000 }).toBe(1);
    // The prompt, then the buttons: the numbered list of the body is not shown twice.
    expect(await log.textContent()).toContain('Como posso ajudar?');
    expect(await log.textContent()).not.toContain('1. 2ª via do boleto');
    expect(await boleto.isEnabled()).toBe(true);
    expect(await atendente.isEnabled()).toBe(true);
    // The earlier question was answered already: its buttons are there, and cannot be pressed.
    expect(await log.getByRole('button', { name: 'Sim' }).isDisabled()).toBe(true);
    expect(await log.getByRole('button', { name: 'Não' }).isDisabled()).toBe(true);

    await atendente.click();
    await expect.poll(() => posted.length).toBe(1);
    expect(posted[0]).toEqual({ body: 'Falar com atendente', clientId: expect.stringMatching(/^[0-9a-f]{24}$/), replyId: 'atendente' });
    // The visitor's answer is now the last message: the question's buttons are done.
    await expect.poll(() => atendente.isDisabled()).toBe(true);
    expect(await boleto.isDisabled()).toBe(true);
    expect(await log.locator('li').last().textContent()).toContain('Falar com atendente');
    await context.close();
  });
});

describe("the widget and an agent's reply to one message", () => {
  it('shows the message it answers above it', async () => {
    const { context, page } = await openWidget([
      message(1, { direction: 'in', authorKind: 'contact', body: 'A fatura veio em dobro', status: null }),
      message(2, {
        authorKind: 'agent', body: 'Vou corrigir agora.',
        quote: { messageId: 1, authorKind: 'contact', authorName: null, type: 'text', excerpt: 'A fatura veio em dobro' },
      }),
    ]);
    const log = page.getByRole('dialog', { name: 'Chat com Provedor Exemplo' }).getByRole('log', { name: 'Mensagens' });
    const reply = log.locator('li').filter({ hasText: 'Vou corrigir agora.' });
    await expect.poll(() => reply.locator('blockquote').count(), { timeout: 10_000 }).toBe(1);
    expect(await reply.locator('blockquote').textContent()).toBe('VocêA fatura veio em dobro');
    expect(await log.locator('li').first().locator('blockquote').count()).toBe(0);
    await context.close();
  });
});
