// The Graph API stand-in answers like Meta: its success shapes, and its refusals for a bad token,
// a malformed message or an upload of a type WhatsApp does not take.
import { afterAll, describe, expect, it } from 'vitest';
import { startGraphStandIn } from './stand-in.js';

const { standIn, url, close } = await startGraphStandIn({ accessToken: 'token-certo', phoneNumberIds: ['106540352242922'] });
afterAll(close);

const post = (path: string, body: unknown, token = 'token-certo') =>
  fetch(`${url}/v21.0/${path}`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });

describe('the Graph API stand-in', () => {
  it('accepts a text message with Meta\'s answer, and lists it under /_sent', async () => {
    const answer = await post('106540352242922/messages', { messaging_product: 'whatsapp', recipient_type: 'individual', to: '5511999990000', type: 'text', text: { body: 'oi' } });
    expect(answer.status).toBe(200);
    const body = await answer.json();
    expect(body).toEqual({ messaging_product: 'whatsapp', contacts: [{ input: '5511999990000', wa_id: '5511999990000' }], messages: [{ id: expect.stringMatching(/^wamid\./) }] });
    const sent = await (await fetch(`${url}/_sent`)).json();
    expect(sent.requests.at(-1)).toMatchObject({ kind: 'message', id: body.messages[0].id, body: { to: '5511999990000' } });
  });

  it('refuses a wrong token (401, #190), an unknown number, a message without messaging_product or of an unknown type', async () => {
    const bad = await post('106540352242922/messages', { messaging_product: 'whatsapp', to: '5511999990000', type: 'text', text: { body: 'oi' } }, 'outro');
    expect(bad.status).toBe(401);
    expect((await bad.json()).error).toMatchObject({ code: 190, type: 'OAuthException', fbtrace_id: expect.any(String) });
    const number = await post('1/messages', { messaging_product: 'whatsapp', to: '5511999990000', type: 'text', text: { body: 'oi' } });
    expect((await number.json()).error).toMatchObject({ code: 100, type: 'GraphMethodException' });
    const product = await post('106540352242922/messages', { to: '5511999990000', type: 'text', text: { body: 'oi' } });
    expect(product.status).toBe(400);
    expect((await product.json()).error.message).toBe('(#100) The parameter messaging_product is required.');
    const type = await post('106540352242922/messages', { messaging_product: 'whatsapp', to: '5511999990000', type: 'carta', carta: {} });
    expect((await type.json()).error.message).toMatch(/^\(#100\) Param type must be one of/);
    const media = await post('106540352242922/messages', { messaging_product: 'whatsapp', to: '5511999990000', type: 'image', image: { id: '123' } });
    expect((await media.json()).error.message).toBe("(#100) Param image['id'] is not a valid media id.");
  });

  it('takes an upload of a type WhatsApp accepts, serves it back by id, and refuses WebM as audio', async () => {
    const form = new FormData();
    form.set('messaging_product', 'whatsapp');
    form.set('type', 'application/pdf');
    form.set('file', new Blob([Buffer.from('%PDF-1.4')], { type: 'application/pdf' }), 'a.pdf');
    const uploaded = await fetch(`${url}/v21.0/106540352242922/media`, { method: 'POST', headers: { authorization: 'Bearer token-certo' }, body: form });
    const { id } = await uploaded.json();
    expect(id).toMatch(/^\d+$/);
    const info = await (await fetch(`${url}/v21.0/${id}`, { headers: { authorization: 'Bearer token-certo' } })).json();
    expect(info).toMatchObject({ messaging_product: 'whatsapp', mime_type: 'application/pdf', file_size: 8, id });
    const bytes = await fetch(info.url, { headers: { authorization: 'Bearer token-certo' } });
    expect(Buffer.from(await bytes.arrayBuffer()).toString()).toBe('%PDF-1.4');
    expect((await fetch(info.url)).status).toBe(401);

    const webm = new FormData();
    webm.set('messaging_product', 'whatsapp');
    webm.set('type', 'audio/webm');
    webm.set('file', new Blob([Buffer.from([0x1a, 0x45, 0xdf, 0xa3])], { type: 'audio/webm' }), 'a.webm');
    const refused = await fetch(`${url}/v21.0/106540352242922/media`, { method: 'POST', headers: { authorization: 'Bearer token-certo' }, body: webm });
    expect(refused.status).toBe(400);
    expect((await refused.json()).error).toMatchObject({ code: 131053, error_data: { details: 'Unsupported file type: audio/webm' } });
  });

  it('fails the next requests as told, with Meta\'s error bodies', async () => {
    standIn.failNext(1, { code: 131047 });
    const answer = await post('106540352242922/messages', { messaging_product: 'whatsapp', to: '5511999990000', type: 'text', text: { body: 'oi' } });
    expect(answer.status).toBe(400);
    expect((await answer.json()).error).toMatchObject({ code: 131047, message: '(#131047) Re-engagement message', error_data: { details: 'Re-engagement message' } });
    await fetch(`${url}/_fail`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ count: 1, status: 500 }) });
    expect((await post('106540352242922/messages', { messaging_product: 'whatsapp', to: '5511999990000', type: 'text', text: { body: 'oi' } })).status).toBe(500);
    expect((await post('106540352242922/messages', { messaging_product: 'whatsapp', to: '5511999990000', type: 'text', text: { body: 'oi' } })).status).toBe(200);
  });
});
