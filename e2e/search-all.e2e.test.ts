// Buscar em todas as conversas, in a real browser: a supervisor finds a word said in any
// conversation of the provider and opens the conversation at that very message; an atendente is
// not offered the search.
import { describe, expect, it } from 'vitest';
import { content, message, messagesPayload, signedWebhook } from '../server/demo/whatsapp/meta-payloads.js';
import { startProsa } from './support/prosa.js';

const prosa = await startProsa();
const NAME = 'Rogério Tavares';
const WA_ID = '5511977770001';

/** The subscriber's WhatsApp posts this message to Prosa's webhook, signed as Meta does. */
async function subscriberSends(text: string, at: number) {
  const payload = messagesPayload({ phoneNumberId: '100000000000001' }, { waId: WA_ID, name: NAME }, [message(WA_ID, content.text(text), { at })]);
  const { body, headers } = signedWebhook(payload, 'demo-app-secret');
  const response = await fetch(`${prosa.url}/webhooks/whatsapp/demo-whatsapp`, { method: 'POST', headers, body });
  expect(response.status).toBe(200);
}

describe('Buscar em todas as conversas', () => {
  it('finds a word in any conversation and opens it at the message picked', async () => {
    const now = Date.now();
    await subscriberSends('Quero o reembolso da taxa de instalação', now - 60_000);
    await subscriberSends('Vou aguardar o retorno', now - 30_000);
    await subscriberSends('E o reembolso, já saiu?', now);

    const { page, context } = await prosa.agent('carla@provedor.demo');
    await page.getByRole('button', { name: 'Buscar em todas as conversas' }).click();
    const dialog = page.getByRole('dialog', { name: 'Buscar em todas as conversas' });
    await dialog.getByRole('searchbox').fill('reembolso');
    const results = dialog.getByRole('list', { name: 'Resultados da busca' }).getByRole('listitem');
    await expect.poll(() => results.count()).toBe(2);
    // Newest first, with who said it and the word marked.
    expect(await results.nth(0).textContent()).toContain('E o reembolso, já saiu?');
    expect(await results.nth(0).textContent()).toContain(NAME);
    expect(await results.nth(0).locator('mark').allTextContents()).toEqual(['reembolso']);

    // The older one: the conversation opens, searching for the word, at that message.
    await results.nth(1).getByRole('button').click();
    expect(await dialog.count()).toBe(0);
    await expect.poll(() => page.getByRole('heading', { level: 2, name: NAME }).count()).toBe(1);
    await expect.poll(() => page.getByRole('searchbox', { name: /Buscar no histórico/ }).inputValue()).toBe('reembolso');
    await expect.poll(() => page.getByText('2 de 2').count()).toBe(1);
    expect(await page.getByRole('list', { name: 'Resultados da busca' }).locator('li[aria-current="true"]').textContent()).toContain('Quero o reembolso');

    // A word said nowhere says so.
    await page.getByRole('button', { name: 'Buscar em todas as conversas' }).click();
    await page.getByRole('dialog', { name: 'Buscar em todas as conversas' }).getByRole('searchbox').fill('paralelepípedo');
    await expect.poll(() => page.getByRole('dialog', { name: 'Buscar em todas as conversas' }).textContent()).toContain('Nenhuma mensagem encontrada.');
    await context.close();

    const ana = await prosa.agent('ana@provedor.demo');
    await expect.poll(() => ana.page.getByRole('button', { name: 'Nova conversa' }).count()).toBe(1);
    expect(await ana.page.getByRole('button', { name: 'Buscar em todas as conversas' }).count()).toBe(0);
    await ana.context.close();
  });
});
