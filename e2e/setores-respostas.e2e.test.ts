// Administração > Setores and Respostas Rápidas against the real server: the demo's administrator
// creates a sector and a quick reply for everyone; Ana (atendente) writes a personal one and uses it
// from the composer with "/", and Bruno, in the same sector, is not offered it.
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { content, message, messagesPayload, signedWebhook } from '../server/demo/whatsapp/meta-payloads.js';
import { startProsa } from './support/prosa.js';
import { normalizePhone } from '../api/phone.js';

const prosa = await startProsa();
const adminApi = await prosa.api('admin@provedor.demo');

/** Where each screen's picture goes, for a person to look at. */
const screenshot = (page: Page, name: string) => page.screenshot({ path: join(tmpdir(), `prosa-setores-respostas-${name}.png`), fullPage: true });

const row = (page: Page, text: string) => page.getByRole('row').filter({ hasText: text });
const nav = (page: Page) => page.getByRole('navigation', { name: 'Menu' });
const log = (page: Page) => page.getByRole('log', { name: 'Mensagens' });

/** The contact writes on WhatsApp: Meta's webhook, signed with the demo app's secret. */
async function contactWrites(phone: string, name: string, text: string) {
  // As WhatsApp knows the number: with the 55 the agent left out.
  const waId = normalizePhone(phone)!;
  const payload = messagesPayload({ phoneNumberId: '100000000000001' }, { waId, name }, [message(waId, content.text(text))]);
  const { body, headers } = signedWebhook(payload, 'demo-app-secret');
  expect((await fetch(`${prosa.url}/webhooks/whatsapp/demo-whatsapp`, { method: 'POST', headers, body })).status).toBe(200);
}

/** A new conversation through "+" (the approved template), answered by the contact so free text may go. */
async function startNew(page: Page, name: string, phone: string) {
  await page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Chat', exact: true }).click();
  await page.getByRole('button', { name: 'Nova conversa' }).click();
  const dialog = page.getByRole('dialog', { name: 'Nova conversa' });
  await dialog.getByLabel('Novo contato').check();
  await dialog.getByLabel('Nome').fill(name);
  await dialog.getByLabel('Telefone (com DDD)').fill(phone);
  await dialog.getByLabel('Parâmetro 1').fill(name.split(' ')[0]);
  await dialog.getByRole('button', { name: 'Confirmar' }).click();
  await expect.poll(() => page.getByRole('heading', { level: 2, name }).count()).toBe(1);
  await contactWrites(phone, name, 'Oi! Pode falar.');
  await expect.poll(() => log(page).textContent()).toContain('Oi! Pode falar.');
  await expect.poll(() => page.getByRole('textbox', { name: 'Mensagem' }).count()).toBe(1);
  return page.getByRole('textbox', { name: 'Mensagem' });
}

