// What the subscriber meant, on the agent's screen in a real browser: a reply quoting the agent's
// message, a location as a map link, a reaction on the message it reacts to; and the agent answering
// one message with "Responder", which reaches Meta's stand-in as context.message_id.
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { content, message, messagesPayload, signedWebhook } from '../server/demo/whatsapp/meta-payloads.js';
import { startProsa } from './support/prosa.js';

const prosa = await startProsa();
const GRAPH = `${prosa.url}/_demo/graph`;
const NAME = 'Rosana Quintela';
const PHONE = '(11) 98765-4321';

const log = (page: Page) => page.getByRole('log', { name: 'Mensagens' });
/** The bubble whose own text this is (a reply quoting it also contains the text). */
const bubble = (page: Page, text: string) => log(page).getByRole('article').filter({ has: page.locator('p.body', { hasText: text }) }).last();

type Sent = { kind: string; id?: string; body: Record<string, any> };
const sent = async () => ((await (await fetch(`${GRAPH}/_sent`)).json()) as { requests: Sent[] }).requests.filter((r) => r.kind === 'message');

/** The subscriber's WhatsApp posts these messages to Prosa's webhook, signed as Meta does (a moment ahead: stored as received now, in order). */
async function subscriberSends(waId: string, ...bodies: Record<string, unknown>[]) {
  const items = bodies.map((body) => message(waId, body, { at: Date.now() + 2000 }));
  const payload = messagesPayload({ phoneNumberId: '100000000000001' }, { waId, name: NAME }, items);
  const { body, headers } = signedWebhook(payload, 'demo-app-secret');
  const response = await fetch(`${prosa.url}/webhooks/whatsapp/demo-whatsapp`, { method: 'POST', headers, body });
  expect(response.status).toBe(200);
  return items.map((m) => m.id as string);
}

describe('what the subscriber meant, and Responder', () => {
  it('shows a quoted reply, a map link and a reaction, and answers a specific message', async () => {
    const { page, context } = await prosa.agent('ana@provedor.demo');
    // Ana opens the conversation with the approved template; the subscriber answers, which opens the window.
    await page.getByRole('button', { name: 'Nova conversa' }).click();
    const dialog = page.getByRole('dialog', { name: 'Nova conversa' });
    await dialog.getByLabel('Novo contato').check();
    await dialog.getByLabel('Nome').fill(NAME);
    await dialog.getByLabel('Telefone (com DDD)').fill(PHONE);
    await dialog.getByLabel('Parâmetro 1').fill('Rosana');
    await dialog.getByRole('button', { name: 'Confirmar' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 2, name: NAME }).count()).toBe(1);
    const greeting = 'Olá Rosana! Aqui é do seu provedor. Podemos conversar por aqui?';
    await expect.poll(() => log(page).textContent()).toContain(greeting);
    const greetingSent = async () => (await sent()).find((r) => r.body.type === 'template' && r.body.template.components?.[0]?.parameters?.[0]?.text === 'Rosana');
    await expect.poll(async () => !!(await greetingSent())).toBe(true);
    const templateWamid = (await greetingSent())!.id!;
    // The number as Prosa wrote to it: the subscriber writes back from it.
    const waId = String((await greetingSent())!.body.to);

    const [question] = await subscriberSends(waId,
      { ...content.text('Podemos sim, é sobre a fatura'), context: { from: '5511933330000', id: templateWamid } },
      content.location({ latitude: -23.5505, longitude: -46.6333, name: 'Casa da Rosana', address: 'Rua das Flores, 10' }),
      { type: 'reaction', reaction: { message_id: templateWamid, emoji: '👍' } },
    );

    // The reply quotes Ana's message, with its author.
    const reply = bubble(page, 'Podemos sim, é sobre a fatura');
    await expect.poll(() => reply.locator('blockquote').textContent()).toContain(greeting);
    expect(await reply.locator('blockquote').textContent()).toContain('Ana');
    // The place is a link to the map, with its name and address; nothing loaded from elsewhere.
    const map = log(page).getByRole('link', { name: /Casa da Rosana/ });
    await expect.poll(() => map.count()).toBe(1);
    expect(await map.getAttribute('href')).toBe('https://www.openstreetmap.org/?mlat=-23.5505&mlon=-46.6333#map=17/-23.5505/-46.6333');
    expect(await map.textContent()).toContain('Rua das Flores, 10');
    // The reaction sits on the greeting, not in a bubble of its own.
    await expect.poll(() => bubble(page, greeting).getByRole('img', { name: 'Reação do contato: 👍' }).count()).toBe(1);
    expect(await log(page).getByText('Reagiu com').count()).toBe(0);

    // Responder on the subscriber's question: the quote waits above the composer, then goes with the reply.
    const asked = bubble(page, 'Podemos sim, é sobre a fatura');
    await asked.hover();
    await asked.getByRole('button', { name: /^Responder a mensagem de / }).click();
    const preview = page.getByRole('group', { name: `Respondendo a ${NAME}` });
    await expect.poll(() => preview.textContent()).toContain('Podemos sim, é sobre a fatura');
    const box = page.getByRole('textbox', { name: 'Mensagem' });
    await expect.poll(() => box.evaluate((el) => el === document.activeElement)).toBe(true);
    await box.fill('Claro! Vou ver sua fatura agora.');
    await box.press('Enter');
    await expect.poll(() => preview.count()).toBe(0);

    await expect.poll(async () => (await sent()).find((r) => r.body.text?.body === 'Claro! Vou ver sua fatura agora.')?.body.context).toEqual({ message_id: question });
    // Ana's own message shows what it answers, too.
    const answer = bubble(page, 'Claro! Vou ver sua fatura agora.');
    await expect.poll(() => answer.locator('blockquote').textContent()).toContain('Podemos sim, é sobre a fatura');

    // Cancelling a reply: Esc clears the quote, and the next message goes unquoted.
    await answer.hover();
    await bubble(page, greeting).focus();
    await bubble(page, greeting).getByRole('button', { name: /^Responder a mensagem de / }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByRole('group', { name: /^Respondendo a / }).count()).toBe(1);
    await box.press('Escape');
    await expect.poll(() => page.getByRole('group', { name: /^Respondendo a / }).count()).toBe(0);
    await context.close();
  });
});
