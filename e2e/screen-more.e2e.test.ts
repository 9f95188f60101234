// More of the screen an agent lives in: Meus atendimentos one click from the list, a long history
// that scrolls back without losing the place, "Novas mensagens" while reading above, a transfer
// that asks first, and the same desk on a phone.
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { content, message, messagesPayload, signedWebhook } from '../server/demo/whatsapp/meta-payloads.js';
import { DEMO_PASSWORD, startProsa } from './support/prosa.js';

const prosa = await startProsa();
const carlaApi = await prosa.api('carla@provedor.demo');
const anaApi = await prosa.api('ana@provedor.demo');
const brunoApi = await prosa.api('bruno@provedor.demo');
const shot = (name: string) => join(tmpdir(), `prosa-${name}.png`);

const log = (page: Page) => page.getByRole('log', { name: 'Mensagens' });
const composer = (page: Page) => page.getByRole('textbox', { name: 'Mensagem' });

/** The subscriber writes on WhatsApp (one webhook may carry several messages, as Meta batches them). */
async function subscriberWrites(waId: string, name: string, ...texts: string[]) {
  const payload = messagesPayload({ phoneNumberId: '100000000000001' }, { waId, name }, texts.map((text) => message(waId, content.text(text))));
  const { body, headers } = signedWebhook(payload, 'demo-app-secret');
  expect((await fetch(`${prosa.url}/webhooks/whatsapp/demo-whatsapp`, { method: 'POST', headers, body })).status).toBe(200);
}

/** A new subscriber writes and the agent assumes the conversation. */
async function takes(agent: typeof anaApi, waId: string, name: string): Promise<number> {
  await subscriberWrites(waId, name, 'Boa noite, estou sem internet');
  let id: number | undefined;
  await expect.poll(async () => {
    id = (await carlaApi('GET', `/conversations?tab=fila&q=${encodeURIComponent(name)}`)).body.items[0]?.id;
    return id;
  }, { timeout: 10_000 }).toBeDefined();
  expect((await agent('POST', `/conversations/${id}/assume`)).status).toBe(200);
  return id!;
}

/** An agent on a phone: 390 × 844, touch, logged in through the form like anyone. */
async function onPhone(browser: Browser, email: string) {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'pt-BR', timezoneId: 'America/Sao_Paulo' });
  const page = await context.newPage();
  await page.goto(prosa.url);
  await page.screenshot({ path: shot('phone-login') });
  await page.getByLabel('E-mail').fill(email);
  await page.getByLabel('Senha').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Entrar' }).click();
  await expect.poll(() => page.getByRole('tab', { name: /Fila/ }).count(), { timeout: 15_000 }).toBe(1);
  return { context, page };
}

/** How far the log is from its bottom, and where a message sits in it. */
const fromBottom = (page: Page) => log(page).evaluate((el) => el.scrollHeight - el.scrollTop - el.clientHeight);
const topOf = (page: Page, text: string) => log(page).evaluate((el, text) => {
  const bubble = [...el.querySelectorAll('article')].find((a) => a.querySelector('.body')?.textContent === text);
  return bubble ? bubble.getBoundingClientRect().top - el.getBoundingClientRect().top : null;
}, text);
const scrollLogTo = (page: Page, top: number) => log(page).evaluate((el, top) => { el.scrollTop = top; el.dispatchEvent(new Event('scroll')); }, top);
const line = (n: number) => `Linha ${String(n).padStart(3, '0')} do histórico`;

describe('Meus atendimentos', () => {
  it('lists the conversations I am responsável for, one click from the list, and keeps the tab in the address', async () => {
    const mine = await takes(anaApi, '5511970160001', 'Helena Minha');
    const bruno = await takes(brunoApi, '5511970160002', 'Otávio DoBruno');
    const { page, context } = await prosa.agent('ana@provedor.demo');
    const expected = (await anaApi('GET', '/conversations?tab=meus&limit=100')).body;
    expect(expected.items.map((c: { id: number }) => c.id)).toContain(mine);
    expect(expected.items.map((c: { id: number }) => c.id)).not.toContain(bruno);

    const tab = page.getByRole('tab', { name: /^Meus/ });
    await expect.poll(() => tab.textContent()).toBe(`Meus${expected.counts.meus.total}`);
    await tab.click();
    await expect.poll(() => page.url()).toMatch(/\/chat\/meus$/);
    const rows = page.getByRole('list', { name: 'Meus atendimentos' });
    await expect.poll(() => rows.locator('.row-name').allTextContents()).toEqual(expected.items.map((c: { contact: { name: string } }) => c.contact.name));
    // The atendente filter says whose list it is, and cannot contradict it.
    expect(await page.getByLabel('Atendente').isDisabled()).toBe(true);

    await rows.getByRole('button', { name: 'Helena Minha' }).click();
    await expect.poll(() => page.url()).toMatch(new RegExp(`/chat/meus/${mine}$`));
    await page.reload();
    await expect.poll(() => page.getByRole('heading', { level: 2, name: 'Helena Minha' }).count()).toBe(1);
    expect(await page.getByRole('tab', { name: /^Meus/ }).getAttribute('aria-selected')).toBe('true');
    // Abertos is the sector's: Bruno's conversation is there, not in Meus.
    await page.getByRole('tab', { name: /^Abertos/ }).click();
    await expect.poll(() => page.getByRole('list', { name: 'Abertos' }).getByRole('button', { name: 'Otávio DoBruno' }).count()).toBe(1);
    await context.close();
  });
});