describe('Administração > Setores', () => {
  it('creates a sector that only groups people, lists it in order with its members, and moves the default', async () => {
    const { page, context } = await prosa.agent('admin@provedor.demo');
    await nav(page).getByRole('link', { name: 'Setores' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1, name: 'Setores' }).count()).toBe(1);
    await expect.poll(() => row(page, 'Suporte Técnico').count()).toBe(1);
    expect(await row(page, 'Suporte Técnico').getByRole('cell').nth(1).textContent()).toBe('Suporte Técnico Padrão');
    expect(await row(page, 'Suporte Técnico').getByRole('cell').nth(4).textContent()).toContain('Ana Souza');

    await page.getByRole('button', { name: 'Novo setor' }).click();
    const create = page.getByRole('dialog', { name: 'Novo setor' });
    await create.getByLabel('Nome').fill('Retenção');
    await create.getByLabel('Descrição').fill('Equipe que negocia cancelamentos');
    await create.getByLabel('Ordem').fill('9');
    await create.getByLabel('Atende conversas (recebe conversas na Fila)').uncheck();
    expect(await create.getByLabel('Setor padrão').isDisabled()).toBe(true);
    await screenshot(page, 'setor-dialog');
    await create.getByRole('button', { name: 'Salvar' }).click();
    await expect.poll(() => row(page, 'Retenção').count()).toBe(1);
    expect(await row(page, 'Retenção').getByRole('cell').allTextContents())
      .toEqual(['9', 'Retenção', 'Equipe que negocia cancelamentos', 'Só agrupa pessoas', '—', 'Ativo', expect.any(String)]);
    // The last row: position 9 comes after the demo's sectors (position 0).
    expect(await page.getByRole('row').last().getByRole('cell').nth(1).textContent()).toBe('Retenção');
    // It only groups people: it cannot be the default.
    expect(await row(page, 'Retenção').getByRole('button', { name: 'Tornar padrão Retenção' }).count()).toBe(0);

    await row(page, 'Comercial').getByRole('button', { name: 'Tornar padrão Comercial' }).click();
    await expect.poll(() => row(page, 'Comercial').getByRole('cell').nth(1).textContent()).toBe('Comercial Padrão');
    await expect.poll(() => row(page, 'Suporte Técnico').getByRole('cell').nth(1).textContent()).toBe('Suporte Técnico');
    // The default cannot be deactivated: no button, and the server refuses it too.
    expect(await row(page, 'Comercial').getByRole('button', { name: 'Desativar Comercial' }).count()).toBe(0);
    const comercial = (await adminApi('GET', '/sectors?q=comercial')).body[0];
    expect((await adminApi('PATCH', `/sectors/${comercial.id}`, { active: false })).status).toBe(409);
    await screenshot(page, 'setores');

    await page.getByRole('searchbox', { name: 'Buscar setor' }).fill('retencao');
    await expect.poll(() => page.getByRole('row').count()).toBe(2);
    await row(page, 'Retenção').getByRole('button', { name: 'Desativar Retenção' }).click();
    await expect.poll(() => row(page, 'Retenção').getByRole('cell').nth(5).textContent()).toBe('Inativo');
    await context.close();
  });
});

