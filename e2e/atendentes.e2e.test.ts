// Administração > Atendentes in a real browser: the administrator adds a person and passes on the
// first password shown once; the person logs in with it, must choose their own, and lands in the
// Chat; deactivated, they are out at once.
import { describe, expect, it } from 'vitest';
import { startProsa } from './support/prosa.js';

const prosa = await startProsa();

describe('Atendentes', () => {
  it('adds a person with a first password they replace at their first login, and deactivates them', async () => {
    const admin = await prosa.agent('admin@provedor.demo');
    await admin.page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Atendentes' }).click();
    const table = admin.page.getByRole('table', { name: 'Atendentes' });
    await expect.poll(() => table.getByRole('row').filter({ hasText: 'ana@provedor.demo' }).count()).toBe(1);

    await admin.page.getByRole('button', { name: 'Novo atendente' }).click();
    const dialog = admin.page.getByRole('dialog', { name: 'Novo atendente' });
    await dialog.getByLabel('Nome').fill('Júlia Nova');
    await dialog.getByLabel('E-mail').fill('julia@provedor.demo');
    await dialog.getByLabel('Perfil').selectOption({ label: 'Atendente' });
    await dialog.getByLabel('Suporte Técnico').check();
    await dialog.getByLabel('Conversas simultâneas (máx.)').fill('3');
    await dialog.getByRole('button', { name: 'Adicionar' }).click();
    const shown = admin.page.getByRole('dialog', { name: 'Senha provisória' });
    await expect.poll(() => shown.count()).toBe(1);
    const password = (await shown.locator('code').textContent())!.trim();
    expect(password).toMatch(/^[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}$/);
    await shown.getByRole('button', { name: 'Pronto' }).click();
    const row = table.getByRole('row').filter({ hasText: 'julia@provedor.demo' });
    await expect.poll(() => row.textContent()).toContain('Aguardando 1º acesso');
    expect(await row.textContent()).toContain('Suporte Técnico');

    // Júlia, on her own computer.
    const context = await prosa.browser.newContext({ locale: 'pt-BR' });
    const page = await context.newPage();
    await page.goto(prosa.url);
    await page.getByLabel('E-mail').fill('julia@provedor.demo');
    await page.getByLabel('Senha').fill(password);
    await page.getByRole('button', { name: 'Entrar' }).click();
    const choose = page.getByRole('form', { name: 'Escolha sua senha' });
    await expect.poll(() => choose.count(), { timeout: 15_000 }).toBe(1);
    await choose.getByLabel('Senha provisória').fill(password);
    await choose.getByLabel('Nova senha').fill('julia-escolheu');
    await choose.getByLabel('Confirme a senha').fill('julia-escolheu');
    await choose.getByRole('button', { name: 'Salvar senha e continuar' }).click();
    await expect.poll(() => page.getByRole('tab', { name: /Fila/ }).count(), { timeout: 15_000 }).toBe(1);
    await admin.page.reload();
    await expect.poll(() => table.getByRole('row').filter({ hasText: 'julia@provedor.demo' }).textContent()).toContain('Ativo');

    // A reset, confirmed first, gives a new first password; the one she chose stops working after it.
    await table.getByRole('button', { name: 'Redefinir senha Júlia Nova' }).click();
    await admin.page.getByRole('dialog', { name: 'Redefinir senha' }).getByRole('button', { name: 'Redefinir senha' }).click();
    const again = admin.page.getByRole('dialog', { name: 'Senha provisória' });
    await expect.poll(() => again.count()).toBe(1);
    const second = (await again.locator('code').textContent())!.trim();
    expect(second).not.toBe(password);
    await again.getByRole('button', { name: 'Pronto' }).click();
    await expect.poll(() => table.getByRole('row').filter({ hasText: 'julia@provedor.demo' }).textContent()).toContain('Aguardando 1º acesso');
    await page.reload();
    await expect.poll(() => page.getByRole('button', { name: 'Entrar' }).count(), { timeout: 15_000 }).toBe(1);

    await table.getByRole('button', { name: 'Desativar Júlia Nova' }).click();
    await expect.poll(() => table.getByRole('row').filter({ hasText: 'julia@provedor.demo' }).textContent()).toContain('Inativo');
    // Deactivated, even the password that would work is refused.
    await page.getByLabel('E-mail').fill('julia@provedor.demo');
    await page.getByLabel('Senha').fill(second);
    await page.getByRole('button', { name: 'Entrar' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('E-mail ou senha incorretos.');
    await context.close();
    await admin.context.close();
  });
});
