// The web-chat widget on the demo page (a pretend provider's site), with an agent answering in
// the agent app: both in real browsers, against the real server.
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import sharp from 'sharp';
import { startProsa } from './support/prosa.js';

const prosa = await startProsa();

const chatOf = (site: Page) => site.getByRole('dialog', { name: 'Chat com Provedor Demo' });
const visitorLog = (site: Page) => chatOf(site).getByRole('log', { name: 'Mensagens' });
const agentLog = (page: Page) => page.getByRole('log', { name: 'Mensagens' });

describe('the web-chat widget', () => {
  it('lets a visitor talk live with an agent, keep the conversation across a reload and send an image', async () => {
    const carla = await prosa.agent('carla@provedor.demo');
    const visitor = await prosa.browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'pt-BR', timezoneId: 'America/Sao_Paulo' });
    const site = await visitor.newPage();
    await site.goto(`${prosa.url}/widget-demo`);
    expect(await site.getByRole('heading', { name: 'Internet fibra de verdade' }).count()).toBe(1);

    // The visitor opens the bubble, gives a name and writes.
    await site.getByRole('button', { name: 'Abrir chat' }).click();
    const chat = chatOf(site);
    await chat.getByLabel('Nome').fill('Juliana Visitante');
    await chat.getByLabel('E-mail (opcional)').fill('juliana@exemplo.com.br');
    await chat.getByRole('button', { name: 'Iniciar conversa' }).click();
    const composer = chat.getByRole('textbox', { name: 'Mensagem' });
    await composer.fill('Olá, minha internet caiu');
    await composer.press('Enter');
    await expect.poll(() => visitorLog(site).textContent()).toContain('Olá, minha internet caiu');

    // Carla, already on the Chat screen, sees it arrive in the Fila, assumes it and answers.
    const row = carla.page.getByRole('list', { name: 'Fila' }).getByRole('listitem').filter({ hasText: 'Juliana Visitante' });
    await expect.poll(() => row.count(), { timeout: 10_000 }).toBe(1);
    expect(await row.textContent()).toContain('Olá, minha internet caiu');
    await row.getByRole('button', { name: 'Assumir' }).click();
    await expect.poll(() => carla.page.getByRole('heading', { level: 2, name: 'Juliana Visitante' }).count()).toBe(1);
    const reply = carla.page.getByRole('textbox', { name: 'Mensagem' });
    await expect.poll(() => reply.isEnabled()).toBe(true);

    // While Carla types, the visitor sees it; the visitor's typing shows to Carla too.
    await reply.pressSequentially('Oi, Juliana! Vou verificar', { delay: 20 });
    await expect.poll(() => chat.textContent(), { timeout: 10_000 }).toContain('Carla está digitando…');
    await composer.pressSequentially('Obrigada', { delay: 20 });
    await expect.poll(() => carla.page.getByText('Juliana Visitante está digitando…').count(), { timeout: 10_000 }).toBe(1);
    await composer.fill('');

    await reply.pressSequentially(' a sua conexão.', { delay: 10 });
    await reply.press('Enter');
    await expect.poll(() => visitorLog(site).textContent(), { timeout: 10_000 }).toContain('Oi, Juliana! Vou verificar a sua conexão.');
    // The visitor had the chat open: Carla sees her reply read.
    const replyTicks = agentLog(carla.page).getByRole('article').filter({ hasText: 'Oi, Juliana! Vou verificar a sua conexão.' }).getByRole('img', { name: 'Lida' });
    await expect.poll(() => replyTicks.count(), { timeout: 10_000 }).toBe(1);

    // A reload keeps the conversation (and the open chat).
    await site.reload();
    await expect.poll(() => visitorLog(site).textContent(), { timeout: 10_000 }).toContain('Oi, Juliana! Vou verificar a sua conexão.');
    expect(await visitorLog(site).textContent()).toContain('Olá, minha internet caiu');
    expect(await chatOf(site).getByLabel('Nome').isVisible()).toBe(false); // no second form

    // An image from the visitor shows inline for Carla.
    const png = await sharp({ create: { width: 96, height: 64, channels: 3, background: '#2563eb' } }).png().toBuffer();
    const [chooser] = await Promise.all([site.waitForEvent('filechooser'), chatOf(site).getByRole('button', { name: 'Enviar arquivo' }).click()]);
    await chooser.setFiles({ name: 'modem-luzes.png', mimeType: 'image/png', buffer: png });
    await expect.poll(() => visitorLog(site).getByRole('img', { name: 'modem-luzes.png' }).count(), { timeout: 10_000 }).toBe(1);
    const inline = agentLog(carla.page).getByRole('img', { name: 'modem-luzes.png' });
    await expect.poll(() => inline.count(), { timeout: 10_000 }).toBe(1);
    await expect.poll(() => inline.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);

    await visitor.close();
    await carla.context.close();
  });

  it('keeps the site\'s CSS out of the chat', async () => {
    const context = await prosa.browser.newContext();
    const site = await context.newPage();
    await site.goto(`${prosa.url}/widget-demo`);
    const bubble = site.getByRole('button', { name: 'Abrir chat' });
    await bubble.click();
    // The demo page makes every button pink and 22px; not the chat's.
    const style = await chatOf(site).getByRole('button', { name: 'Iniciar conversa' }).evaluate((b) => getComputedStyle(b).fontSize);
    expect(style).toBe('14px');
    await context.close();
  });
});
