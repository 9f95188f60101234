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
