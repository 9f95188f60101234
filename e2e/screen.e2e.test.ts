// A screen an agent lives in for a shift: a subscriber writing in one of her conversations rings
// and notifies, the title counts her unread messages; files come in by pasting and dropping; the
// Fila goes by who has waited longest; the keyboard moves through the list and closes what is open.
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { content, message, messagesPayload, signedWebhook } from '../server/demo/whatsapp/meta-payloads.js';
import { startProsa } from './support/prosa.js';

const prosa = await startProsa();
const carlaApi = await prosa.api('carla@provedor.demo');
const anaApi = await prosa.api('ana@provedor.demo');

/** A 1×1 PNG, enough for the preview and the server's type sniffing. */
const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';

const log = (page: Page) => page.getByRole('log', { name: 'Mensagens' });
const composer = (page: Page) => page.getByRole('textbox', { name: 'Mensagem' });

/** The subscriber writes on WhatsApp: Meta's webhook, signed with the demo app's secret. */
async function subscriberWrites(waId: string, name: string, text: string) {
  const payload = messagesPayload({ phoneNumberId: '100000000000001' }, { waId, name }, [message(waId, content.text(text))]);
  const { body, headers } = signedWebhook(payload, 'demo-app-secret');
  expect((await fetch(`${prosa.url}/webhooks/whatsapp/demo-whatsapp`, { method: 'POST', headers, body })).status).toBe(200);
}

/** A new subscriber writes and Ana assumes the conversation: one of hers, in Abertos. */
async function anaTakes(waId: string, name: string): Promise<number> {
  await subscriberWrites(waId, name, 'Boa noite, estou sem internet');
  let id: number | undefined;
  await expect.poll(async () => {
    const found = await carlaApi('GET', `/conversations?tab=fila&q=${encodeURIComponent(name)}`);
    id = found.body.items[0]?.id;
    return id;
  }, { timeout: 10_000 }).toBeDefined();
  expect((await anaApi('POST', `/conversations/${id}/assume`)).status).toBe(200);
  return id!;
}

/** Ana's page with Notification recording what it is asked to show. */
async function anaWithNotifications() {
  const ana = await prosa.agent('ana@provedor.demo');
  await ana.page.addInitScript(() => {
    const shown: { title: string; body?: string }[] = [];
    (window as unknown as { __notified: typeof shown }).__notified = shown;
    class Recorded {
      static permission = 'granted';
      static requestPermission = async () => 'granted';
      onclick: (() => void) | null = null;
      constructor(title: string, options?: { body?: string }) { shown.push({ title, body: options?.body }); }
      close() {}
    }
    (window as unknown as { Notification: unknown }).Notification = Recorded;
  });
  await reloadLive(ana.page);
  return ana;
}

/** Reloads the page and waits for its live connection (the answer to its first `head`): what
 * happens before it is not announced, only shown by the lists' own fetch. */
async function reloadLive(page: Page, url?: string) {
  const connected = new Promise<void>((resolve) => {
    page.on('websocket', (socket) => socket.on('framereceived', (frame) => {
      if (String(frame.payload).startsWith('43')) resolve();
    }));
  });
  if (url) await page.goto(url);
  else await page.reload();
  await connected;
}

const notified = (page: Page) => page.evaluate(() => (window as unknown as { __notified: { title: string; body?: string }[] }).__notified);
const rings = (page: Page) => page.evaluate(() => (window as unknown as { __prosaRings?: number }).__prosaRings ?? 0);
const titleOf = (unread: number) => (unread > 0 ? `(${unread}) Prosa` : 'Prosa');
const myUnread = async () => {
  const me = await anaApi('GET', '/auth/me');
  const mine = await anaApi('GET', `/conversations?tab=abertos&responsavelId=${me.body.user.id}&limit=100`);
  return mine.body.items.reduce((sum: number, c: { unreadCount: number }) => sum + c.unreadCount, 0) as number;
};

describe('a subscriber writing in one of my conversations', () => {
  it('rings, notifies and counts in the title, but not for the conversation I am looking at', async () => {
    const id = await anaTakes('5511970150001', 'Rita Noturna');
    const { page, context } = await anaWithNotifications();
    const ringsBefore = await rings(page);

    await subscriberWrites('5511970150001', 'Rita Noturna', 'Voltou e caiu de novo');
    await expect.poll(() => notified(page), { timeout: 10_000 }).toEqual([{ title: 'Nova mensagem de Rita Noturna', body: 'Voltou e caiu de novo' }]);
    expect(await rings(page)).toBeGreaterThan(ringsBefore);
    const unread = await myUnread();
    expect(unread).toBeGreaterThanOrEqual(1);
    await expect.poll(() => page.title()).toBe(titleOf(unread));

    // Open: read, so the title drops; another message while looking at it neither rings nor notifies.
    await reloadLive(page, `${prosa.url}/chat/abertos/${id}`);
    await expect.poll(() => log(page).textContent()).toContain('Voltou e caiu de novo');
    await expect.poll(myUnread).toBeLessThan(unread);
    await expect.poll(async () => (await page.title()) === titleOf(await myUnread())).toBe(true);
    const quiet = await rings(page);
    await subscriberWrites('5511970150001', 'Rita Noturna', 'Estou vendo que você abriu');
    await expect.poll(() => log(page).textContent(), { timeout: 10_000 }).toContain('Estou vendo que você abriu');
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await notified(page)).toEqual([]);
    expect(await rings(page)).toBe(quiet);

    // Her own reply rings nothing either.
    await composer(page).fill('Vou verificar agora');
    await composer(page).press('Enter');
    await expect.poll(() => log(page).textContent()).toContain('Vou verificar agora');
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await rings(page)).toBe(quiet);
    await context.close();
  });
});

