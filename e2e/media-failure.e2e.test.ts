// A contact's picture the channel could not download: the bubble says why and offers "Tentar
// novamente", which brings the picture in — the demo's Graph API stand-in failing the first download.
import { describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { content, message, messagesPayload, signedWebhook } from '../server/demo/whatsapp/meta-payloads.js';
import { startProsa } from './support/prosa.js';

const prosa = await startProsa();
const graph = `${prosa.url}/_demo/graph`;

describe('media that could not be downloaded', () => {
  it('shows the reason and a retry in the bubble, and the picture once the retry worked', async () => {
    // The picture is at Meta (uploaded to the stand-in), but Meta refuses the first lookup of it.
    const png = await sharp({ create: { width: 120, height: 80, channels: 3, background: '#b91c1c' } }).png().toBuffer();
    const form = new FormData();
    form.set('messaging_product', 'whatsapp');
    form.set('type', 'image/png');
    form.set('file', new Blob([new Uint8Array(png)], { type: 'image/png' }), 'luz.png');
    const uploaded = await fetch(`${graph}/v23.0/100000000000001/media`, { method: 'POST', headers: { authorization: 'Bearer demo-access-token' }, body: form });
    const { id } = await uploaded.json();
    await fetch(`${graph}/_fail`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ count: 1, status: 400, code: 100, message: '(#100) Invalid parameter', only: 'media' }) });

    const waId = '5511987000077';
    const payload = messagesPayload({ phoneNumberId: '100000000000001' }, { waId, name: 'Mídia Perdida' }, [message(waId, content.image({ id, mime_type: 'image/png', caption: 'a luz do roteador' }))]);
    const { body, headers } = signedWebhook(payload, 'demo-app-secret');
    expect((await fetch(`${prosa.url}/webhooks/whatsapp/demo-whatsapp`, { method: 'POST', headers, body })).status).toBe(200);

    const { page, context } = await prosa.agent('carla@provedor.demo');
    await page.getByRole('tab', { name: /^Fila/ }).click();
    await page.getByPlaceholder('Digite o nome do contato').fill('Mídia Perdida');
    await page.getByRole('list', { name: 'Fila' }).getByRole('listitem').filter({ hasText: 'Mídia Perdida' }).first().getByRole('button', { name: 'Mídia Perdida' }).click();
    const bubble = page.getByRole('log', { name: 'Mensagens' }).locator('article').filter({ hasText: 'a luz do roteador' });
    await expect.poll(() => bubble.textContent(), { timeout: 15_000 }).toContain(`Não foi possível baixar a mídia: mídia ${id}: (#100) Invalid parameter`);
    await page.screenshot({ path: '/tmp/i15-standins-media-failed.png' });

    await bubble.getByRole('button', { name: 'Tentar novamente' }).click();
    await expect.poll(() => bubble.getByRole('img').count(), { timeout: 15_000 }).toBe(1);
    expect(await bubble.textContent()).not.toContain('Não foi possível baixar a mídia');
    await context.close();
  });
});
