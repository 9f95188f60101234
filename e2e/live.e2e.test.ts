// The live layer seen from the screen: nothing that happens while the page loads, before its socket
// listens, is missing from it.
import { describe, expect, it } from 'vitest';
import { content, message, messagesPayload, signedWebhook } from '../server/demo/whatsapp/meta-payloads.js';
import { startProsa } from './support/prosa.js';

const prosa = await startProsa();

describe('the live feed', () => {
  it('shows a conversation that arrived after the list loaded but before the socket connected', async () => {
    const { page, context } = await prosa.agent('carla@provedor.demo');
    // The next load's socket is held until the subscriber has written.
    let release!: () => void;
    const held = new Promise<void>((resolve) => { release = resolve; });
    await page.routeWebSocket(/socket\.io/, async (ws) => {
      await held;
      ws.connectToServer();
    });
    await page.reload();
    const fila = page.getByRole('list', { name: 'Fila' });
    await expect.poll(() => fila.getByRole('listitem').count()).toBeGreaterThan(0);
    expect(await fila.getByText('Otávio Intervalo').count()).toBe(0);

    const waId = '5511970123401';
    const payload = messagesPayload({ phoneNumberId: '100000000000001' }, { waId, name: 'Otávio Intervalo' }, [message(waId, content.text('Alguém aí?'))]);
    const { body, headers } = signedWebhook(payload, 'demo-app-secret');
    expect((await fetch(`${prosa.url}/webhooks/whatsapp/demo-whatsapp`, { method: 'POST', headers, body })).status).toBe(200);
    // Long enough for the list to be sure to have been fetched before the message was stored.
    await page.waitForTimeout(500);
    expect(await fila.getByText('Otávio Intervalo').count()).toBe(0);

    release();
    await expect.poll(() => fila.getByText('Otávio Intervalo').count(), { timeout: 10_000 }).toBe(1);
    await context.close();
  });
});
