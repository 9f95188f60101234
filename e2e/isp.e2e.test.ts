// The chat's Ações on the provider's side, from the screen, checked where the subscriber is: what
// the WhatsApp stand-in received (the PDFs' bytes, the linha digitável, the PIX), read back by
// parsers that are not ours.
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { isValidBoleto } from '@brazilian-utils/brazilian-utils';
import { hasError, parsePix } from 'pix-utils';
import { content, message, messagesPayload, signedWebhook } from '../server/demo/whatsapp/meta-payloads.js';
import { pdfText } from '../test/support/pdf-text.js';
import { startProsa } from './support/prosa.js';

const prosa = await startProsa();
const GRAPH = `${prosa.url}/_demo/graph`;
// Márcia Regina Alves: a demo client whose contract is blocked for late payment, with an overdue charge.
const CLIENT = 'Márcia Regina Alves';
const PHONE = '11987300001';
/** The number as WhatsApp knows it, with the 55 the agent leaves out. */
const WA_ID = `55${PHONE}`;

const log = (page: Page) => page.getByRole('log', { name: 'Mensagens' });

interface Sent { kind: string; id?: string; body: Record<string, any> }

/** What the subscriber's WhatsApp received since `from` (the stand-in's record of accepted calls). */
async function receivedSince(from: number): Promise<Sent[]> {
  const { requests } = await (await fetch(`${GRAPH}/_sent`)).json() as { requests: Sent[] };
  return requests.slice(from).filter((r) => r.kind === 'message' && String(r.body.to).endsWith(PHONE));
}
const sentCount = async () => ((await (await fetch(`${GRAPH}/_sent`)).json()) as { requests: unknown[] }).requests.length;

/** The bytes of a document as WhatsApp would hand them to the subscriber. */
async function mediaBytes(id: string): Promise<Buffer> {
  const response = await fetch(`${GRAPH}/_media/${id}`, { headers: { authorization: 'Bearer demo-access-token' } });
  expect(response.status).toBe(200);
  return Buffer.from(await response.arrayBuffer());
}

async function contactWrites(text: string) {
  const payload = messagesPayload({ phoneNumberId: '100000000000001' }, { waId: WA_ID, name: 'Márcia' }, [message(WA_ID, content.text(text))]);
  const { body, headers } = signedWebhook(payload, 'demo-app-secret');
  expect((await fetch(`${prosa.url}/webhooks/whatsapp/demo-whatsapp`, { method: 'POST', headers, body })).status).toBe(200);
}

async function menuAction(page: Page, name: string) {
  const panel = page.getByRole('complementary', { name: 'Menu da conversa' });
  if (await panel.count() === 0) await page.getByRole('button', { name: 'Menu da conversa' }).click();
  await panel.getByRole('menuitem', { name, exact: true }).click();
  return page.getByRole('dialog', { name });
}

