// Inside a conversation: the numbered items of the specification, the composer and the menu.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import sharp from 'sharp';
import { content, message, messagesPayload, signedWebhook } from '../server/demo/whatsapp/meta-payloads.js';
import { startProsa } from './support/prosa.js';
import { normalizePhone } from '../api/phone.js';

const prosa = await startProsa();
const carlaApi = await prosa.api('carla@provedor.demo');

/** Opens a conversation by its contact's name from the given tab. */
async function open(page: Page, tab: 'Fila' | 'Abertos' | 'Fechados', name: string) {
  await page.getByRole('tab', { name: new RegExp(`^${tab}`) }).click();
  await page.getByPlaceholder('Digite o nome do contato').fill(name);
  const row = page.getByRole('list', { name: tab }).getByRole('listitem').filter({ hasText: name }).first();
  await row.getByRole('button', { name }).click();
  await expect.poll(() => page.getByRole('heading', { level: 2, name }).count()).toBe(1);
}

const windowNotice = (page: Page) => page.getByText('Fora da janela de 24 horas do WhatsApp: envie um modelo aprovado.', { exact: true });

/** The contact writes on WhatsApp: Meta's webhook, signed with the demo app's secret. */
async function contactWrites(phone: string, name: string, text: string) {
  // As WhatsApp knows the number: with the 55 an agent may leave out.
  const waId = normalizePhone(phone)!;
  const payload = messagesPayload({ phoneNumberId: '100000000000001' }, { waId, name }, [message(waId, content.text(text))]);
  const { body, headers } = signedWebhook(payload, 'demo-app-secret');
  const response = await fetch(`${prosa.url}/webhooks/whatsapp/demo-whatsapp`, { method: 'POST', headers, body });
  expect(response.status).toBe(200);
}

/** One of Meta's payloads kept as a fixture, posted as if to the demo's number. */
async function metaPosts(name: string) {
  const fixture = readFileSync(new URL(`../test/support/fixtures/whatsapp/${name}`, import.meta.url), 'utf8');
  const { body, headers } = signedWebhook(JSON.parse(fixture.replaceAll('106540352242922', '100000000000001')), 'demo-app-secret');
  const response = await fetch(`${prosa.url}/webhooks/whatsapp/demo-whatsapp`, { method: 'POST', headers, body });
  expect(response.status).toBe(200);
}

/**
 * A fresh conversation in Abertos with this agent as responsável, made through "+": a number that
 * never wrote gets WhatsApp's approved template, and once the contact answers, free text may go.
 */
async function startNew(page: Page, name: string, phone: string, answer = 'Oi! Pode falar.') {
  await page.getByRole('button', { name: 'Nova conversa' }).click();
  const dialog = page.getByRole('dialog', { name: 'Nova conversa' });
  await dialog.getByLabel('Novo contato').check();
  await dialog.getByLabel('Nome').fill(name);
  await dialog.getByLabel('Telefone (com DDD)').fill(phone);
  await dialog.getByLabel('Parâmetro 1').fill(name.split(' ')[0]);
  await dialog.getByRole('button', { name: 'Confirmar' }).click();
  await expect.poll(() => page.getByRole('heading', { level: 2, name }).count()).toBe(1);
  await expect.poll(() => windowNotice(page).count()).toBe(1);
  await contactWrites(phone, name, answer);
  await expect.poll(() => log(page).textContent()).toContain(answer);
  await expect.poll(() => page.getByRole('textbox', { name: 'Mensagem' }).count()).toBe(1);
}

const log = (page: Page) => page.getByRole('log', { name: 'Mensagens' });

async function findConversation(tab: string, predicate: (detail: any) => boolean) {
  const list = await carlaApi('GET', `/conversations?tab=${tab}&limit=100`);
  for (const item of list.body.items) {
    const detail = await carlaApi('GET', `/conversations/${item.id}`);
    if (predicate(detail.body)) return detail.body;
  }
  throw new Error(`no conversation in ${tab} matches`);
}

