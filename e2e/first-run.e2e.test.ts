// A provider's real installation, first opened in a browser: the first-run page creates the provider
// and its administrator, who lands in the Chat screen; no page of it says "demonstração".
import { describe, expect, it } from 'vitest';
import { startProsa } from './support/prosa.js';

const prosa = await startProsa({ demo: false });

describe('the first run of a real installation', () => {
  it('creates the provider and its administrator from the page, refusing a wrong CNPJ and passwords that differ first', async () => {
    const context = await prosa.browser.newContext({ locale: 'pt-BR' });
    const page = await context.newPage();
    await page.goto(prosa.url);
    const form = page.getByRole('form', { name: 'Configurar o Prosa' });
    await expect.poll(() => form.count(), { timeout: 15_000 }).toBe(1);
    expect(await page.getByRole('note').count()).toBe(0);

    await form.getByLabel('Nome do provedor').fill('Fibra Já Telecom');
    await form.getByLabel('CNPJ').fill('11.222.333/0001-82');
    await form.getByLabel('Cidade').fill('Campinas');
    await form.getByLabel('Seu nome').fill('Maria Souza');
    await form.getByLabel('E-mail').fill('maria@fibraja.com.br');
    await form.getByLabel('Senha', { exact: true }).fill('uma senha boa');
    await form.getByLabel('Confirme a senha').fill('outra senha');
    await form.getByRole('button', { name: 'Criar provedor e entrar' }).click();
    await expect.poll(() => form.getByRole('alert').textContent()).toBe('As senhas não conferem.');

    await form.getByLabel('Confirme a senha').fill('uma senha boa');
    await form.getByRole('button', { name: 'Criar provedor e entrar' }).click();
    await expect.poll(() => form.getByRole('alert').textContent()).toContain('CNPJ inválido: confira os dígitos verificadores');

    await form.getByLabel('CNPJ').fill('11.222.333/0001-81');
    await form.getByRole('button', { name: 'Criar provedor e entrar' }).click();
    await expect.poll(() => page.getByRole('tab', { name: /Fila/ }).count(), { timeout: 15_000 }).toBe(1);
    expect(await page.getByRole('navigation', { name: 'Menu' }).getByTitle('maria@fibraja.com.br').textContent()).toBe('Maria Souza');

    // A reload keeps her in; after logging out it is the login that opens, not the first run again.
    await page.reload();
    await expect.poll(() => page.getByRole('tab', { name: /Fila/ }).count(), { timeout: 15_000 }).toBe(1);
    await page.getByRole('button', { name: 'Sair' }).click();
    await expect.poll(() => page.getByRole('button', { name: 'Entrar' }).count()).toBe(1);
    expect(await page.getByRole('form', { name: 'Configurar o Prosa' }).count()).toBe(0);
    await page.getByLabel('E-mail').fill('maria@fibraja.com.br');
    await page.getByLabel('Senha').fill('uma senha boa');
    await page.getByRole('button', { name: 'Entrar' }).click();
    await expect.poll(() => page.getByRole('tab', { name: /Fila/ }).count(), { timeout: 15_000 }).toBe(1);
    expect(await page.getByRole('note').count()).toBe(0);
    await context.close();
  });
});
