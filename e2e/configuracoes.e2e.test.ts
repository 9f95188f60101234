// Administração > Configurações do chat against the real server: the demo's administrator sets the
// messages and business hours that make the desk closed now (today is a holiday), and a WhatsApp
// subscriber who writes twice receives the out-of-hours message once, at the demo's WhatsApp stand-in.
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { content, message, messagesPayload, signedWebhook } from '../server/demo/whatsapp/meta-payloads.js';
import { startProsa } from './support/prosa.js';

const prosa = await startProsa();
const GRAPH = `${prosa.url}/_demo/graph`;
const WA_ID = '5511970055501';

const screenshot = (page: Page, name: string) => page.screenshot({ path: join(tmpdir(), `prosa-configuracoes-${name}.png`), fullPage: true });
const nav = (page: Page) => page.getByRole('navigation', { name: 'Menu' });
const todayInSaoPaulo = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Sao_Paulo', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());

async function subscriberWrites(text: string, id: string) {
  const payload = messagesPayload({ phoneNumberId: '100000000000001' }, { waId: WA_ID, name: 'Rita Moraes' }, [message(WA_ID, content.text(text), { id })]);
  const { body, headers } = signedWebhook(payload, 'demo-app-secret');
  expect((await fetch(`${prosa.url}/webhooks/whatsapp/demo-whatsapp`, { method: 'POST', headers, body })).status).toBe(200);
}

/** The texts the subscriber's WhatsApp received (the stand-in's record of accepted calls). */
async function received(): Promise<string[]> {
  const { requests } = await (await fetch(`${GRAPH}/_sent`)).json() as { requests: { kind: string; body: Record<string, any> }[] };
  return requests.filter((r) => r.kind === 'message' && r.body.to === WA_ID && r.body.type === 'text').map((r) => r.body.text.body as string);
}

describe('Administração > Configurações do chat', () => {
  it('saves the messages and hours, refuses an unknown variable, and a subscriber writing out of hours is answered once', async () => {
    const { page, context } = await prosa.agent('admin@provedor.demo');
    await nav(page).getByRole('link', { name: 'Configurações do chat' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1, name: 'Configurações do chat' }).count()).toBe(1);
    await expect.poll(() => page.getByText('Habilitado para este provedor.').count()).toBe(1);
    expect(await page.getByText(/Para utilizar este módulo, é necessário realizar a contratação/).count()).toBe(1);

    await page.getByLabel(/^Saudação/).fill('Oi {{cliente.primeiro_nome}}! Seu protocolo é {{protocolo}}.');
    await page.getByLabel(/^Mensagem fora do horário/).fill('{{cliente.primeiro_nome}}, estamos fora do horário. Protocolo {{protocolo}}: responderemos no próximo dia útil.');
    await page.getByLabel(/^Mensagem de encerramento/).fill('Até logo, {{cliente.apelido}}!');
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Variável desconhecida: {{cliente.apelido}}' }).count()).toBe(1);

    await page.getByLabel('Atender somente no horário abaixo').check();
    // Monday to Friday 08:00–12:00 and 13:00–18:00, Saturday mornings, Sunday closed.
    for (const day of ['Segunda-feira', 'Terça-feira', 'Quarta-feira', 'Quinta-feira', 'Sexta-feira']) {
      await page.getByLabel(`${day}: fim do 1º intervalo`).fill('12:00');
      await page.getByLabel(`${day}: início do 2º intervalo`).fill('13:00');
      await page.getByLabel(`${day}: fim do 2º intervalo`).fill('18:00');
    }
    await page.getByLabel('Aberto Sábado').check();
    await page.getByLabel('Sábado: fim do 1º intervalo').fill('12:00');
    // Today is a holiday: the desk is closed now, whatever the hour.
    await page.getByRole('button', { name: 'Adicionar feriado' }).click();
    await page.getByLabel('Data do feriado').fill(todayInSaoPaulo());
    await page.getByLabel('Nome do feriado').fill('Feriado municipal');

    await page.getByRole('button', { name: 'Salvar' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('Variável desconhecida: {{cliente.apelido}}');
    await page.getByLabel(/^Mensagem de encerramento/).fill('Até logo, {{cliente.nome}}! Atendimento encerrado por {{atendente.nome}}.');
    await page.getByRole('button', { name: 'Salvar' }).click();
    await expect.poll(() => page.getByText('Configurações do chat salvas.').count()).toBe(1);
    // Saved, the page is ready to save again without a reload.
    await expect.poll(() => page.getByRole('button', { name: 'Salvar' }).isEnabled()).toBe(true);

    await page.reload();
    await expect.poll(() => page.getByLabel('Nome do feriado').inputValue()).toBe('Feriado municipal');
    expect(await page.getByLabel('Segunda-feira: início do 2º intervalo').inputValue()).toBe('13:00');
    expect(await page.getByLabel('Aberto Domingo').isChecked()).toBe(false);
    await screenshot(page, 'tela');
    await page.locator('.page').evaluate((el) => el.scrollTo(0, el.scrollHeight));
    await screenshot(page, 'horario');

    await subscriberWrites('Oi, minha internet caiu', 'wamid.configuracoes.1');
    await subscriberWrites('Alguém aí?', 'wamid.configuracoes.2');
    await expect.poll(async () => (await received()).length, { timeout: 20_000 }).toBe(2);
    const [greeting, outOfHours] = await received();
    expect(greeting).toMatch(/^Oi Rita! Seu protocolo é [\d-]+\.$/);
    expect(outOfHours).toMatch(/^Rita, estamos fora do horário\. Protocolo [\d-]+: responderemos no próximo dia útil\.$/);
    // Nothing more arrives for the second message: once per closed period.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(await received()).toHaveLength(2);

    // The conversation waits in the Fila all the same.
    await nav(page).getByRole('link', { name: 'Chat', exact: true }).click();
    await expect.poll(() => page.getByRole('tabpanel').getByText('Rita Moraes').count(), { timeout: 15_000 }).toBe(1);
    await context.close();
  });
});