describe('the provider\'s side, from the conversation', () => {
  // One agent's screen through the whole story, as she would work it (logged in by the first step).
  let ana: Awaited<ReturnType<typeof prosa.agent>>;
  let page: Page;
  it('starts a conversation with a subscriber and links it to the client: the dot turns red, Contratos shows the debt', async () => {
    ana = await prosa.agent('ana@provedor.demo');
    page = ana.page;
    await page.getByRole('button', { name: 'Nova conversa' }).click();
    const start = page.getByRole('dialog', { name: 'Nova conversa' });
    await start.getByLabel('Novo contato').check();
    await start.getByLabel('Nome').fill('Márcia (celular novo)');
    await start.getByLabel('Telefone (com DDD)').fill(PHONE);
    await start.getByLabel('Parâmetro 1').fill('Márcia');
    await start.getByRole('button', { name: 'Confirmar' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 2, name: 'Márcia (celular novo)' }).count()).toBe(1);
    await contactWrites('Minha internet foi cortada, preciso pagar');
    await expect.poll(() => log(page).textContent()).toContain('Minha internet foi cortada');

    // Before a client is linked, the provider's Ações say what is missing.
    await page.getByRole('button', { name: 'Menu da conversa' }).click();
    const boleto = page.getByRole('menuitem', { name: 'Enviar boleto', exact: true });
    expect(await boleto.getAttribute('aria-disabled')).toBe('true');
    await expect.poll(() => boleto.evaluate((el) => el.getAttribute('aria-describedby') && document.getElementById(el.getAttribute('aria-describedby')!)?.textContent))
      .toBe('Vincule um cliente em "Editar conversa" para usar esta ação.');

    const edit = await menuAction(page, 'Editar conversa');
    await edit.getByRole('searchbox', { name: /Buscar cliente/ }).fill('Márcia Regina');
    await edit.getByRole('button', { name: new RegExp(CLIENT) }).first().click();
    await edit.getByRole('button', { name: 'Salvar' }).click();
    await expect.poll(() => page.getByRole('button', { name: 'Contrato bloqueado' }).count()).toBe(1);

    await page.getByRole('button', { name: 'Contrato bloqueado' }).click();
    const contratos = page.getByRole('dialog', { name: 'Contratos' });
    await expect.poll(() => contratos.textContent()).toContain('Bloqueado por atraso');
    const text = await contratos.textContent();
    expect(text).toContain(CLIENT);
    expect(text).toMatch(/Vencido.*hoje \(multa e juros\)/);
    await page.keyboard.press('Escape');
  });

  it('Enviar boleto: the subscriber receives the PDF, the linha digitável and the PIX copia e cola', async () => {
    const before = await sentCount();
    const dialog = await menuAction(page, 'Enviar boleto');
    const overdue = dialog.getByRole('checkbox', { name: /Vencido/ }).first();
    await overdue.check();
    const dueToday = /R\$\s?([\d.]+,\d{2}) hoje/.exec((await dialog.textContent()) ?? '')![1];
    await dialog.getByRole('button', { name: 'Enviar' }).click();
    await expect.poll(() => page.getByText('Boleto enviado ao cliente.').count()).toBe(1);

    await expect.poll(async () => (await receivedSince(before)).length, { timeout: 15_000 }).toBeGreaterThanOrEqual(5);
    const received = await receivedSince(before);
    const document = received.find((r) => r.body.type === 'document')!;
    expect(document.body.document.filename).toMatch(/\.pdf$/);
    expect(document.body.document.caption).toContain(`Boleto atualizado para hoje: R$ ${dueToday}`);
    const texts = received.filter((r) => r.body.type === 'text').map((r) => r.body.text.body as string);
    const linha = texts.find((t) => /^\d{47}$/.test(t))!;
    expect(isValidBoleto(linha)).toBe(true);
    const pix = texts.find((t) => t.startsWith('000201'))!;
    const parsed = parsePix(pix);
    expect(hasError(parsed)).toBe(false);
    expect(parsed).toMatchObject({ pixKey: '11222333000181', transactionAmount: Number(dueToday.replace(/\./g, '').replace(',', '.')) });
    // The amount in the barcode is the updated one, and the PDF the subscriber opens prints that line.
    expect(Number(linha.slice(37)) / 100).toBe(Number(dueToday.replace(/\./g, '').replace(',', '.')));
    const pdf = await mediaBytes(document.body.document.id);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect((await pdfText(pdf)).replace(/\D/g, '')).toContain(linha);

    await expect.poll(() => log(page).textContent()).toContain('Ana Souza enviou 1 boleto(s) ao cliente');
  });

  it('Enviar notas fiscais: the subscriber receives the DANFE-COM with its access key', async () => {
    const before = await sentCount();
    const dialog = await menuAction(page, 'Enviar notas fiscais');
    const first = dialog.getByRole('checkbox').first();
    await first.check();
    const accessKey = (await first.locator('xpath=..').textContent())!.replace(/\D/g, '').slice(-44);
    await dialog.getByRole('button', { name: 'Enviar' }).click();
    await expect.poll(() => page.getByText('Notas fiscais enviadas ao cliente.').count()).toBe(1);

    await expect.poll(async () => (await receivedSince(before)).filter((r) => r.body.type === 'document').length, { timeout: 15_000 }).toBe(1);
    const [document] = (await receivedSince(before)).filter((r) => r.body.type === 'document');
    expect(document.body.document.caption).toMatch(/^Nota fiscal \d+ \(série \d+\)/);
    const text = await pdfText(await mediaBytes(document.body.document.id));
    expect(text.replace(/\s/g, '')).toContain(accessKey);
    expect(text).toContain('DANFE-COM');
  });

  it('Conceder bônus: a trust unlock turns the dot green live — here and on a supervisor\'s screen — and tells the subscriber', async () => {
    const carla = await prosa.agent('carla@provedor.demo');
    await carla.page.getByRole('tab', { name: /^Abertos/ }).click();
    await carla.page.getByPlaceholder('Digite o nome do contato').fill('Márcia (celular');
    await carla.page.getByRole('list', { name: 'Abertos' }).getByRole('button', { name: 'Márcia (celular novo)' }).click();
    await expect.poll(() => carla.page.getByRole('button', { name: 'Contrato bloqueado' }).count()).toBe(1);

    const before = await sentCount();
    const dialog = await menuAction(page, 'Conceder bônus');
    await expect.poll(() => dialog.getByLabel('Desbloqueio em confiança').isChecked()).toBe(true);
    await dialog.getByRole('button', { name: 'Conceder' }).click();
    await expect.poll(() => page.getByRole('button', { name: 'Contrato ativo' }).count()).toBe(1);
    await expect.poll(() => carla.page.getByRole('button', { name: 'Contrato ativo' }).count()).toBe(1);
    await expect.poll(async () => (await receivedSince(before)).map((r) => r.body.text?.body ?? '').join('\n'), { timeout: 15_000 })
      .toMatch(/foi liberado em confiança até \d{2}\/\d{2}\/\d{4}/);
    await expect.poll(() => log(page).textContent()).toContain('Ana Souza concedeu bônus');

    // A second one is refused, in the dialog, in Portuguese; the first stands.
    const again = await menuAction(page, 'Conceder bônus');
    await again.getByRole('button', { name: 'Conceder' }).click();
    await expect.poll(() => again.getByRole('alert').textContent()).toMatch(/desbloqueio em confiança/i);
    await again.getByRole('button', { name: 'Cancelar' }).click();
    expect(await page.getByRole('button', { name: 'Contrato ativo' }).count()).toBe(1);
    await carla.context.close();
  });

  it('Novo atendimento: prefilled from the conversation, its protocolo is posted in it', async () => {
    const before = await sentCount();
    const dialog = await menuAction(page, 'Novo atendimento');
    expect(await dialog.getByLabel('Descrição').inputValue()).toContain('Minha internet foi cortada, preciso pagar');
    await dialog.getByLabel('Assunto').fill('Sem conexão');
    await dialog.getByRole('button', { name: 'Abrir atendimento' }).click();
    await expect.poll(() => log(page).textContent()).toMatch(/abriu a ordem de serviço OS\d+: Sem conexão/);
    const protocolo = /abriu a ordem de serviço (OS\d+)/.exec((await log(page).textContent())!)![1];
    await expect.poll(async () => (await receivedSince(before)).map((r) => r.body.text?.body ?? '').join('\n'), { timeout: 15_000 })
      .toContain(`Abrimos a ordem de serviço ${protocolo} (Sem conexão)`);
    await ana.context.close();
  });
});