describe('attachments by pasting and dropping', () => {
  it('opens the preview for a pasted image and sends it; a dropped audio offers no caption', async () => {
    const id = await anaTakes('5511970150002', 'Paulo Colador');
    const { page, context } = await prosa.agent('ana@provedor.demo');
    await page.goto(`${prosa.url}/chat/abertos/${id}`);
    await expect.poll(() => composer(page).count()).toBe(1);

    await page.evaluate((png) => {
      const bytes = Uint8Array.from(atob(png), (c) => c.charCodeAt(0));
      const data = new DataTransfer();
      data.items.add(new File([bytes], 'colado.png', { type: 'image/png' }));
      document.querySelector('textarea[aria-label="Mensagem"]')!.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
    }, PNG);
    const preview = page.getByRole('dialog', { name: 'Enviar anexo' });
    await expect.poll(() => preview.getByRole('img', { name: 'colado.png' }).count()).toBe(1);
    await preview.getByLabel('Legenda (opcional)').fill('O roteador está assim');
    await preview.getByRole('button', { name: 'Enviar' }).click();
    await expect.poll(() => preview.count()).toBe(0);
    await expect.poll(() => log(page).textContent(), { timeout: 10_000 }).toContain('O roteador está assim');

    const drag = (type: 'dragover' | 'drop') => page.evaluate((type) => {
      const held = window as unknown as { __dragged?: DataTransfer };
      if (!held.__dragged) {
        held.__dragged = new DataTransfer();
        held.__dragged.items.add(new File([new Uint8Array([79, 103, 103, 83, 0, 2])], 'recado.ogg', { type: 'audio/ogg' }));
      }
      document.querySelector('section.conversation')!.dispatchEvent(new DragEvent(type, { dataTransfer: held.__dragged, bubbles: true, cancelable: true }));
    }, type);
    await drag('dragover');
    await expect.poll(() => page.getByText('Solte o arquivo para anexar').count()).toBe(1);
    await page.screenshot({ path: join(tmpdir(), 'prosa-screen-drop.png') });
    await drag('drop');
    expect(await page.getByText('Solte o arquivo para anexar').count()).toBe(0);
    await expect.poll(() => preview.getByText(/^recado\.ogg/).count()).toBe(1);
    await page.screenshot({ path: join(tmpdir(), 'prosa-screen-audio.png') });
    expect(await preview.getByLabel('Legenda (opcional)').count()).toBe(0);
    await preview.getByRole('button', { name: 'Cancelar' }).click();
    await expect.poll(() => preview.count()).toBe(0);
    await context.close();
  });

  it('keeps the text and says why when sending fails', async () => {
    const id = await anaTakes('5511970150003', 'Sônia Sem Sinal');
    const { page, context } = await prosa.agent('ana@provedor.demo');
    await page.goto(`${prosa.url}/chat/abertos/${id}`);
    await page.route('**/api/v1/conversations/*/messages', (route) => (route.request().method() === 'POST'
      ? route.fulfill({ status: 503, contentType: 'application/json', body: JSON.stringify({ error: { code: 'service_unavailable', message: 'Servidor indisponível. Tente de novo em instantes.' } }) })
      : route.continue()));
    await composer(page).fill('Já reiniciei a ONU daqui');
    await composer(page).press('Enter');
    await expect.poll(() => page.getByRole('alert').filter({ hasText: /^Mensagem não enviada — / }).count()).toBe(1);
    expect(await composer(page).inputValue()).toBe('Já reiniciei a ONU daqui');
    await page.screenshot({ path: join(tmpdir(), 'prosa-screen-send-failed.png') });

    await page.unroute('**/api/v1/conversations/*/messages');
    await composer(page).press('Enter');
    await expect.poll(() => log(page).textContent()).toContain('Já reiniciei a ONU daqui');
    expect(await composer(page).inputValue()).toBe('');
    expect(await page.getByRole('alert').filter({ hasText: /^Mensagem não enviada/ }).count()).toBe(0);
    await context.close();
  });
});