describe('the Responsável field', () => {
  it('asks "Transferir para X?" before handing the conversation over, and leaves it as it was on Cancelar', async () => {
    const id = await takes(anaApi, '5511970160003', 'Ivone Transferida');
    const { page, context } = await prosa.agent('carla@provedor.demo');
    await page.goto(`${prosa.url}/chat/abertos/${id}`);
    await page.getByRole('button', { name: 'Menu da conversa' }).click();
    const menu = page.getByRole('complementary', { name: 'Menu da conversa' });
    const field = menu.getByLabel('Responsável');
    await expect.poll(() => field.locator('option', { hasText: 'Bruno Lima' }).count()).toBe(1);
    const ana = (await anaApi('GET', '/auth/me')).body.user.id as number;

    await field.selectOption({ label: 'Bruno Lima' });
    const confirm = page.getByRole('dialog', { name: 'Transferir para Bruno Lima?' });
    await expect.poll(() => confirm.count()).toBe(1);
    expect(await confirm.textContent()).toContain('A conversa com Ivone Transferida passa para Bruno Lima');
    expect((await carlaApi('GET', `/conversations/${id}`)).body.responsavel.id).toBe(ana);
    await confirm.getByRole('button', { name: 'Cancelar' }).click();
    await expect.poll(() => confirm.count()).toBe(0);
    expect(await field.inputValue()).toBe(String(ana));
    expect((await carlaApi('GET', `/conversations/${id}`)).body.responsavel.id).toBe(ana);

    await field.selectOption({ label: 'Bruno Lima' });
    await confirm.getByRole('button', { name: 'Transferir' }).click();
    await expect.poll(async () => (await carlaApi('GET', `/conversations/${id}`)).body.responsavel.name).toBe('Bruno Lima');
    await expect.poll(() => log(page).textContent()).toContain('transferiu a conversa para Bruno Lima');
    await expect.poll(() => field.inputValue()).not.toBe(String(ana));
    await context.close();
  });
});

describe('a long history', () => {
  it('loads the older messages as the top is reached, keeping the place; shows "Novas mensagens" while reading above', async () => {
    const id = await takes(anaApi, '5511970160004', 'Lúcia Longa');
    for (let from = 1; from <= 130; from += 50) {
      await subscriberWrites('5511970160004', 'Lúcia Longa', ...Array.from({ length: Math.min(50, 131 - from) }, (_, i) => line(from + i)));
    }
    await expect.poll(async () => (await anaApi('GET', `/conversations/${id}/messages?limit=1`)).body.messages[0]?.body, { timeout: 15_000 }).toBe(line(130));

    const { page, context } = await prosa.agent('ana@provedor.demo');
    await page.goto(`${prosa.url}/chat/meus/${id}`);
    await expect.poll(() => topOf(page, line(130))).not.toBeNull();
    expect(await fromBottom(page)).toBeLessThan(2);
    expect(await topOf(page, line(60))).toBeNull();

    // Up to the top: the page before comes in above, and what was in view stays where it was.
    const firstShown = await log(page).evaluate((el) => el.querySelector('article .body')?.textContent ?? '');
    await scrollLogTo(page, 0);
    const before = await topOf(page, firstShown);
    await expect.poll(() => topOf(page, line(60)), { timeout: 10_000 }).not.toBeNull();
    const after = await topOf(page, firstShown);
    expect(Math.abs(after! - before!)).toBeLessThanOrEqual(2);
    expect(await log(page).evaluate((el) => el.scrollTop)).toBeGreaterThan(300);

    // And once more, to the very first message: no button to press, nothing more to load.
    await scrollLogTo(page, 0);
    await expect.poll(() => topOf(page, 'Boa noite, estou sem internet'), { timeout: 10_000 }).not.toBeNull();
    await expect.poll(() => page.getByRole('button', { name: /Mensagens anteriores|Carregando/ }).count()).toBe(0);

    // Reading up there, a new message neither moves the text nor pulls her down: a marker and a button say it came.
    await scrollLogTo(page, 600);
    const reading = await topOf(page, line(20));
    await subscriberWrites('5511970160004', 'Lúcia Longa', 'Chegou agora, enquanto você lia');
    const button = page.getByRole('button', { name: /Novas mensagens/ });
    await expect.poll(() => button.count(), { timeout: 10_000 }).toBe(1);
    expect(await topOf(page, line(20))).toBe(reading);
    expect(await page.getByRole('separator', { name: 'Novas mensagens' }).count()).toBe(1);
    await page.screenshot({ path: shot('new-messages') });
    await button.click();
    await expect.poll(() => fromBottom(page)).toBeLessThan(2);
    await expect.poll(() => button.count()).toBe(0);
    // The marker sits right above the message that arrived.
    expect(await log(page).evaluate((el) => el.querySelector('[role="separator"] + article .body')?.textContent)).toBe('Chegou agora, enquanto você lia');

    // At the bottom, the next one keeps her at the bottom, with no button.
    await subscriberWrites('5511970160004', 'Lúcia Longa', 'E mais esta');
    await expect.poll(() => topOf(page, 'E mais esta'), { timeout: 10_000 }).not.toBeNull();
    await expect.poll(() => fromBottom(page)).toBeLessThan(2);
    expect(await button.count()).toBe(0);
    await context.close();
  });
});

