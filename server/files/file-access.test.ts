import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { createHarness } from '../../test/support/harness.js';

const h = await createHarness();
const png = await sharp({ create: { width: 40, height: 30, channels: 3, background: '#16a34a' } }).png().toBuffer();

describe('who may read an attachment', () => {
  it('lets agents who see the conversation read it, and no atendente of another sector', async () => {
    const p = await h.provider();
    const { conversationId } = (await h.inbound(p, { externalId: '5511922220001', body: 'oi' })) as { conversationId: number };
    const ana = await h.login(p.users.ana); // Suporte Técnico, where the conversation is
    await ana.post(`/api/v1/conversations/${conversationId}/assume`);
    const uploaded = await ana.upload('modem.png', png, 'image/png');
    expect(uploaded.status).toBe(201);
    const url = `/api/v1/files/${uploaded.body.id}`;

    // Not sent yet: only the uploader (and supervisors) may read it.
    const bruno = await h.login(p.users.bruno); // Suporte Técnico too
    const caio = await h.login(p.users.caio); // Comercial only
    const carla = await h.login(p.users.supervisor);
    expect((await ana.request('GET', url)).status).toBe(200);
    expect((await bruno.request('GET', url)).status).toBe(404);
    expect((await carla.request('GET', url)).status).toBe(200);

    const sent = await ana.post(`/api/v1/conversations/${conversationId}/messages`, { kind: 'file', fileId: uploaded.body.id });
    expect(sent.status).toBe(201);
    expect((await bruno.request('GET', url)).status).toBe(200);
    expect((await bruno.request('GET', `${url}/thumbnail`)).status).toBe(200);
    expect((await caio.request('GET', url)).status).toBe(404);
    expect((await caio.request('GET', `${url}/thumbnail`)).status).toBe(404);
  });

  it('does not let an agent send a file someone else uploaded and never sent', async () => {
    const p = await h.provider();
    const { conversationId } = (await h.inbound(p, { externalId: '5511922220002', body: 'oi' })) as { conversationId: number };
    const ana = await h.login(p.users.ana);
    const bruno = await h.login(p.users.bruno);
    const uploadedByBruno = await bruno.upload('dele.png', png, 'image/png');
    await ana.post(`/api/v1/conversations/${conversationId}/assume`);
    const refused = await ana.post(`/api/v1/conversations/${conversationId}/messages`, { kind: 'file', fileId: uploadedByBruno.body.id });
    expect(refused.status).toBe(404);
  });
});
