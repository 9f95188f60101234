// No serious or critical accessibility violation, as axe-core (Deque's engine, injected from
// node_modules) finds them: on the login, the list, a conversation and each pop-up an agent opens
// from it, on a desktop and on a phone.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { DEMO_PASSWORD, startProsa } from './support/prosa.js';

const prosa = await startProsa();
const carlaApi = await prosa.api('carla@provedor.demo');
// Evaluated through the browser's devtools protocol: the app's CSP (script-src 'self') refuses a script tag.
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

interface Violation { id: string; impact: string | null; help: string; nodes: { target: string[]; html: string; failureSummary?: string }[] }

/** The serious and critical violations on the page as it is now, one readable line each. */
async function violations(page: Page, include?: string): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE);
  const found = await page.evaluate(async (include) => {
    const axe = (window as unknown as { axe: { run(context: unknown, options: unknown): Promise<{ violations: Violation[] }> } }).axe;
    const result = await axe.run(include ? { include: [include] } : document, { resultTypes: ['violations'] });
    return result.violations;
  }, include);
  return found
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 5).map((n) => `${n.target.join(' ')} ${n.html.slice(0, 120)} ${(n.failureSummary ?? '').replace(/\s+/g, ' ').slice(0, 160)}`).join(' | ')}`);
}

async function dialogOpen(page: Page, name: string): Promise<Locator> {
  const dialog = page.getByRole('dialog', { name });
  await expect.poll(() => dialog.count()).toBe(1);
  // Radix animates nothing here, but the focus moves in after the first frame.
  await page.waitForTimeout(100);
  return dialog;
}

async function closeDialog(page: Page, dialog: Locator) {
  await page.keyboard.press('Escape');
  await expect.poll(() => dialog.count()).toBe(0);
}

const menu = (page: Page) => page.getByRole('complementary', { name: 'Menu da conversa' });

async function menuAction(page: Page, name: string, dialogName = name) {
  if (await menu(page).count() === 0) await page.getByRole('button', { name: 'Menu da conversa' }).click();
  await menu(page).getByRole('menuitem', { name, exact: true }).click();
  return dialogOpen(page, dialogName);
}

describe('accessibility (axe-core: no serious or critical violation)', () => {
  for (const viewport of [{ width: 1440, height: 900 }, { width: 390, height: 844 }]) {
    it(`has none on the login at ${viewport.width} px`, async () => {
      const context = await prosa.browser.newContext({ viewport, locale: 'pt-BR' });
      const page = await context.newPage();
      await page.goto(prosa.url);
      await expect.poll(() => page.getByLabel('E-mail').count()).toBe(1);
      expect(await violations(page)).toEqual([]);
      // A wrong password's message too.
      await page.getByLabel('E-mail').fill('carla@provedor.demo');
      await page.getByLabel('Senha').fill(`${DEMO_PASSWORD}-errada`);
      await page.getByRole('button', { name: 'Entrar' }).click();
      await expect.poll(() => page.getByRole('alert').count()).toBe(1);
      expect(await violations(page)).toEqual([]);
      await context.close();
    });
  }

  it('has none on the list and a conversation on a phone (390 px)', async () => {
    const context = await prosa.browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: 'pt-BR' });
    const page = await context.newPage();
    await page.goto(prosa.url);
    await page.getByLabel('E-mail').fill('ana@provedor.demo');
    await page.getByLabel('Senha').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Entrar' }).click();
    await page.getByRole('tab', { name: /^Meus/ }).click();
    const rows = page.getByRole('list', { name: 'Meus atendimentos' }).getByRole('listitem');
    await expect.poll(() => rows.count(), { timeout: 15_000 }).toBeGreaterThan(0);
    expect(await violations(page), 'Meus atendimentos').toEqual([]);
    await rows.first().locator('.row-open').click();
    await expect.poll(() => page.getByRole('log', { name: 'Mensagens' }).locator('article').count()).toBeGreaterThan(0);
    expect(await violations(page), 'conversation').toEqual([]);
    await page.getByRole('button', { name: 'Menu da conversa' }).click();
    await expect.poll(() => menu(page).count()).toBe(1);
    expect(await violations(page), 'Menu da conversa').toEqual([]);
    await context.close();
  });

  it('has none on the list, a conversation, its menu and each pop-up', async () => {
    const { page, context } = await prosa.agent('carla@provedor.demo');
    // Every screen's findings, named by where they were: one run tells them all.
    const found: string[] = [];
    const check = async (where: string) => found.push(...(await violations(page)).map((line) => `${where}: ${line}`));
    await check('Fila');
    await page.getByRole('tab', { name: /^Abertos/ }).click();
    await expect.poll(() => page.getByRole('list', { name: 'Abertos' }).getByRole('listitem').count()).toBeGreaterThan(0);
    await check('Abertos');

    // A demo conversation with a client linked: the provider's side opens too.
    const abertos = (await carlaApi('GET', '/conversations?tab=abertos&limit=100')).body.items as { id: number }[];
    let withClient: { id: number } | undefined;
    for (const c of abertos) if (!withClient && (await carlaApi('GET', `/conversations/${c.id}`)).body.client) withClient = c;
    await page.goto(`${prosa.url}/chat/abertos/${withClient!.id}`);
    await expect.poll(() => page.getByRole('log', { name: 'Mensagens' }).locator('article').count()).toBeGreaterThan(0);
    await check('conversation');

    await page.locator('.conversation-head .contract-dot').click();
    let dialog = await dialogOpen(page, 'Contratos');
    await check('Contratos');
    await closeDialog(page, dialog);

    // The composer's right-click menu, and the emoji panel it opens.
    await page.getByRole('textbox', { name: 'Mensagem' }).click({ button: 'right' });
    await expect.poll(() => page.getByRole('menuitem', { name: 'Emojis' }).count()).toBe(1);
    await check('menu do campo de mensagem');
    await page.getByRole('menuitem', { name: 'Emojis' }).click();
    await expect.poll(() => page.getByRole('searchbox', { name: 'Buscar emoji' }).count()).toBe(1);
    await page.waitForTimeout(300);
    await check('Emojis');
    await page.getByRole('dialog', { name: 'Emojis' }).getByRole('button', { name: 'Fechar' }).click();
    await expect.poll(() => page.getByRole('dialog', { name: 'Emojis' }).count()).toBe(0);

    const composer = page.getByRole('textbox', { name: 'Mensagem' });
    await composer.click();
    await composer.fill('/');
    await expect.poll(() => page.getByRole('listbox', { name: 'Respostas rápidas' }).count()).toBe(1);
    await check('Respostas rápidas');
    await composer.fill('');

    const newConversation = page.getByRole('button', { name: 'Nova conversa' });
    await newConversation.click();
    dialog = await dialogOpen(page, 'Nova conversa');
    await check('Nova conversa');
    await closeDialog(page, dialog);

    await page.getByRole('button', { name: 'Buscar em todas as conversas' }).click();
    dialog = await dialogOpen(page, 'Buscar em todas as conversas');
    await dialog.getByRole('searchbox').fill('boleto');
    await expect.poll(() => dialog.getByRole('listitem').count()).toBeGreaterThan(0);
    await check('Buscar em todas as conversas');
    await closeDialog(page, dialog);

    await page.getByRole('button', { name: 'Buscar na conversa' }).click();
    await check('Buscar na conversa');
    await page.getByRole('button', { name: 'Buscar na conversa' }).click();

    await page.getByRole('button', { name: 'Etiquetas' }).click();
    dialog = await dialogOpen(page, 'Etiquetas');
    await check('Etiquetas');
    await closeDialog(page, dialog);

    await page.getByRole('button', { name: 'Menu da conversa' }).click();
    await expect.poll(() => menu(page).count()).toBe(1);
    await check('Menu da conversa');

    const opened: string[] = [];
    for (const [action, title] of [
      ['Enviar boleto', 'Enviar boleto'], ['Enviar notas fiscais', 'Enviar notas fiscais'], ['Conceder bônus', 'Conceder bônus'],
      ['Enviar mensagem rápida', 'Enviar mensagem rápida'], ['Novo atendimento', 'Novo atendimento'], ['Editar conversa', 'Editar conversa'],
      ['Fechar conversa', 'Fechar conversa'], ['Bloquear contato', 'Bloquear contato'],
    ]) {
      const item = menu(page).getByRole('menuitem', { name: action, exact: true });
      if (await item.count() === 0 || await item.getAttribute('aria-disabled') === 'true') continue;
      dialog = await menuAction(page, action, title);
      await check(title);
      opened.push(title);
      await closeDialog(page, dialog);
    }
    // The demo conversation has its client, so the provider's pop-ups opened too.
    expect(opened).toEqual(['Enviar boleto', 'Enviar notas fiscais', 'Conceder bônus', 'Enviar mensagem rápida', 'Novo atendimento', 'Editar conversa', 'Fechar conversa', 'Bloquear contato']);
    await menu(page).getByRole('button', { name: 'Editar contato' }).click();
    dialog = await dialogOpen(page, 'Editar contato');
    await check('Editar contato');
    await closeDialog(page, dialog);

    const responsavel = menu(page).getByLabel('Responsável');
    const other = await responsavel.locator('option:not([value=""])').evaluateAll((options, current) =>
      options.map((o) => (o as HTMLOptionElement).value).find((v) => v !== current), await responsavel.inputValue());
    await responsavel.selectOption(other!);
    dialog = page.getByRole('dialog', { name: /^Transferir para / });
    await expect.poll(() => dialog.count()).toBe(1);
    await check('Transferir');
    await closeDialog(page, dialog);

    // The composer's own: the attachment preview.
    await page.evaluate(() => {
      const data = new DataTransfer();
      data.items.add(new File(['%PDF-1.4\n'], 'contrato.pdf', { type: 'application/pdf' }));
      document.querySelector('textarea[aria-label="Mensagem"]')!.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
    });
    dialog = await dialogOpen(page, 'Enviar anexo');
    await check('Enviar anexo');
    await closeDialog(page, dialog);
    expect(found).toEqual([]);
    await context.close();
  });
});
