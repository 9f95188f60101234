// Administração > Canais in a real browser, against the demo's stand-ins of Meta's and Telegram's
// APIs: a WhatsApp number connected and tested (and Meta's handshake answered with its verify token),
// a Telegram bot connected with only its token — and a subscriber's first message through it arriving
// in the Fila — and the site's chat with its <script> line.
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startProsa } from './support/prosa.js';

const prosa = await startProsa();
const TELEGRAM = `${prosa.url}/_demo/telegram`;

async function openCanais(page: Page) {
  await page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Canais' }).click();
  const table = page.getByRole('table', { name: 'Canais' });
  await expect.poll(() => table.getByRole('row').count()).toBeGreaterThan(1);
  return table;
}

async function newChannel(page: Page, kind: 'WhatsApp' | 'Telegram' | 'Chat do site') {
  await page.getByRole('button', { name: 'Novo canal' }).click();
  await page.getByRole('dialog', { name: 'Novo canal' }).getByRole('button', { name: kind }).click();
  return page.getByRole('dialog', { name: `Novo canal: ${kind}` });
}

const toasts = (page: Page) => page.getByRole('status').filter({ hasText: /\S/ });

describe('Canais', () => {
  it('connects a WhatsApp number: callback URL and verify token to copy, Testar conexão, and Meta\'s handshake', async () => {
    const { page, context } = await prosa.agent('admin@provedor.demo');
    const table = await openCanais(page);
    const form = await newChannel(page, 'WhatsApp');
    await form.getByLabel('Nome').fill('WhatsApp Loja');
    await form.getByLabel('Phone number ID').fill('100000000000001');
    await form.getByLabel('Token de acesso (permanente)').fill('demo-access-token');
    await form.getByLabel('Chave secreta do app').fill('0123456789abcdef0123456789abcdef');
    await form.getByRole('button', { name: 'Salvar' }).click();

    const saved = page.getByRole('dialog', { name: 'Editar canal: WhatsApp' });
    await expect.poll(() => saved.count()).toBe(1);
    const callback = await saved.getByLabel('URL de callback', { exact: true }).inputValue();
    const verifyToken = await saved.getByLabel('Token de verificação', { exact: true }).inputValue();
    expect(callback).toMatch(new RegExp(`^${prosa.url.replace('127.0.0.1', '(127\\.0\\.0\\.1|localhost)')}/webhooks/whatsapp/whatsapp-[0-9a-f]{10}$`));
    expect(verifyToken).toMatch(/^[0-9a-f]{32}$/);
    // The secrets are not shown back: the fields are empty, saying they are kept.
    expect(await saved.getByLabel('Token de acesso (permanente)').inputValue()).toBe('');
    expect(await saved.getByLabel('Token de acesso (permanente)').getAttribute('placeholder')).toBe('Salvo — deixe em branco para manter');
    await saved.getByRole('button', { name: 'Cancelar' }).click();

    // What Meta does when the administrator pastes them in its panel.
    const path = new URL(callback).pathname;
    const handshake = await fetch(`${prosa.url}${path}?hub.mode=subscribe&hub.verify_token=${verifyToken}&hub.challenge=1158201444`);
    expect(handshake.status).toBe(200);
    expect(await handshake.text()).toBe('1158201444');

    await table.getByRole('button', { name: 'Testar conexão WhatsApp Loja' }).click();
    await expect.poll(() => toasts(page).textContent()).toContain('Conectado ao número +55 19 3333-0000 (Provedor Demo Telecom), qualidade GREEN.');

    await table.getByRole('button', { name: 'Editar WhatsApp Loja' }).click();
    const edit = page.getByRole('dialog', { name: 'Editar canal: WhatsApp' });
    await edit.getByLabel('Token de acesso (permanente)').fill('um-token-que-expirou');
    await edit.getByRole('button', { name: 'Salvar' }).click();
    await expect.poll(() => edit.count()).toBe(0);
    await table.getByRole('button', { name: 'Testar conexão WhatsApp Loja' }).click();
    await expect.poll(() => toasts(page).textContent()).toContain('A Meta recusou o token de acesso');
    await context.close();
  });

  it('fetches the number\'s approved templates from its WhatsApp Business Account at Meta, saying which were left out and why', async () => {
    const { page, context } = await prosa.agent('admin@provedor.demo');
    const table = await openCanais(page);
    await table.getByRole('button', { name: 'Editar WhatsApp', exact: true }).click();
    const edit = page.getByRole('dialog', { name: 'Editar canal: WhatsApp' });
    expect(await edit.getByLabel('ID da conta do WhatsApp Business (para buscar os modelos)').inputValue()).toBe('100000000000002');
    const templates = edit.getByRole('region', { name: 'Modelos aprovados' });
    await templates.getByRole('button', { name: 'Buscar modelos aprovados' }).click();
    await expect.poll(() => templates.getByRole('status').textContent()).toBe('3 modelo(s) disponível(is); 1 deixado(s) de fora.');
    expect(await templates.getByRole('listitem').filter({ hasText: 'retomar_atendimento' }).count()).toBe(1);
    await templates.getByText('Modelos deixados de fora e por quê').click();
    expect(await templates.getByRole('listitem').filter({ hasText: 'oferta_upgrade' }).textContent()).toContain('status PENDING na Meta');
    await context.close();
  });

  it('connects a Telegram bot with only its token, and a subscriber\'s message through it arrives in the Fila', async () => {
    const token = '7012345678:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw1';
    // The provider made the bot with @BotFather.
    expect((await fetch(`${TELEGRAM}/_control/bots`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token }) })).status).toBe(200);

    const { page, context } = await prosa.agent('admin@provedor.demo');
    const table = await openCanais(page);
    const form = await newChannel(page, 'Telegram');
    await form.getByLabel('Nome').fill('Telegram Suporte');
    await form.getByLabel('Token do bot (do @BotFather)').fill('7012345678:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw9');
    await form.getByRole('button', { name: 'Salvar' }).click();
    await expect.poll(() => form.getByRole('alert').textContent()).toContain('O Telegram recusou o token do bot');
    await form.getByLabel('Token do bot (do @BotFather)').fill(token);
    await form.getByRole('button', { name: 'Salvar' }).click();
    await expect.poll(() => form.count()).toBe(0);
    const row = table.getByRole('row').filter({ hasText: 'Telegram Suporte' });
    await expect.poll(() => row.textContent()).toMatch(/@prosa_demo_\d+_bot/);

    const wrote = await fetch(`${TELEGRAM}/_control/bot${token}/updates`, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ text: 'Oi, vim pelo bot novo', chat: { id: 444000111, first_name: 'Otília', last_name: 'Bot' } }),
    });
    expect(wrote.status).toBe(200);
    expect((await wrote.json()).result.webhook.status).toBe(200);
    await page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Chat', exact: true }).click();
    await page.getByPlaceholder('Digite o nome do contato').fill('Otília');
    await expect.poll(() => page.getByRole('list', { name: 'Fila' }).getByRole('listitem').filter({ hasText: 'Oi, vim pelo bot novo' }).count(), { timeout: 15_000 }).toBe(1);
    await context.close();
  });

  it('creates the site\'s chat and gives the <script> line to paste', async () => {
    const { page, context } = await prosa.agent('admin@provedor.demo');
    await openCanais(page);
    const form = await newChannel(page, 'Chat do site');
    await form.getByLabel('Nome').fill('Chat da loja');
    await form.getByLabel('Saudação').fill('Olá! Fale com a loja.');
    await form.getByLabel('Sites permitidos (um por linha)').fill('https://loja.provedor.com.br/contato');
    await form.getByRole('button', { name: 'Salvar' }).click();
    await expect.poll(() => form.getByRole('alert').textContent()).toContain('sem caminho');
    await form.getByLabel('Sites permitidos (um por linha)').fill('https://loja.provedor.com.br');
    await form.getByRole('button', { name: 'Salvar' }).click();
    const saved = page.getByRole('dialog', { name: 'Editar canal: Chat do site' });
    await expect.poll(() => saved.count()).toBe(1);
    expect(await saved.getByLabel('Cole antes de </body> no site', { exact: true }).inputValue()).toMatch(/^<script src="http:\/\/[^"]+\/widget\.js" data-channel="webchat-[0-9a-f]{10}" async><\/script>$/);
    await context.close();
  });
});
