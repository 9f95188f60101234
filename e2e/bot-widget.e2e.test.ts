// The bot as a subscriber meets it on the provider's site: the demo's menu turned on, a visitor
// identified by CPF, the 2ª via by a button (its linha checked by an independent validator), then a
// person asked for — and the conversation shows up in the agents' Fila only then.
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { isValidBoleto } from '@brazilian-utils/brazilian-utils';
import { startProsa } from './support/prosa.js';

const prosa = await startProsa();

const chatOf = (site: Page) => site.getByRole('dialog', { name: 'Chat com Provedor Demo' });
const visitorLog = (site: Page) => chatOf(site).getByRole('log', { name: 'Mensagens' });

describe('the bot, from the web-chat widget', () => {
  it('identifies the visitor by CPF, sends the 2ª via when its button is pressed, and hands them to the Fila asked for', async () => {
    const admin = await prosa.api('admin@provedor.demo');
    const flow = await admin('GET', '/bot');
    expect(flow.status).toBe(200);
    // The demo ships its menu turned off; the administrator turns it on as it is.
    expect((await admin('PUT', '/bot', { ...flow.body, enabled: true })).status).toBe(200);
    const support = flow.body.options.find((o: { action: string }) => o.action === 'atendente');
    const clients = await admin('GET', '/clients?q=a');
    const client = clients.body.find((c: { document: string | null }) => c.document && c.document.length === 11);
    expect(client).toBeDefined();

    const carla = await prosa.agent('carla@provedor.demo');
    const visitor = await prosa.browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'pt-BR', timezoneId: 'America/Sao_Paulo' });
    const site = await visitor.newPage();
    await site.goto(`${prosa.url}/widget-demo`);
    await site.getByRole('button', { name: 'Abrir chat' }).click();
    const chat = chatOf(site);
    await chat.getByLabel('Nome').fill('Rosa Visitante');
    await chat.getByRole('button', { name: 'Iniciar conversa' }).click();
    const composer = chat.getByRole('textbox', { name: 'Mensagem' });
    await composer.fill('oi');
    await composer.press('Enter');

    // The bot greets and asks for the CPF; nobody's Fila has the visitor yet.
    await expect.poll(() => visitorLog(site).textContent(), { timeout: 15_000 }).toContain(flow.body.identifyPrompt);
    expect(await visitorLog(site).textContent()).toContain(flow.body.greeting);
    const row = carla.page.getByRole('list', { name: 'Fila' }).getByRole('listitem').filter({ hasText: 'Rosa Visitante' });
    expect(await row.count()).toBe(0);
    // The supervisor finds the visitor in the Bot tab, which shows while the bot talks to someone.
    const botTab = carla.page.getByRole('tab', { name: /^Bot/ });
    await expect.poll(() => botTab.count(), { timeout: 10_000 }).toBe(1);
    await botTab.click();
    const withBot = carla.page.getByRole('list', { name: 'Bot' }).getByRole('listitem').filter({ hasText: 'Rosa Visitante' });
    await expect.poll(() => withBot.count(), { timeout: 10_000 }).toBe(1);
    await carla.page.getByRole('tab', { name: /^Fila/ }).click();

    await composer.fill(client.document.replace(/^(\d{3})(\d{3})(\d{3})(\d{2})$/, '$1.$2.$3-$4'));
    await composer.press('Enter');
    const boleto = visitorLog(site).getByRole('button', { name: '2ª via do boleto' });
    await expect.poll(() => boleto.count(), { timeout: 15_000 }).toBe(1);
    expect(await visitorLog(site).textContent()).toContain(`Obrigado, ${client.name.split(' ')[0]}! Cadastro encontrado.`);

    await boleto.click();
    await expect.poll(() => visitorLog(site).textContent(), { timeout: 15_000 }).toContain('PIX copia e cola:');
    // Each message on a line of its own (its time is on another): the linha is a whole line.
    const lines = (await visitorLog(site).innerText()).split('\n').map((l) => l.trim());
    const linhas = lines.filter((l) => /^\d{47}$/.test(l));
    expect(linhas.length).toBeGreaterThan(0);
    for (const linha of linhas) expect(isValidBoleto(linha)).toBe(true);
    // The menu comes again, its buttons live; the first one's are spent.
    const person = visitorLog(site).getByRole('button', { name: support.label });
    await expect.poll(() => person.count(), { timeout: 15_000 }).toBe(2);
    expect(await person.first().isDisabled()).toBe(true);

    await person.last().click();
    await expect.poll(() => row.count(), { timeout: 15_000 }).toBe(1);
    // The agent who assumes it reads everything the bot and the visitor said.
    await row.getByRole('button', { name: 'Assumir' }).click();
    const log = carla.page.getByRole('log', { name: 'Mensagens' });
    await expect.poll(() => log.textContent(), { timeout: 10_000 }).toContain('PIX copia e cola:');
    expect(await log.textContent()).toContain('O bot enviou a conversa para a Fila de');
    await visitor.close();
  });
});