describe('on Telegram', () => {
  it('Enviar boleto: the same boleto goes through the Bot API, as a PDF document and texts', async () => {
    const TELEGRAM = `${prosa.url}/_demo/telegram`;
    const chatId = 555000111;
    const wrote = await fetch(`${TELEGRAM}/_control/bot123456:demo-telegram-token/updates`, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ text: 'Quero a segunda via do boleto', chat: { id: chatId, first_name: 'Telma', last_name: 'Boleto' } }),
    });
    expect(wrote.status).toBe(200);

    const { page, context } = await prosa.agent('carla@provedor.demo');
    await page.getByPlaceholder('Digite o nome do contato').fill('Telma Boleto');
    const row = page.getByRole('list', { name: 'Fila' }).getByRole('listitem').filter({ hasText: 'Telma Boleto' });
    await row.getByRole('button', { name: 'Assumir' }).click();
    await page.getByRole('tab', { name: /^Abertos/ }).click();
    await page.getByRole('list', { name: 'Abertos' }).getByRole('button', { name: 'Telma Boleto' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 2, name: 'Telma Boleto' }).count()).toBe(1);

    const edit = await menuAction(page, 'Editar conversa');
    await edit.getByRole('searchbox', { name: /Buscar cliente/ }).fill('João Pedro');
    await edit.getByRole('button', { name: /João Pedro Gonçalves/ }).first().click();
    await edit.getByRole('button', { name: 'Salvar' }).click();
    await expect.poll(() => page.getByRole('button', { name: /Contrato (ativo|bloqueado)/ }).count()).toBe(1);

    const dialog = await menuAction(page, 'Enviar boleto');
    await dialog.getByRole('checkbox').first().check();
    await dialog.getByRole('button', { name: 'Enviar' }).click();
    await expect.poll(() => page.getByText('Boleto enviado ao cliente.').count()).toBe(1);

    type Call = { method: string; chatId: string | null; params: Record<string, string>; upload: { mime: string; filename: string; size: number } | null };
    const toTelma = async () => ((await (await fetch(`${TELEGRAM}/_sent`)).json()) as { result: Call[] }).result.filter((r) => r.chatId === String(chatId));
    // The linha digitável and the PIX are the last texts of the boleto: wait for both, not for a count
    // of messages that the greeting and the automatic messages also add to.
    const textsTo = async () => (await toTelma()).filter((r) => r.method === 'sendMessage').map((r) => r.params.text);
    await expect.poll(async () => (await textsTo()).filter((t) => /^\d{47}$/.test(t) || t.startsWith('000201')).length, { timeout: 15_000 }).toBe(2);
    const calls = await toTelma();
    const document = calls.find((r) => r.method === 'sendDocument')!;
    expect(document.upload).toMatchObject({ mime: 'application/pdf', filename: expect.stringMatching(/\.pdf$/) });
    expect(document.params.caption).toMatch(/^Boleto (de|atualizado)/);
    const texts = calls.filter((r) => r.method === 'sendMessage').map((r) => r.params.text);
    expect(isValidBoleto(texts.find((t) => /^\d{47}$/.test(t))!)).toBe(true);
    expect(hasError(parsePix(texts.find((t) => t.startsWith('000201'))!))).toBe(false);
    await context.close();
  });
});
