// The Chat screen as an agent uses it, in a real browser against the real server.
import { describe, expect, it } from 'vitest';
import { startProsa } from './support/prosa.js';

const prosa = await startProsa();

describe('logging in', () => {
  it('logs in with a demo login, survives a reload, and logs out — every page saying it is the demo', async () => {
    const { page, context } = await prosa.agent('ana@provedor.demo');
    await expect.poll(() => page.getByRole('navigation', { name: 'Menu' }).getByText('Ana Souza').count()).toBe(1);
    const banner = page.getByRole('note').filter({ hasText: 'Demonstração: dados e acessos fictícios' });
    expect(await banner.count()).toBe(1);
    await page.reload();
    await expect.poll(() => page.getByRole('tab', { name: /Fila/ }).count()).toBe(1);
    await page.getByRole('button', { name: 'Sair' }).click();
    await expect.poll(() => page.getByRole('button', { name: 'Entrar' }).count()).toBe(1);
    expect(await banner.count()).toBe(1);
    await context.close();
  });

  it('says so when the password is wrong', async () => {
    const context = await prosa.browser.newContext();
    const page = await context.newPage();
    await page.goto(prosa.url);
    await page.getByLabel('E-mail').fill('ana@provedor.demo');
    await page.getByLabel('Senha').fill('errada');
    await page.getByRole('button', { name: 'Entrar' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toBe('E-mail ou senha incorretos.');
    await context.close();
  });

  it('locks an account after wrong passwords, says so, and shows it to a supervisor, who frees it', async () => {
    const guess = (password: string) => fetch(`${prosa.url}/api/v1/auth/login`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'bruno@provedor.demo', password }),
    });
    for (let i = 0; i < 5; i++) expect((await guess(`errada-${i}`)).status).toBe(401);
    const refused = await guess('prosa123');
    expect(refused.status).toBe(429);
    expect((await refused.json()).error.message).toMatch(/^Muitas tentativas com senha errada\./);

    const { page, context } = await prosa.agent('carla@provedor.demo');
    const notice = page.getByRole('status').filter({ hasText: 'Contas travadas por senha errada' });
    await expect.poll(() => notice.textContent()).toMatch(/Bruno Lima \(até \d\d:\d\d, 5 tentativas\)/);
    await notice.getByRole('button', { name: 'Liberar' }).click();
    await expect.poll(() => notice.count()).toBe(0);
    expect((await guess('prosa123')).status).toBe(200);
    await context.close();
  });
});

describe('the list: Fila, Abertos, Fechados', () => {
  it('shows the three tabs with their counts and the rows of each', async () => {
    const { page, context } = await prosa.agent('carla@provedor.demo');
    const api = await prosa.api('carla@provedor.demo');
    const { body } = await api('GET', '/conversations?tab=fila');
    for (const [tab, count] of [['Fila', body.counts.fila.total], ['Abertos', body.counts.abertos.total], ['Fechados', body.counts.fechados.total]]) {
      await expect.poll(() => page.getByRole('tab', { name: new RegExp(`^${tab}`) }).textContent()).toBe(`${tab}${count}`);
    }
    const rows = page.getByRole('list', { name: 'Fila' }).getByRole('listitem');
    await expect.poll(() => rows.count()).toBe(body.items.length);
    const first = body.items[0];
    await expect.poll(() => rows.first().textContent()).toContain(first.contact.name);
    expect(await rows.first().textContent()).toContain(first.lastMessagePreview.slice(0, 20));
    expect(await rows.first().textContent()).toMatch(/aguardando \d+/);

    await page.getByRole('tab', { name: /^Fechados/ }).click();
    await expect.poll(() => page.getByRole('list', { name: 'Fechados' }).getByRole('listitem').count()).toBeGreaterThan(0);
    await context.close();
  });

  it('finds a contact by name without accents ("conceicao") and filters by atendente', async () => {
    const { page, context } = await prosa.agent('carla@provedor.demo');
    await page.getByRole('tab', { name: /^Fechados/ }).click();
    await page.getByPlaceholder('Digite o nome do contato').fill('conceicao');
    const rows = page.getByRole('list', { name: 'Fechados' }).getByRole('listitem');
    await expect.poll(async () => (await rows.allTextContents()).every((text) => text.includes('Conceição')) && (await rows.count()) > 0).toBe(true);
    await page.getByPlaceholder('Digite o nome do contato').fill('');

    await page.getByLabel('Atendente').selectOption({ label: 'Ana Souza' });
    await expect.poll(async () => {
      const texts = await rows.allTextContents();
      return texts.length > 0 && texts.every((text) => text.includes('Ana Souza'));
    }).toBe(true);
    await context.close();
  });
});

describe('addresses', () => {
  it('puts the tab and the open conversation in the address: a reload, a shared link and the back button keep them', async () => {
    const { page, context } = await prosa.agent('carla@provedor.demo');
    await page.getByRole('tab', { name: /^Fechados/ }).click();
    await expect.poll(() => new URL(page.url()).pathname).toBe('/chat/fechados');
    const row = page.getByRole('list', { name: 'Fechados' }).getByRole('listitem').first();
    const name = (await row.locator('.row-name').textContent())!;
    await row.getByRole('button').first().click();
    await expect.poll(() => new URL(page.url()).pathname).toMatch(/^\/chat\/fechados\/\d+$/);
    const link = page.url();
    await expect.poll(() => page.getByRole('heading', { level: 2 }).textContent()).toContain(name.trim());

    await page.reload();
    await expect.poll(() => page.getByRole('heading', { level: 2 }).textContent(), { timeout: 15_000 }).toContain(name.trim());
    expect(await page.getByRole('tab', { name: /^Fechados/ }).getAttribute('aria-selected')).toBe('true');

    // The same link, sent to a colleague.
    const other = await prosa.agent('admin@provedor.demo');
    await other.page.goto(link);
    await expect.poll(() => other.page.getByRole('heading', { level: 2 }).textContent(), { timeout: 15_000 }).toContain(name.trim());

    // Each screen has its address too; the old #/ links still open theirs.
    await other.page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Atendentes' }).click();
    await expect.poll(() => new URL(other.page.url()).pathname).toBe('/atendentes');
    await other.page.reload();
    await expect.poll(() => other.page.getByRole('heading', { level: 1, name: 'Atendentes' }).count(), { timeout: 15_000 }).toBe(1);
    await other.page.goBack();
    await expect.poll(() => other.page.getByRole('heading', { level: 2 }).textContent(), { timeout: 15_000 }).toContain(name.trim());
    await other.page.goto(`${prosa.url}/#/bloqueados`);
    await expect.poll(() => new URL(other.page.url()).pathname, { timeout: 15_000 }).toBe('/bloqueados');
    await expect.poll(() => other.page.getByRole('heading', { level: 1, name: 'Bloqueados' }).count()).toBe(1);
    expect((await fetch(`${prosa.url}/chat/abertos/1`)).headers.get('content-type')).toContain('text/html');
    expect((await fetch(`${prosa.url}/nada-aqui`)).status).toBe(404);
    await other.context.close();
    await context.close();
  });
});