describe('the list and the keyboard', () => {
  it('shows the Fila by who has waited longest, and ↑/↓ open the conversation below and above', async () => {
    const { page, context } = await prosa.agent('carla@provedor.demo');
    const fila = (await carlaApi('GET', '/conversations?tab=fila&limit=100')).body.items as { id: number; queuedAt: string; contact: { name: string } }[];
    const waited = fila.map((c) => c.queuedAt);
    expect(waited).toEqual([...waited].sort());
    const rows = page.getByRole('list', { name: 'Fila' }).getByRole('listitem');
    await expect.poll(() => rows.count()).toBe(fila.length);
    const names = await page.getByRole('list', { name: 'Fila' }).locator('.row-name').allTextContents();
    expect(names).toEqual(fila.map((c) => c.contact.name));

    await rows.nth(0).getByRole('button', { name: fila[0].contact.name }).click();
    await expect.poll(() => page.url()).toMatch(new RegExp(`/chat/fila/${fila[0].id}$`));
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => page.url()).toMatch(new RegExp(`/chat/fila/${fila[1].id}$`));
    await expect.poll(() => rows.nth(1).getAttribute('aria-current')).toBe('true');
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => page.url()).toMatch(new RegExp(`/chat/fila/${fila[2].id}$`));
    await page.keyboard.press('ArrowUp');
    await expect.poll(() => page.url()).toMatch(new RegExp(`/chat/fila/${fila[1].id}$`));
    await expect.poll(() => page.getByRole('heading', { level: 2, name: fila[1].contact.name }).count()).toBe(1);
    await context.close();
  });

  it('closes the Etiquetas pop-up and the menu with Esc, and asks before closing a conversation', async () => {
    const id = await anaTakes('5511970150004', 'Teresa Teclado');
    const { page, context } = await prosa.agent('ana@provedor.demo');
    await page.goto(`${prosa.url}/chat/abertos/${id}`);
    await expect.poll(() => composer(page).count()).toBe(1);

    await page.getByRole('button', { name: 'Etiquetas' }).click();
    await expect.poll(() => page.getByRole('dialog', { name: 'Etiquetas' }).count()).toBe(1);
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByRole('dialog', { name: 'Etiquetas' }).count()).toBe(0);

    await page.getByRole('button', { name: 'Menu da conversa' }).click();
    const menu = page.getByRole('complementary', { name: 'Menu da conversa' });
    await expect.poll(() => menu.count()).toBe(1);
    await page.keyboard.press('Escape');
    await expect.poll(() => menu.count()).toBe(0);

    // With a motivo already chosen, Fechar conversa still asks, the motivo chosen in the pop-up.
    await page.getByRole('button', { name: 'Menu da conversa' }).click();
    await expect.poll(() => menu.getByLabel('Motivo').locator('option').count()).toBeGreaterThan(1);
    await menu.getByLabel('Motivo').selectOption({ index: 1 });
    await expect.poll(async () => (await anaApi('GET', `/conversations/${id}`)).body.motivo).not.toBeNull();
    await page.getByRole('menuitem', { name: 'Fechar conversa' }).click();
    const confirm = page.getByRole('dialog', { name: 'Fechar conversa' });
    await expect.poll(() => confirm.getByLabel('Motivo').inputValue().then((v) => v !== '')).toBe(true);
    // Esc closes the pop-up and leaves the menu open beneath it.
    await page.keyboard.press('Escape');
    await expect.poll(() => confirm.count()).toBe(0);
    expect(await menu.count()).toBe(1);
    expect((await anaApi('GET', `/conversations/${id}`)).body.situacao).toBe('chat');
    await context.close();
  });
});

describe('the demo', () => {
  it('has its WhatsApp conversations inside the 24-hour window: the subscribers wrote minutes ago', async () => {
    const abertos = (await carlaApi('GET', '/conversations?tab=abertos&limit=100')).body.items as { id: number; channel: { kind: string }; contact: { name: string } }[];
    const whatsapp = abertos.filter((c) => c.channel.kind === 'whatsapp');
    expect(whatsapp.length).toBeGreaterThan(0);
    for (const c of whatsapp) {
      expect((await carlaApi('GET', `/conversations/${c.id}/templates`)).body.windowOpen, c.contact.name).toBe(true);
    }
    // The oldest in the list: one of the demo's own, not one this file made.
    const demo = whatsapp[whatsapp.length - 1];
    const { page, context } = await prosa.agent('carla@provedor.demo');
    await page.goto(`${prosa.url}/chat/abertos/${demo.id}`);
    await expect.poll(() => composer(page).count()).toBe(1);
    await expect.poll(() => log(page).locator('.bubble, li').count()).toBeGreaterThan(0);
    expect(await page.getByText('Fora da janela de 24 horas do WhatsApp', { exact: false }).count()).toBe(0);
    await page.screenshot({ path: join(tmpdir(), 'prosa-screen-chat.png') });
    await context.close();
  });
});
