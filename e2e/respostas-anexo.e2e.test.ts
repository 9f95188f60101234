// A quick reply with an attachment, from the screen to the subscriber's WhatsApp: the administrator
// attaches a PDF to "/contrato" on Respostas Rápidas; Ana picks it with "/" in the composer, sees the
// file staged above the text box and sends one document with the text as its caption.
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { content, message, messagesPayload, signedWebhook } from '../server/demo/whatsapp/meta-payloads.js';
import { startProsa } from './support/prosa.js';

const prosa = await startProsa();
const GRAPH = `${prosa.url}/_demo/graph`;
const PHONE = '11987000091';
/** The number as WhatsApp knows it, with the 55 the agent leaves out. */
const WA_ID = `55${PHONE}`;
const pdf = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');

/** Where each screen's picture goes, for a person to look at. */
const screenshot = (page: Page, name: string) => page.screenshot({ path: join(tmpdir(), `prosa-respostas-anexo-${name}.png`), fullPage: true });

const row = (page: Page, text: string) => page.getByRole('row').filter({ hasText: text });
const nav = (page: Page) => page.getByRole('navigation', { name: 'Menu' });
const log = (page: Page) => page.getByRole('log', { name: 'Mensagens' });

interface Sent { kind: string; body: Record<string, any> }

/** What the subscriber's WhatsApp received (the stand-in's record of accepted calls). */
async function received(): Promise<Sent[]> {
  const { requests } = await (await fetch(`${GRAPH}/_sent`)).json() as { requests: Sent[] };
  return requests.filter((r) => r.kind === 'message' && String(r.body.to).endsWith(PHONE.replace(/\D/g, '')));
}

/** The contact writes on WhatsApp: Meta's webhook, signed with the demo app's secret. */
async function contactWrites(name: string, text: string) {
  const payload = messagesPayload({ phoneNumberId: '100000000000001' }, { waId: WA_ID, name }, [message(WA_ID, content.text(text))]);
  const { body, headers } = signedWebhook(payload, 'demo-app-secret');
  expect((await fetch(`${prosa.url}/webhooks/whatsapp/demo-whatsapp`, { method: 'POST', headers, body })).status).toBe(200);
}

/** A new conversation through "+" (the approved template), answered by the contact so free text may go. */
async function startNew(page: Page, name: string) {
  await nav(page).getByRole('link', { name: 'Chat', exact: true }).click();
  await page.getByRole('button', { name: 'Nova conversa' }).click();
  const dialog = page.getByRole('dialog', { name: 'Nova conversa' });
  await dialog.getByLabel('Novo contato').check();
  await dialog.getByLabel('Nome').fill(name);
  await dialog.getByLabel('Telefone (com DDD)').fill(PHONE);
  await dialog.getByLabel('Parâmetro 1').fill(name.split(' ')[0]);
  await dialog.getByRole('button', { name: 'Confirmar' }).click();
  await expect.poll(() => page.getByRole('heading', { level: 2, name }).count()).toBe(1);
  await contactWrites(name, 'Oi! Pode mandar o contrato.');
  await expect.poll(() => log(page).textContent()).toContain('Oi! Pode mandar o contrato.');
  await expect.poll(() => page.getByRole('textbox', { name: 'Mensagem' }).count()).toBe(1);
  return page.getByRole('textbox', { name: 'Mensagem' });
}

describe('Respostas Rápidas with an attachment', () => {
  it('goes from the administrator\'s screen to the subscriber as one document with the text as caption', async () => {
    const admin = await prosa.agent('admin@provedor.demo');
    await nav(admin.page).getByRole('link', { name: 'Respostas Rápidas' }).click();
    await expect.poll(() => row(admin.page, '/saudacao').count()).toBe(1);
    await admin.page.getByRole('button', { name: 'Nova resposta rápida' }).click();
    const create = admin.page.getByRole('dialog', { name: 'Nova resposta rápida' });
    await create.getByLabel('Atalho').fill('/contrato');
    await create.getByLabel('Título').fill('Contrato de adesão');
    await create.getByLabel('Texto').fill('Segue o contrato, {{cliente.primeiro_nome}}.');
    await create.getByLabel('Anexo (opcional)', { exact: true }).setInputFiles({ name: 'contrato.pdf', mimeType: 'application/pdf', buffer: pdf });
    await expect.poll(() => create.getByRole('button', { name: 'Remover anexo' }).count()).toBe(1);
    expect((await create.locator('.attachment-chip').textContent())?.trim()).toBe(`contrato.pdf ${pdf.length} B✕`);
    await screenshot(admin.page, 'dialog');
    await create.getByRole('button', { name: 'Salvar' }).click();
    await expect.poll(() => row(admin.page, '/contrato').count()).toBe(1);
    expect(await row(admin.page, '/contrato').getByRole('cell').nth(2).textContent()).toBe('Segue o contrato, {{cliente.primeiro_nome}}. contrato.pdf');
    await screenshot(admin.page, 'lista');
    await admin.context.close();

    const ana = await prosa.agent('ana@provedor.demo');
    const composer = await startNew(ana.page, 'Rita Anexo');
    await composer.fill('/contr');
    const options = ana.page.getByRole('listbox', { name: 'Respostas rápidas' }).getByRole('option');
    await expect.poll(() => options.filter({ hasText: '/contrato' }).count()).toBe(1);
    await composer.press('Enter');
    await expect.poll(() => composer.inputValue()).toBe('Segue o contrato, Rita.');
    const chip = ana.page.getByRole('group', { name: 'Anexo da resposta rápida: contrato.pdf' });
    await expect.poll(() => chip.count()).toBe(1);
    expect(await chip.getByRole('button', { name: 'Remover anexo' }).count()).toBe(1);
    await ana.page.locator('.composer').screenshot({ path: join(tmpdir(), 'prosa-respostas-anexo-composer.png') });

    const before = (await received()).length;
    await ana.page.getByRole('button', { name: 'Enviar', exact: true }).click();
    await expect.poll(() => log(ana.page).getByRole('link', { name: /contrato\.pdf/ }).count()).toBe(1);
    await expect.poll(() => log(ana.page).textContent()).toContain('Segue o contrato, Rita.');
    await expect.poll(() => chip.count()).toBe(0);
    expect(await composer.inputValue()).toBe('');
    await expect.poll(async () => (await received()).slice(before).length, { timeout: 15_000 }).toBe(1);
    const [document] = (await received()).slice(before);
    expect(document.body).toMatchObject({ type: 'document', document: { filename: 'contrato.pdf', caption: 'Segue o contrato, Rita.' } });
    await screenshot(ana.page, 'enviada');

    // Taken off the composer, the attachment stays behind: the text goes alone.
    await composer.fill('/contr');
    await composer.press('Enter');
    await expect.poll(() => chip.count()).toBe(1);
    await chip.getByRole('button', { name: 'Remover anexo' }).click();
    await expect.poll(() => chip.count()).toBe(0);
    await composer.press('Enter');
    await expect.poll(async () => (await received()).slice(before).length, { timeout: 15_000 }).toBe(2);
    expect((await received()).slice(before)[1].body).toMatchObject({ type: 'text', text: { body: 'Segue o contrato, Rita.' } });
    await ana.context.close();
  });
});
