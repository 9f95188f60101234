// Administração, as the demo's administrator: the Etiquetas and Motivo screens against the real
// server, and what the Chat then offers when closing a conversation.
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startProsa } from './support/prosa.js';

const prosa = await startProsa();
const adminApi = await prosa.api('admin@provedor.demo');
const anaApi = await prosa.api('ana@provedor.demo');

/** Where each screen's picture goes, for a person to look at. */
const screenshot = (page: Page, name: string) => page.screenshot({ path: join(tmpdir(), `prosa-admin-${name}.png`), fullPage: true });

const row = (page: Page, name: string) => page.getByRole('row').filter({ has: page.getByRole('cell', { name, exact: true }) });

/** A live conversation of this sector, with no motivo yet. */
async function liveConversationIn(sector: string) {
  for (const tab of ['fila', 'abertos']) {
    const list = await adminApi('GET', `/conversations?tab=${tab}&limit=100`);
    const found = list.body.items.find((c: any) => c.sector?.name === sector && c.motivo === null);
    if (found) return { ...found, tab: tab === 'fila' ? 'Fila' : 'Abertos' } as { id: number; contact: { name: string }; tab: 'Fila' | 'Abertos' };
  }
  throw new Error(`no live conversation in ${sector} without a motivo`);
}

/** The Fechar conversa pop-up of a conversation, opened from the Chat: the motivos it offers. */
async function closeDialogOptions(page: Page, conversation: { contact: { name: string }; tab: 'Fila' | 'Abertos' }) {
  await page.getByRole('link', { name: 'Chat', exact: true }).click();
  await page.getByRole('tab', { name: new RegExp(`^${conversation.tab}`) }).click();
  await page.getByPlaceholder('Digite o nome do contato').fill(conversation.contact.name);
  const name = conversation.contact.name;
  await page.getByRole('list', { name: conversation.tab }).getByRole('listitem').filter({ hasText: name }).first().getByRole('button', { name }).click();
  await expect.poll(() => page.getByRole('heading', { level: 2, name }).count()).toBe(1);
  await page.getByRole('button', { name: 'Menu da conversa' }).click();
  const menuOptions = await page.getByRole('complementary', { name: 'Menu da conversa' }).getByLabel('Motivo').locator('option').allTextContents();
  await page.getByRole('menuitem', { name: 'Fechar conversa' }).click();
  const dialog = page.getByRole('dialog', { name: 'Fechar conversa' });
  await expect.poll(() => dialog.getByLabel('Motivo').locator('option').count()).toBeGreaterThan(1);
  const options = await dialog.getByLabel('Motivo').locator('option').allTextContents();
  await dialog.getByRole('button', { name: 'Cancelar' }).click();
  await page.getByRole('button', { name: 'Fechar menu' }).click();
  return { dialog: options, menu: menuOptions };
}

describe('Administração > Etiquetas', () => {
  it('creates, edits, deactivates and reactivates an etiqueta, and counts the conversations that carry it', async () => {
    const { page, context } = await prosa.agent('admin@provedor.demo');
    const nav = page.getByRole('navigation', { name: 'Menu' });
    await nav.getByRole('link', { name: 'Etiquetas' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1, name: 'Etiquetas' }).count()).toBe(1);
    // The demo's tags, each with the count the database gives.
    const overview = (await adminApi('GET', '/tags/overview')).body as { name: string; conversationCount: number }[];
    await expect.poll(() => row(page, 'Urgente').count()).toBe(1);
    const urgente = overview.find((t) => t.name === 'Urgente')!;
    expect(await row(page, 'Urgente').getByRole('cell').nth(2).textContent()).toBe(String(urgente.conversationCount));
    await screenshot(page, 'etiquetas');

    await page.getByRole('button', { name: 'Nova etiqueta' }).click();
    const create = page.getByRole('dialog', { name: 'Nova etiqueta' });
    await create.getByLabel('Nome').fill('Retenção');
    await create.getByLabel('Cor').fill('#0ea5e9');
    await create.getByLabel('Descrição').fill('Cliente falou em cancelar');
    await screenshot(page, 'etiqueta-dialog');
    await create.getByRole('button', { name: 'Salvar' }).click();
    await expect.poll(() => row(page, 'Retenção').count()).toBe(1);
    expect(await row(page, 'Retenção').getByRole('cell').allTextContents()).toEqual(['Retenção', 'Cliente falou em cancelar', '0', 'Ativa', expect.any(String)]);

    // An agent puts it on a conversation; the screen counts it.
    const tag = (await adminApi('GET', '/tags?q=Retenção')).body[0];
    const conversation = await liveConversationIn('Suporte Técnico');
    expect((await adminApi('POST', `/conversations/${conversation.id}/tags`, { tagId: tag.id })).status).toBe(200);
    await page.getByRole('searchbox', { name: 'Buscar etiqueta' }).fill('retencao');
    await expect.poll(() => page.getByRole('row').count()).toBe(2);
    await expect.poll(() => row(page, 'Retenção').getByRole('cell').nth(2).textContent()).toBe('1');

    await row(page, 'Retenção').getByRole('button', { name: 'Editar Retenção' }).click();
    const edit = page.getByRole('dialog', { name: 'Editar etiqueta' });
    expect(await edit.getByLabel('Descrição').inputValue()).toBe('Cliente falou em cancelar');
    await edit.getByLabel('Nome').fill('Retenção de cliente');
    await edit.getByRole('button', { name: 'Salvar' }).click();
    await page.getByRole('searchbox', { name: 'Buscar etiqueta' }).fill('');
    // The unfiltered list may show its cached rows (the old name) for a moment before it is fetched again.
    await expect.poll(async () => [await row(page, 'Retenção de cliente').count(), await row(page, 'Retenção').count()]).toEqual([1, 0]);

    await row(page, 'Retenção de cliente').getByRole('button', { name: 'Desativar Retenção de cliente' }).click();
    await expect.poll(() => row(page, 'Retenção de cliente').getByRole('cell').nth(3).textContent()).toBe('Inativa');
    await screenshot(page, 'etiquetas-inactive');
    // Agents still read the list, and see it is out of use; the conversation keeps it.
    const forAna = (await anaApi('GET', '/tags')).body.find((t: { id: number }) => t.id === tag.id);
    expect(forAna).toMatchObject({ name: 'Retenção de cliente', active: false });
    expect((await adminApi('GET', `/conversations/${conversation.id}`)).body.tags.map((t: { id: number }) => t.id)).toContain(tag.id);

    await row(page, 'Retenção de cliente').getByRole('button', { name: 'Reativar Retenção de cliente' }).click();
    await expect.poll(() => row(page, 'Retenção de cliente').getByRole('cell').nth(3).textContent()).toBe('Ativa');
    await context.close();
  });

  it('shows the Administração group to administrators only', async () => {
    const { page, context } = await prosa.agent('carla@provedor.demo');
    expect(await page.getByRole('link', { name: 'Etiquetas' }).count()).toBe(0);
    expect(await page.getByRole('link', { name: 'Motivo' }).count()).toBe(0);
    await context.close();
  });
});

