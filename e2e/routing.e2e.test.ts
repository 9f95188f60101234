// Routing in a real browser: the administrator turns on automatic assignment for Suporte Técnico,
// Ana says she is online, and a subscriber's new conversation opens in her Abertos by itself; the
// supervisor sees who is online or on a pause, and why.
import { describe, expect, it } from 'vitest';
import { content, message, messagesPayload, signedWebhook } from '../server/demo/whatsapp/meta-payloads.js';
import { startProsa } from './support/prosa.js';

const prosa = await startProsa();

describe('routing', () => {
  it('hands a new conversation to the online agent when the sector distributes automatically', async () => {
    const admin = await prosa.agent('admin@provedor.demo');
    // Room enough for the demo's waiting conversations, which go first (oldest waiting first).
    const adminApi = await prosa.api('admin@provedor.demo');
    const team = await adminApi('GET', '/team');
    const ana = team.body.find((u: { email: string }) => u.email === 'ana@provedor.demo');
    expect((await adminApi('PATCH', `/team/${ana.id}`, { maxConcurrent: 50 })).status).toBe(200);

    await admin.page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Setores' }).click();
    await admin.page.getByRole('button', { name: 'Editar Suporte Técnico' }).click();
    const dialog = admin.page.getByRole('dialog', { name: 'Editar setor' });
    await dialog.getByLabel('Distribuir a Fila automaticamente').check();
    await dialog.getByRole('button', { name: 'Salvar' }).click();
    await expect.poll(() => admin.page.getByRole('row').filter({ hasText: 'Suporte Técnico' }).textContent()).toContain('Sim, distribuição automática');

    const agent = await prosa.agent('ana@provedor.demo');
    await agent.page.getByLabel('Minha situação').selectOption({ label: 'Online' });
    await agent.page.getByRole('tab', { name: /^Abertos/ }).click();

    const phone = '5511987555001';
    const payload = messagesPayload({ phoneNumberId: '100000000000001' }, { waId: phone, name: 'Rosa Rodízio' }, [message(phone, content.text('Minha internet caiu'))]);
    const { body, headers } = signedWebhook(payload, 'demo-app-secret');
    expect((await fetch(`${prosa.url}/webhooks/whatsapp/demo-whatsapp`, { method: 'POST', headers, body })).status).toBe(200);
    await agent.page.getByPlaceholder('Digite o nome do contato').fill('Rosa');
    await expect.poll(() => agent.page.getByRole('list', { name: 'Abertos' }).getByRole('listitem').filter({ hasText: 'Rosa Rodízio' }).count(), { timeout: 20_000 }).toBe(1);

    // Ana takes a pause; the supervisor sees it, with the reason.
    await agent.page.getByLabel('Minha situação').selectOption({ label: 'Pausa' });
    await agent.page.getByLabel('Motivo da pausa').fill('Almoço');
    await agent.page.getByRole('button', { name: 'Pausar' }).click();
    const carla = await prosa.agent('carla@provedor.demo');
    const now = carla.page.getByRole('region', { name: 'Equipe agora' });
    await expect.poll(() => now.textContent()).toContain('Ana Souza: Pausa (Almoço)');
    await carla.context.close();
    await agent.context.close();
    await admin.context.close();
  });
});
