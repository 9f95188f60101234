// Administração > Bot against the real server: the demo's administrator adds an option that sends
// the subscriber to Financeiro, turns the bot on and saves; after a reload it is all there. The menu
// goes out as a file (a real download) and comes back in (a real upload), and a file naming a sector
// this provider does not have is refused in words.
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startProsa } from './support/prosa.js';

const prosa = await startProsa();

const screenshot = (page: Page, name: string) => page.screenshot({ path: join(tmpdir(), `prosa-bot-${name}.png`), fullPage: true });
const nav = (page: Page) => page.getByRole('navigation', { name: 'Menu' });
const optionLabels = (page: Page) => page.getByLabel(/^Opção \d+: nome$/);

describe('Administração > Bot', () => {
  it('adds an option to Financeiro, turns the bot on, saves, and moves the menu out and back in as a file', async () => {
    const { page, context } = await prosa.agent('admin@provedor.demo');
    await nav(page).getByRole('link', { name: 'Bot', exact: true }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1, name: 'Bot' }).count()).toBe(1);
    // The demo's menu, off and ready.
    await expect.poll(() => optionLabels(page).count()).toBe(5);
    expect(await page.getByLabel('Bot ligado').isChecked()).toBe(false);
    expect(await page.getByLabel('Motivo do encerramento').locator('option:checked').textContent()).toBe('Sem resposta');

    await page.getByRole('button', { name: 'Adicionar opção' }).click();
    await page.getByLabel('Opção 6: nome').fill('Falar com o financeiro');
    await page.getByLabel('Opção 6: o que faz').selectOption({ label: 'Falar com um atendente' });
    await page.getByLabel('Bot ligado').check();
    // No sector yet: refused, and said beside the sector.
    await page.getByRole('button', { name: 'Salvar' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toBe('Corrija os campos indicados.');
    const sector = page.getByLabel('Opção 6: setor');
    expect(await sector.getAttribute('aria-invalid')).toBe('true');
    const describedBy = await sector.getAttribute('aria-describedby');
    expect(await page.locator(`#${describedBy}`).textContent()).toBe('escolha o setor que atende esta opção');
    await sector.scrollIntoViewIfNeeded();
    await screenshot(page, 'erro');

    await sector.selectOption({ label: 'Financeiro' });
    await page.getByRole('button', { name: 'Salvar' }).click();
    await expect.poll(() => page.getByText('Bot salvo.').count()).toBe(1);

    await page.reload();
    await expect.poll(() => page.getByLabel('Opção 6: nome').inputValue()).toBe('Falar com o financeiro');
    expect(await page.getByLabel('Bot ligado').isChecked()).toBe(true);
    expect(await page.getByLabel('Opção 6: setor').locator('option:checked').textContent()).toBe('Financeiro');
    await screenshot(page, 'tela');
    await page.locator('.page').evaluate((el) => el.scrollTo(0, el.scrollHeight));
    await screenshot(page, 'fim');

    // Exportar JSON: a download named prosa-bot.json, sectors and motivo by name.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Exportar JSON' }).click()]);
    expect(download.suggestedFilename()).toBe('prosa-bot.json');
    const text = readFileSync(await download.path(), 'utf8');
    const file = JSON.parse(text);
    expect(file).toMatchObject({ format: 'prosa-bot', version: 1, flow: { enabled: true, timeoutMotivo: 'Sem resposta' } });
    expect(file.flow.options.at(-1)).toMatchObject({ label: 'Falar com o financeiro', action: 'atendente', sector: 'Financeiro' });

    // Change the menu, then bring the file back: the form shows the file's menu.
    await page.getByRole('button', { name: 'Remover opção 6' }).click();
    await page.getByLabel('Bot ligado').uncheck();
    await page.getByRole('button', { name: 'Salvar' }).click();
    await expect.poll(() => optionLabels(page).count()).toBe(5);
    await expect.poll(() => page.getByText('Bot salvo.').count()).toBeGreaterThan(0);
    await page.reload();
    await expect.poll(() => optionLabels(page).count()).toBe(5);
    await page.getByLabel('Importar JSON').setInputFiles({ name: 'prosa-bot.json', mimeType: 'application/json', buffer: Buffer.from(text) });
    await expect.poll(() => page.getByText('Bot importado do arquivo.').count()).toBe(1);
    await expect.poll(() => optionLabels(page).count()).toBe(6);
    expect(await page.getByLabel('Opção 6: nome').inputValue()).toBe('Falar com o financeiro');
    expect(await page.getByLabel('Bot ligado').isChecked()).toBe(true);

    // A file from an installation whose sector this one does not have: refused, by name; nothing changes.
    file.flow.options.at(-1).sector = 'Cobrança';
    await page.getByLabel('Importar JSON').setInputFiles({ name: 'outro-prosa.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(file)) });
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('Setor "Cobrança" não existe neste provedor');
    await page.getByLabel('Importar JSON').setInputFiles({ name: 'nota.json', mimeType: 'application/json', buffer: Buffer.from('não é json') });
    await expect.poll(() => page.getByRole('alert').textContent()).toBe('O arquivo não é um JSON válido.');
    expect(await page.getByLabel('Opção 6: setor').locator('option:checked').textContent()).toBe('Financeiro');
    await context.close();
  });
});