describe('Respostas Rápidas', () => {
  it('lets the administrator write one for everyone, with a variable, that Ana is offered', async () => {
    const { page, context } = await prosa.agent('admin@provedor.demo');
    await nav(page).getByRole('link', { name: 'Respostas Rápidas' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1, name: 'Respostas Rápidas' }).count()).toBe(1);
    await expect.poll(() => row(page, '/saudacao').count()).toBe(1);

    await page.getByRole('button', { name: 'Nova resposta rápida' }).click();
    const create = page.getByRole('dialog', { name: 'Nova resposta rápida' });
    await create.getByLabel('Atalho').fill('/prazo');
    await create.getByLabel('Título').fill('Prazo de instalação');
    await create.getByLabel('Texto').fill('Olá, {{cliente.apelido}}');
    await expect.poll(() => create.getByRole('status').textContent()).toContain('{{cliente.apelido}}');
    await create.getByRole('button', { name: 'Salvar' }).click();
    await expect.poll(() => create.getByRole('alert').textContent()).toMatch(/^Variável desconhecida: \{\{cliente\.apelido\}\}\./);
    await create.getByLabel('Texto').fill('Olá, ');
    await create.getByRole('button', { name: 'Inserir cliente.primeiro_nome' }).click();
    await create.getByLabel('Texto').press('End');
    await create.getByLabel('Texto').pressSequentially('! A instalação leva até 5 dias úteis.');
    expect(await create.getByLabel('Texto').inputValue()).toBe('Olá, {{cliente.primeiro_nome}}! A instalação leva até 5 dias úteis.');
    expect(await create.getByLabel('Para quem').inputValue()).toBe('todos');
    await screenshot(page, 'resposta-dialog');
    await create.getByRole('button', { name: 'Salvar' }).click();
    await expect.poll(() => row(page, '/prazo').count()).toBe(1);
    expect(await row(page, '/prazo').getByRole('cell').allTextContents())
      .toEqual(['/prazo', 'Prazo de instalação', 'Olá, {{cliente.primeiro_nome}}! A instalação leva até 5 dias úteis.', 'Todos', 'Ativa', expect.any(String)]);
    await screenshot(page, 'respostas');
    await context.close();
  });

  it('lets Ana write a personal one and use it with "/", and Bruno is not offered it', async () => {
    const ana = await prosa.agent('ana@provedor.demo');
    await nav(ana.page).getByRole('link', { name: 'Respostas Rápidas' }).click();
    await expect.poll(() => ana.page.getByRole('heading', { level: 1, name: 'Respostas Rápidas' }).count()).toBe(1);
    // Hers only: the shared ones are not listed here, and she cannot choose for whom.
    await expect.poll(() => ana.page.getByText('Nada encontrado.').count()).toBe(1);
    await ana.page.getByRole('button', { name: 'Nova resposta rápida' }).click();
    const create = ana.page.getByRole('dialog', { name: 'Nova resposta rápida' });
    expect(await create.getByLabel('Para quem').count()).toBe(0);
    await create.getByLabel('Atalho').fill('/anatchau');
    await create.getByLabel('Título').fill('Despedida da Ana');
    await create.getByLabel('Texto').fill('Até logo, {{cliente.nome}}! Protocolo {{protocolo}}. — {{atendente.nome}}');
    await create.getByRole('button', { name: 'Salvar' }).click();
    await expect.poll(() => row(ana.page, '/anatchau').count()).toBe(1);
    expect(await row(ana.page, '/anatchau').getByRole('cell').nth(3).textContent()).toBe('Pessoal');
    await screenshot(ana.page, 'respostas-atendente');

    const composer = await startNew(ana.page, 'Rita Pessoal', '11987000071');
    await composer.fill('/praz');
    const options = ana.page.getByRole('listbox', { name: 'Respostas rápidas' }).getByRole('option');
    await expect.poll(() => options.filter({ hasText: '/prazo' }).count()).toBe(1);
    await composer.fill('/anatc');
    await expect.poll(() => options.count()).toBe(1);
    expect(await options.first().textContent()).toContain('/anatchau Despedida da Ana');
    await screenshot(ana.page, 'composer');
    await composer.press('Enter');
    const protocolo = (await adminApi('GET', '/conversations?tab=abertos&q=Rita%20Pessoal')).body.items[0].protocolo;
    await expect.poll(() => composer.inputValue()).toBe(`Até logo, Rita Pessoal! Protocolo ${protocolo}. — Ana Souza`);
    await composer.press('Enter');
    await expect.poll(() => log(ana.page).textContent()).toContain(`Até logo, Rita Pessoal! Protocolo ${protocolo}.`);
    await ana.context.close();

    // Bruno works Suporte too: neither the composer nor Enviar mensagem rápida offers Ana's reply.
    const bruno = await prosa.agent('bruno@provedor.demo');
    const his = await startNew(bruno.page, 'Sérgio Colega', '11987000072');
    await his.fill('/anatc');
    await expect.poll(() => bruno.page.getByText('Nenhuma resposta rápida encontrada.').count()).toBe(1);
    await his.fill('/praz');
    await expect.poll(() => bruno.page.getByRole('listbox', { name: 'Respostas rápidas' }).getByRole('option').filter({ hasText: '/prazo' }).count()).toBe(1);
    await his.fill('');
    await bruno.page.getByRole('button', { name: 'Menu da conversa' }).click();
    await bruno.page.getByRole('menuitem', { name: 'Enviar mensagem rápida' }).click();
    const dialog = bruno.page.getByRole('dialog', { name: 'Enviar mensagem rápida' });
    await expect.poll(() => dialog.getByRole('button', { name: /\/prazo/ }).count()).toBe(1);
    expect(await dialog.getByRole('button', { name: /anatchau/ }).count()).toBe(0);
    await bruno.context.close();
    const brunoApi = await prosa.api('bruno@provedor.demo');
    expect((await brunoApi('GET', '/quick-replies')).body.map((r: { shortcut: string }) => r.shortcut)).not.toContain('anatchau');
  });
});