describe('on a phone (390 px)', () => {
  it('shows the list, then the conversation full-width with a way back; the composer and the pop-ups fit', async () => {
    const id = await takes(anaApi, '5511970160005', 'Marta Celular');
    const { page, context } = await onPhone(prosa.browser, 'ana@provedor.demo');
    const fits = () => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);

    await page.getByRole('tab', { name: /^Meus/ }).click();
    const list = page.getByRole('region', { name: 'Conversas' });
    await expect.poll(() => list.getByRole('button', { name: 'Marta Celular' }).count()).toBe(1);
    expect((await list.boundingBox())!.width).toBeGreaterThan(380);
    expect(await page.getByText('Selecione uma conversa para começar.').isVisible()).toBe(false);
    expect(await fits()).toBe(true);
    await page.screenshot({ path: shot('phone-list') });

    await list.getByRole('button', { name: 'Marta Celular' }).click();
    await expect.poll(() => page.url()).toMatch(new RegExp(`/chat/meus/${id}$`));
    const conversation = page.getByRole('region', { name: 'Conversa com Marta Celular' });
    await expect.poll(() => conversation.isVisible()).toBe(true);
    expect(await list.isVisible()).toBe(false);
    expect((await conversation.boundingBox())!.width).toBeGreaterThan(380);
    const box = (await composer(page).boundingBox())!;
    expect(box.y + box.height).toBeLessThanOrEqual(844);
    expect(box.width).toBeGreaterThan(250);
    expect(await fits()).toBe(true);
    await composer(page).fill('Pelo celular também');
    await composer(page).press('Enter');
    await expect.poll(() => log(page).textContent()).toContain('Pelo celular também');
    await page.screenshot({ path: shot('phone-conversation') });

    await page.getByRole('button', { name: 'Menu da conversa' }).click();
    const menu = page.getByRole('complementary', { name: 'Menu da conversa' });
    await expect.poll(() => menu.isVisible()).toBe(true);
    expect((await menu.boundingBox())!.width).toBeGreaterThan(380);
    await page.screenshot({ path: shot('phone-menu') });
    await menu.getByRole('menuitem', { name: 'Fechar conversa' }).click();
    const dialog = page.getByRole('dialog', { name: 'Fechar conversa' });
    await expect.poll(() => dialog.count()).toBe(1);
    const d = (await dialog.boundingBox())!;
    expect(d.x).toBeGreaterThanOrEqual(0);
    expect(d.x + d.width).toBeLessThanOrEqual(390);
    await page.screenshot({ path: shot('phone-dialog') });
    await dialog.getByRole('button', { name: 'Cancelar' }).click();
    await menu.getByRole('button', { name: 'Fechar menu' }).click();

    await page.getByRole('button', { name: 'Voltar para a lista' }).click();
    await expect.poll(() => page.url()).toMatch(/\/chat\/meus$/);
    await expect.poll(() => list.isVisible()).toBe(true);
    expect(await conversation.count()).toBe(0);
    await context.close();
  });
});