describe('Administração > Motivo', () => {
  it('creates a motivo for one sector, which the close pop-up offers only there, edits it and deactivates it', async () => {
    const { page, context } = await prosa.agent('admin@provedor.demo');
    await page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Motivo' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1, name: 'Motivo' }).count()).toBe(1);
    await expect.poll(() => row(page, 'Sem conexão').count()).toBe(1);
    expect(await row(page, 'Sem conexão').getByRole('cell').nth(2).textContent()).toBe('Todos os setores');

    await page.getByRole('button', { name: 'Novo motivo' }).click();
    const create = page.getByRole('dialog', { name: 'Novo motivo' });
    await create.getByLabel('Nome').fill('Portabilidade');
    await create.getByLabel('Descrição').fill('Cliente quer trazer o número de outra operadora');
    await create.getByRole('checkbox', { name: 'Comercial' }).check();
    await screenshot(page, 'motivo-dialog');
    await create.getByRole('button', { name: 'Salvar' }).click();
    await expect.poll(() => row(page, 'Portabilidade').count()).toBe(1);
    expect(await row(page, 'Portabilidade').getByRole('cell').allTextContents())
      .toEqual(['Portabilidade', 'Cliente quer trazer o número de outra operadora', 'Comercial', 'Ativo', expect.any(String)]);

    await row(page, 'Portabilidade').getByRole('button', { name: 'Editar Portabilidade' }).click();
    const edit = page.getByRole('dialog', { name: 'Editar motivo' });
    expect(await edit.getByRole('checkbox', { name: 'Comercial' }).isChecked()).toBe(true);
    await edit.getByLabel('Nome').fill('Portabilidade de número');
    await edit.getByRole('button', { name: 'Salvar' }).click();
    await page.getByRole('searchbox', { name: 'Buscar motivo' }).fill('portab');
    await expect.poll(() => page.getByRole('row').count()).toBe(2);
    expect(await row(page, 'Portabilidade de número').getByRole('cell').nth(2).textContent()).toBe('Comercial');
    await screenshot(page, 'motivos');

    // The close pop-up of a Suporte conversation does not offer it; a Comercial one does.
    const suporte = await liveConversationIn('Suporte Técnico');
    const comercial = await liveConversationIn('Comercial');
    const inSuporte = await closeDialogOptions(page, suporte);
    expect(inSuporte.dialog).toContain('Sem conexão');
    expect(inSuporte.dialog).not.toContain('Portabilidade de número');
    expect(inSuporte.menu).not.toContain('Portabilidade de número');
    const inComercial = await closeDialogOptions(page, comercial);
    expect(inComercial.dialog).toContain('Portabilidade de número');
    expect(inComercial.menu).toContain('Portabilidade de número');
    // And the server refuses it there too, whatever a client sends.
    const motivo = (await adminApi('GET', '/motivos?q=portabilidade')).body[0];
    const refused = await adminApi('PUT', `/conversations/${suporte.id}/motivo`, { motivoId: motivo.id });
    expect(refused.status).toBe(422);
    expect(refused.body.error.code).toBe('motivo_not_for_sector');

    // Set on the Comercial conversation, then deactivated: Fechar conversa asks for another, and the server refuses it.
    expect((await adminApi('PUT', `/conversations/${comercial.id}/motivo`, { motivoId: motivo.id })).status).toBe(200);
    await page.getByRole('link', { name: 'Motivo', exact: true }).click();
    await page.getByRole('searchbox', { name: 'Buscar motivo' }).fill('portab');
    await row(page, 'Portabilidade de número').getByRole('button', { name: 'Desativar Portabilidade de número' }).click();
    await expect.poll(() => row(page, 'Portabilidade de número').getByRole('cell').nth(3).textContent()).toBe('Inativo');
    const afterDeactivation = await closeDialogOptions(page, comercial);
    expect(afterDeactivation.dialog).not.toContain('Portabilidade de número');
    expect(afterDeactivation.dialog).toContain('Sem conexão');
    for (const [method, path, body] of [['PUT', 'motivo', { motivoId: motivo.id }], ['POST', 'close', undefined]] as const) {
      const inactive = await adminApi(method, `/conversations/${comercial.id}/${path}`, body);
      expect(inactive.status).toBe(422);
      expect(inactive.body.error.code).toBe('motivo_inactive');
    }
    await context.close();
  });
});