describe('"+" Nova conversa', () => {
  it('starts a conversation with a new contact and opens it in Abertos', async () => {
    const { page, context } = await prosa.agent('ana@provedor.demo');
    await startNew(page, 'Sebastião Nogueira', '(11) 98123-4567', 'Oi, Ana! Pode falar.');
    await expect.poll(() => page.getByRole('tab', { name: /^Abertos/ }).getAttribute('aria-selected')).toBe('true');
    await expect.poll(() => log(page).textContent()).toContain('Olá Sebastião! Aqui é do seu provedor. Podemos conversar por aqui?');
    await expect.poll(() => page.getByRole('list', { name: 'Abertos' }).getByText('Sebastião Nogueira').count()).toBe(1);
    // Typed without the 55, stored in E.164, shown as typed.
    expect((await findConversation('abertos', (d) => d.contact.name === 'Sebastião Nogueira')).contact.phone).toBe('5511981234567');
    await page.getByPlaceholder('Digite o nome do contato').fill('98123-4567');
    await expect.poll(() => page.getByRole('list', { name: 'Abertos' }).getByText('Sebastião Nogueira').count()).toBe(1);
    await context.close();
  });

  it('offers only approved templates on WhatsApp until the contact answers', async () => {
    const { page, context } = await prosa.agent('ana@provedor.demo');
    await page.getByRole('button', { name: 'Nova conversa' }).click();
    const dialog = page.getByRole('dialog', { name: 'Nova conversa' });
    await dialog.getByLabel('Novo contato').check();
    await dialog.getByLabel('Nome').fill('Janela Fechada');
    await dialog.getByLabel('Telefone (com DDD)').fill('11987000099');
    // Once the channel's templates are known (a request away on a busy machine), only they are offered.
    await expect.poll(() => dialog.getByLabel('Modelo').count()).toBe(1);
    expect(await dialog.getByLabel('Primeira mensagem').count()).toBe(0);
    expect(await dialog.getByLabel('Modelo').inputValue()).toBe('boas_vindas');
    await dialog.getByLabel('Parâmetro 1').fill('Janela');
    await expect.poll(() => dialog.textContent()).toContain('Olá Janela! Aqui é do seu provedor.');
    await dialog.getByRole('button', { name: 'Confirmar' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 2, name: 'Janela Fechada' }).count()).toBe(1);
    // The composer offers the templates, not free text; notes still go.
    await expect.poll(() => windowNotice(page).count()).toBe(1);
    expect(await page.getByRole('textbox', { name: 'Mensagem' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Enviar imagem' }).isDisabled()).toBe(true);
    await page.getByLabel('Parâmetro 1').fill('de novo');
    await page.getByRole('button', { name: 'Enviar', exact: true }).click();
    await expect.poll(() => log(page).textContent()).toContain('Olá de novo! Aqui é do seu provedor.');
    await page.getByRole('checkbox', { name: 'Nota interna' }).check();
    await page.getByRole('textbox', { name: 'Mensagem' }).fill('Aguardando o cliente responder o modelo.');
    await page.getByRole('textbox', { name: 'Mensagem' }).press('Enter');
    await expect.poll(() => log(page).textContent()).toContain('Aguardando o cliente responder o modelo.');
    // The contact answers: the window opens and free text is back.
    await page.getByRole('checkbox', { name: 'Nota interna' }).uncheck();
    await contactWrites('11987000099', 'Janela Fechada', 'Oi, recebi o modelo');
    await expect.poll(() => windowNotice(page).count()).toBe(0);
    await page.getByRole('textbox', { name: 'Mensagem' }).fill('Que bom! Como posso ajudar?');
    await page.getByRole('textbox', { name: 'Mensagem' }).press('Enter');
    await expect.poll(() => log(page).textContent()).toContain('Que bom! Como posso ajudar?');
    await context.close();
  });
});

describe('assuming from the Fila', () => {
  it('lets one of two agents who click at once have it, and tells the other who did', async () => {
    const ana = await prosa.agent('ana@provedor.demo');
    const bruno = await prosa.agent('bruno@provedor.demo');
    const target = await findConversation('fila', (c) => c.sector?.name === 'Suporte Técnico');
    const name = target.contact.name;
    for (const { page } of [ana, bruno]) {
      await page.getByPlaceholder('Digite o nome do contato').fill(name);
      await expect.poll(() => page.getByRole('list', { name: 'Fila' }).getByRole('listitem').filter({ hasText: name }).count()).toBe(1);
    }
    // Both pressed in the same moment, each button found as it is pressed: a click that waited for its
    // button to settle would find it gone (taken from the list live by the other agent's assume), and a
    // handle found earlier could belong to a list since drawn again.
    const button = (page: Page) => page.getByRole('list', { name: 'Fila' }).getByRole('listitem').filter({ hasText: name }).getByRole('button', { name: 'Assumir' });
    await Promise.all([button(ana.page).dispatchEvent('click'), button(bruno.page).dispatchEvent('click')]);
    await expect.poll(async () => (await carlaApi('GET', `/conversations/${target.id}`)).body.situacao).toBe('chat');

    const detail = await carlaApi('GET', `/conversations/${target.id}`);
    expect(detail.body.situacao).toBe('chat');
    const winner = detail.body.responsavel.name as string;
    const loser = winner === 'Ana Souza' ? bruno.page : ana.page;
    await expect.poll(() => loser.getByRole('status').textContent(), { timeout: 10_000 }).toContain(`Esta conversa já foi assumida por ${winner}.`);
    // The loser's Fila no longer shows it.
    await expect.poll(() => loser.getByRole('list', { name: 'Fila' }).getByRole('listitem').filter({ hasText: name }).count()).toBe(0);
    await ana.context.close();
    await bruno.context.close();
  });
});

describe('the numbered items', () => {
  it('1. shows the contract status beside the name — red with an alert when blocked — and opens it', async () => {
    const { page, context } = await prosa.agent('carla@provedor.demo');
    const blocked = await findConversation('fechados', (c) => c.client?.contracts.some((k: any) => k.status.startsWith('bloqueado')));
    await open(page, 'Fechados', blocked.contact.name);
    await page.getByRole('button', { name: 'Contrato bloqueado' }).click();
    const dialog = page.getByRole('dialog', { name: 'Contratos' });
    await expect.poll(() => dialog.textContent()).toMatch(/Bloqueado (por atraso|\(manual\))/);
    expect(await dialog.textContent()).toContain(blocked.client.contracts[0].plan);
    await page.keyboard.press('Escape');

    const active = await findConversation('fechados', (c) => c.client && c.client.contracts.every((k: any) => k.status === 'ativo'));
    await open(page, 'Fechados', active.contact.name);
    expect(await page.getByRole('button', { name: 'Contrato ativo' }).count()).toBe(1);
    await context.close();
  });

  it('2. finds every "boleto" in the history, highlighted, with a count and next/previous', async () => {
    const { page, context } = await prosa.agent('carla@provedor.demo');
    let target: any;
    let total = 0;
    const list = await carlaApi('GET', '/conversations?tab=fechados&limit=100');
    for (const item of list.body.items) {
      const found = await carlaApi('GET', `/conversations/${item.id}/search?q=boleto`);
      if (found.body.total >= 2) {
        target = item;
        total = found.body.total;
        break;
      }
    }
    expect(target, 'a closed conversation that mentions boleto twice').toBeDefined();
    await open(page, 'Fechados', target.contact.name);
    await page.getByRole('button', { name: 'Buscar na conversa' }).click();
    await page.getByRole('searchbox', { name: /Buscar no histórico/ }).fill('boleto');
    await expect.poll(() => page.getByText(`1 de ${total}`).count()).toBe(1);
    await page.getByRole('button', { name: 'Próxima' }).click();
    await expect.poll(() => page.getByText(`2 de ${total}`).count()).toBe(1);
    await page.getByRole('button', { name: 'Anterior' }).click();
    await expect.poll(() => page.getByText(`1 de ${total}`).count()).toBe(1);
    const marks = page.getByRole('list', { name: 'Resultados da busca' }).locator('mark');
    expect((await marks.allTextContents()).every((m) => /^boletos?$/i.test(m))).toBe(true);
    expect(await marks.count()).toBeGreaterThanOrEqual(total);
    await context.close();
  });

  it('3. adds and removes etiquetas', async () => {
    const { page, context } = await prosa.agent('ana@provedor.demo');
    await startNew(page, 'Lúcia Etiqueta', '11987000001');
    await page.getByRole('button', { name: 'Etiquetas' }).click();
    await page.getByRole('dialog', { name: 'Etiquetas' }).getByLabel('VIP').check();
    const header = page.locator('.conversation-head');
    await expect.poll(() => header.textContent()).toContain('VIP');
    await page.getByRole('dialog', { name: 'Etiquetas' }).getByLabel('VIP').uncheck();
    await expect.poll(() => header.textContent()).not.toContain('VIP');
    await context.close();
  });
});

describe('4. the conversation menu', () => {
  it('shows Contato, Contratos, Conversa and Ações; edits the contact; sets the motivo', async () => {
    const { page, context } = await prosa.agent('ana@provedor.demo');
    await startNew(page, 'Márcio Menu', '11987000002');
    await page.getByRole('button', { name: 'Menu da conversa' }).click();
    const menu = page.getByRole('complementary', { name: 'Menu da conversa' });
    for (const heading of ['Contato', 'Contratos', 'Conversa', 'Ações']) {
      expect(await menu.getByRole('heading', { name: heading, exact: true }).count()).toBe(1);
    }
    const actions = menu.getByRole('menu', { name: 'Ações' }).getByRole('menuitem');
    expect(await actions.allTextContents()).toEqual(expect.arrayContaining([
      expect.stringContaining('Enviar boleto'), expect.stringContaining('Enviar notas fiscais'), expect.stringContaining('Conceder bônus'),
      'Enviar mensagem rápida', expect.stringContaining('Novo atendimento'), 'Editar conversa', 'Fechar conversa', 'Bloquear contato',
    ]));

    expect(await menu.textContent()).toContain('(11) 98700-0002');
    await menu.getByRole('button', { name: 'Editar contato' }).click();
    const edit = page.getByRole('dialog', { name: 'Editar contato' });
    expect(await edit.getByLabel('Telefone').inputValue()).toBe('(11) 98700-0002');
    await edit.getByLabel('E-mail').fill('marcio@exemplo.com.br');
    await edit.getByRole('button', { name: 'Salvar' }).click();
    await expect.poll(() => menu.textContent()).toContain('marcio@exemplo.com.br');
    expect(await menu.textContent()).toContain('(11) 98700-0002');

    await menu.getByLabel('Motivo').selectOption({ label: 'Lentidão' });
    await expect.poll(() => log(page).textContent()).toContain('Ana Souza definiu o motivo: Lentidão');
    await context.close();
  });

  it('sends a quick reply with the contact\'s name filled in', async () => {
    const { page, context } = await prosa.agent('ana@provedor.demo');
    await startNew(page, 'Renata Rápida', '11987000003');
    await page.getByRole('button', { name: 'Menu da conversa' }).click();
    await page.getByRole('menuitem', { name: 'Enviar mensagem rápida' }).click();
    const dialog = page.getByRole('dialog', { name: 'Enviar mensagem rápida' });
    await dialog.getByRole('searchbox').fill('saudação');
    await dialog.getByRole('button', { name: /Saudação/ }).click();
    await expect.poll(() => log(page).textContent()).toContain('Olá, Renata!');
    await context.close();
  });

  it('asks for the motivo when closing without one, then shows it read-only in Fechados', async () => {
    const { page, context } = await prosa.agent('ana@provedor.demo');
    await startNew(page, 'Fernando Fechado', '11987000004');
    await page.getByRole('button', { name: 'Menu da conversa' }).click();
    await page.getByRole('menuitem', { name: 'Fechar conversa' }).click();
    const dialog = page.getByRole('dialog', { name: 'Fechar conversa' });
    await dialog.getByLabel('Motivo').selectOption({ label: 'Dúvida geral' });
    await dialog.getByRole('button', { name: 'Fechar conversa' }).click();
    await expect.poll(() => page.getByRole('tab', { name: /^Fechados/ }).getAttribute('aria-selected')).toBe('true');
    await expect.poll(() => page.getByText('Conversa finalizada — somente leitura.').count()).toBe(1);
    expect(await page.getByRole('textbox', { name: 'Mensagem' }).count()).toBe(0);
    await expect.poll(() => log(page).textContent()).toContain('Seu atendimento foi encerrado');
    await context.close();
  });

  it('edits the conversation: links a client, and the contract status appears', async () => {
    const { page, context } = await prosa.agent('carla@provedor.demo');
    await startNew(page, 'Vínculo Cliente', '11987000005');
    const clients = await carlaApi('GET', '/clients?q=a');
    const client = clients.body[0];
    await page.getByRole('button', { name: 'Menu da conversa' }).click();
    await page.getByRole('menuitem', { name: 'Editar conversa' }).click();
    const dialog = page.getByRole('dialog', { name: 'Editar conversa' });
    await dialog.getByRole('searchbox', { name: /Buscar cliente/ }).fill(client.name.split(' ')[0]);
    await dialog.getByRole('button', { name: new RegExp(client.name) }).first().click();
    await dialog.getByRole('button', { name: 'Salvar' }).click();
    await expect.poll(() => page.getByRole('button', { name: /Contrato (ativo|bloqueado)/ }).count()).toBe(1);
    await context.close();
  });

  it('blocks a contact after confirming, and the Bloqueados screen lists and unblocks it', async () => {
    const { page, context } = await prosa.agent('ana@provedor.demo');
    await startNew(page, 'Bloqueio Teste', '11987000006');
    await page.getByRole('button', { name: 'Menu da conversa' }).click();
    await page.getByRole('menuitem', { name: 'Bloquear contato' }).click();
    const dialog = page.getByRole('dialog', { name: 'Bloquear contato' });
    await dialog.getByLabel(/Motivo do bloqueio/).fill('Mensagens ofensivas');
    await dialog.getByRole('button', { name: 'Bloquear' }).click();
    await expect.poll(() => page.getByRole('menuitem', { name: 'Desbloquear contato' }).count()).toBe(1);
    await page.getByRole('link', { name: 'Bloqueados' }).click();
    const row = page.getByRole('row').filter({ hasText: 'Bloqueio Teste' });
    await expect.poll(() => row.textContent()).toContain('Mensagens ofensivas');
    await row.getByRole('button', { name: /Desbloquear/ }).click();
    await expect.poll(() => page.getByRole('row').filter({ hasText: 'Bloqueio Teste' }).count()).toBe(0);
    await context.close();
  });
});

describe('the composer', () => {
  it('sends with Enter, breaks the line with Shift+Enter, and keeps drafts per conversation', async () => {
    const { page, context } = await prosa.agent('ana@provedor.demo');
    await startNew(page, 'Primeiro Rascunho', '11987000007');
    await startNew(page, 'Segundo Rascunho', '11987000008');
    const composer = page.getByRole('textbox', { name: 'Mensagem' });
    await composer.fill('linha um');
    await composer.press('Shift+Enter');
    await composer.type('linha dois');
    expect(await composer.inputValue()).toBe('linha um\nlinha dois');
    await composer.press('Enter');
    await expect.poll(() => log(page).textContent()).toContain('linha um');
    expect(await composer.inputValue()).toBe('');

    await composer.fill('rascunho do segundo');
    await open(page, 'Abertos', 'Primeiro Rascunho');
    expect(await page.getByRole('textbox', { name: 'Mensagem' }).inputValue()).toBe('');
    await open(page, 'Abertos', 'Segundo Rascunho');
    expect(await page.getByRole('textbox', { name: 'Mensagem' }).inputValue()).toBe('rascunho do segundo');
    await context.close();
  });

  it('offers quick replies when typing "/", and fills the chosen one in', async () => {
    const { page, context } = await prosa.agent('ana@provedor.demo');
    await startNew(page, 'Barra Rápida', '11987000009');
    const composer = page.getByRole('textbox', { name: 'Mensagem' });
    await composer.fill('/bol');
    const options = page.getByRole('listbox', { name: 'Respostas rápidas' }).getByRole('option');
    await expect.poll(() => options.count()).toBeGreaterThan(0);
    await composer.press('Enter');
    await expect.poll(() => composer.inputValue()).toContain('Barra, vou te enviar a 2ª via do boleto');
    await context.close();
  });

  it('opens "Emojis" as the first option of the right-click menu and inserts the chosen emoji', async () => {
    const { page, context } = await prosa.agent('ana@provedor.demo');
    await startNew(page, 'Emoji Teste', '11987000010');
    const composer = page.getByRole('textbox', { name: 'Mensagem' });
    await composer.click({ button: 'right' });
    const items = page.getByRole('menu').getByRole('menuitem');
    expect(await items.first().textContent()).toBe('Emojis');
    await items.first().click();
    const picker = page.getByRole('dialog', { name: 'Emojis' });
    await picker.getByRole('searchbox', { name: 'Buscar emoji' }).fill('coração');
    const heart = picker.getByRole('gridcell', { name: /coração/ }).first();
    await expect.poll(() => heart.count(), { timeout: 15_000 }).toBe(1);
    const emoji = await heart.textContent();
    await heart.click();
    await expect.poll(() => composer.inputValue()).toContain(emoji!);
    await context.close();
  });

  it('5–8. sends an image and a file with a preview first, and records an audio in the browser', async () => {
    const { page, context } = await prosa.agent('ana@provedor.demo');
    await startNew(page, 'Anexo Teste', '11987000011');
    const png = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#0f766e' } }).png().toBuffer();

    const [imageChooser] = await Promise.all([page.waitForEvent('filechooser'), page.getByRole('button', { name: 'Enviar imagem' }).click()]);
    await imageChooser.setFiles({ name: 'roteador.png', mimeType: 'image/png', buffer: png });
    let dialog = page.getByRole('dialog', { name: 'Enviar anexo' });
    expect(await dialog.getByRole('img', { name: 'roteador.png' }).count()).toBe(1);
    await dialog.getByLabel('Legenda (opcional)').fill('Foto do roteador');
    await dialog.getByRole('button', { name: 'Enviar' }).click();
    await expect.poll(() => log(page).getByRole('img', { name: 'roteador.png' }).count()).toBe(1);
    expect(await log(page).textContent()).toContain('Foto do roteador');

    const [fileChooser] = await Promise.all([page.waitForEvent('filechooser'), page.getByRole('button', { name: 'Enviar arquivo' }).click()]);
    await fileChooser.setFiles({ name: 'contrato.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF') });
    dialog = page.getByRole('dialog', { name: 'Enviar anexo' });
    await dialog.getByRole('button', { name: 'Enviar' }).click();
    await expect.poll(() => log(page).getByRole('link', { name: /contrato\.pdf/ }).count()).toBe(1);

    await page.getByRole('button', { name: 'Gravar áudio' }).click();
    await page.waitForTimeout(1500);
    await page.getByRole('button', { name: 'Parar gravação' }).click();
    dialog = page.getByRole('dialog', { name: 'Enviar anexo' });
    await dialog.getByRole('button', { name: 'Enviar' }).click();
    await expect.poll(() => log(page).locator('audio').count(), { timeout: 15_000 }).toBe(1);
    await context.close();
  });
});

describe('live updates', () => {
  it('shows a message the contact edited with "(editada)", and one they took back as deleted, without a reload', async () => {
    const { page, context } = await prosa.agent('carla@provedor.demo');
    await metaPosts('text.json');
    await open(page, 'Fila', 'Sheena Nelson');
    await expect.poll(() => log(page).textContent()).toContain('Does it come in another color?');
    await metaPosts('edit.json');
    await expect.poll(() => log(page).textContent()).toContain('Does it come in blue?');
    const bubble = log(page).locator('article').filter({ hasText: 'Does it come in blue?' });
    expect(await bubble.getByText('(editada)', { exact: true }).count()).toBe(1);
    expect(await log(page).textContent()).not.toContain('another color');
    await metaPosts('revoke.json');
    await expect.poll(() => log(page).getByText('Mensagem apagada pelo contato', { exact: true }).count()).toBe(1);
    expect(await log(page).textContent()).not.toContain('Does it come in blue?');
    await context.close();
  });

  it('shows another agent\'s reply and a conversation arriving in the Fila without a reload, with a sound', async () => {
    const ana = await prosa.agent('ana@provedor.demo');
    const carla = await prosa.agent('carla@provedor.demo');
    await startNew(ana.page, 'Ao Vivo', '11987000012');
    await open(carla.page, 'Abertos', 'Ao Vivo');

    const composer = ana.page.getByRole('textbox', { name: 'Mensagem' });
    await composer.fill('Mensagem que a Carla vê ao vivo');
    await composer.press('Enter');
    await expect.poll(() => log(carla.page).textContent(), { timeout: 10_000 }).toContain('Mensagem que a Carla vê ao vivo');

    // Carla sends it back to the Suporte Técnico Fila: Ana's Fila gets it, and rings.
    await ana.page.getByRole('tab', { name: /^Fila/ }).click();
    await ana.page.getByPlaceholder('Digite o nome do contato').fill('');
    const rings = () => ana.page.evaluate(() => (window as unknown as { __prosaRings?: number }).__prosaRings ?? 0);
    const before = await rings();
    await carla.page.getByRole('button', { name: 'Menu da conversa' }).click();
    await carla.page.getByRole('menuitem', { name: 'Editar conversa' }).click();
    const dialog = carla.page.getByRole('dialog', { name: 'Editar conversa' });
    await dialog.getByLabel('Situação').selectOption({ label: 'Fila' });
    await dialog.getByRole('button', { name: 'Salvar' }).click();
    await expect.poll(() => ana.page.getByRole('list', { name: 'Fila' }).getByText('Ao Vivo', { exact: true }).count(), { timeout: 10_000 }).toBe(1);
    await expect.poll(rings).toBeGreaterThan(before);
    await ana.context.close();
    await carla.context.close();
  });
});
