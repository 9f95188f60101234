// The Graph API stand-in answers like Meta: its success shapes, and its refusals for a bad token,
// a malformed message, reply buttons or a list past Meta's limits, an upload of a type WhatsApp
// does not take, a template it does not know (in that language) or with the wrong parameters; and
// what Meta accepts but fails later (an image in WebP, a number not on WhatsApp) it reports as
// Meta does, in a signed `failed` status webhook. Error codes and titles as on Meta's "WhatsApp
// error codes" page (developers.facebook.com/documentation/business-messaging/whatsapp/support/error-codes).
import { createServer } from 'node:http';
import { afterAll, describe, expect, it } from 'vitest';
import { signatureOf, SIGNATURE_HEADER } from '../../channels/whatsapp/signature.js';
import { startGraphStandIn } from './stand-in.js';

const { standIn, url, close } = await startGraphStandIn({ accessToken: 'token-certo', phoneNumberIds: ['106540352242922'] });
afterAll(close);

const post = (path: string, body: unknown, token = 'token-certo') =>
  fetch(`${url}/v21.0/${path}`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });

const interactive = (part: object) => ({ messaging_product: 'whatsapp', recipient_type: 'individual', to: '5511999990000', type: 'interactive', interactive: part });
const buttonsOf = (titles: string[]) => ({
  type: 'button',
  body: { text: 'Como posso ajudar?' },
  action: { buttons: titles.map((title, i) => ({ type: 'reply', reply: { id: `opcao-${i}`, title } })) },
});
const listOf = (titles: string[]) => ({
  type: 'list',
  body: { text: 'Como posso ajudar?' },
  action: { button: 'Ver opções', sections: [{ title: 'Opções', rows: titles.map((title, i) => ({ id: `opcao-${i}`, title })) }] },
});

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

  it('accepts reply buttons and a list message within Meta\'s limits', async () => {
    const buttons = await post('106540352242922/messages', interactive(buttonsOf(['Sim', 'Não', 'Falar com atendente'])));
    expect(buttons.status).toBe(200);
    const list = await post('106540352242922/messages', interactive(listOf(Array.from({ length: 10 }, (_, i) => `Opção de número ${i + 1}`))));
    expect(list.status).toBe(200);
    expect(standIn.messages.slice(-2).map((m) => (m.body.interactive as { type: string }).type)).toEqual(['button', 'list']);
  });

  it('refuses reply buttons Meta refuses: more than 3, the same id twice, a title over 20 characters, no body', async () => {
    const refusal = async (body: unknown) => {
      const answer = await post('106540352242922/messages', body);
      expect(answer.status).toBe(400);
      return (await answer.json()).error;
    };
    expect(await refusal(interactive(buttonsOf(['a', 'b', 'c', 'd'])))).toMatchObject({
      code: 131009, message: '(#131009) Parameter value is not valid', type: 'OAuthException',
      error_data: { messaging_product: 'whatsapp', details: 'Buttons count is invalid. Min: 1, Max: 3' }, fbtrace_id: expect.any(String),
    });
    const twice = buttonsOf(['Sim', 'Não']);
    (twice.action.buttons[1].reply as { id: string }).id = 'opcao-0';
    expect((await refusal(interactive(twice))).error_data.details).toBe('Button IDs must be unique');
    expect((await refusal(interactive(buttonsOf(['Um título longo demais!'])))).error_data.details).toBe('Button title length invalid. Min length: 1, Max length: 20');
    const { body: _, ...bodiless } = buttonsOf(['Sim']);
    expect((await refusal(interactive(bodiless))).message).toBe("(#100) The parameter interactive['body'] is required.");
    expect((await refusal(interactive({ ...buttonsOf(['Sim']), body: { text: ' ' } }))).message).toBe("(#100) The parameter interactive['body']['text'] is required.");
    expect((await refusal(interactive({ ...buttonsOf(['Sim']), body: { text: 'x'.repeat(1025) } }))).error_data.details).toMatch(/Max length: 1024/);
    expect((await refusal(interactive({ ...buttonsOf(['Sim']), type: 'carousel' }))).message).toMatch(/^\(#100\) Param interactive\['type'\] must be one of/);
  });

  it('refuses a list Meta refuses: more than 10 rows, a row title over 24 characters, no body, a long button', async () => {
    const refusal = async (body: unknown) => (await (await post('106540352242922/messages', body)).json()).error;
    expect((await refusal(interactive(listOf(Array.from({ length: 11 }, (_, i) => `Opção ${i + 1}`))))).error_data.details).toBe('Total row count exceed max allowed count: 10');
    expect((await refusal(interactive(listOf(['Um título de opção longo demais'])))).error_data.details).toBe('Row title length invalid. Min length: 1, Max length: 24');
    const { body: _, ...bodiless } = listOf(['Boleto']);
    expect((await refusal(interactive(bodiless))).message).toBe("(#100) The parameter interactive['body'] is required.");
    const list = listOf(['Boleto']);
    expect((await refusal(interactive({ ...list, action: { ...list.action, button: 'Escolha uma das opções' } }))).error_data.details).toBe('Button text length invalid. Min length: 1, Max length: 20');
    expect((await refusal(interactive({ ...list, body: { text: 'x'.repeat(4097) } }))).error_data.details).toMatch(/Max length: 4096/);
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

  it('takes `voice` on an audio message only', async () => {
    const { id } = standIn.addMedia(Buffer.from('OggS'), 'audio/ogg');
    const message = (type: string, part: object) => ({ messaging_product: 'whatsapp', to: '5511999990000', type, [type]: part });
    expect((await post('106540352242922/messages', message('audio', { id, voice: true }))).status).toBe(200);
    const image = await post('106540352242922/messages', message('image', { id, voice: true }));
    expect(image.status).toBe(400);
    expect((await image.json()).error).toMatchObject({ code: 100, message: "(#100) Param image['voice'] is not valid." });
  });

  it("marks a contact's message read, and refuses one of its own sends or a malformed id with #131009", async () => {
    const read = await post('106540352242922/messages', { messaging_product: 'whatsapp', status: 'read', message_id: 'wamid.HBgNNTUxMTk5OTk5MDAwMBUCABIYFjNFQjBDMEQ2' });
    expect(read.status).toBe(200);
    expect(await read.json()).toEqual({ success: true });
    expect(standIn.requests.at(-1)).toMatchObject({ kind: 'mark_read', id: 'wamid.HBgNNTUxMTk5OTk5MDAwMBUCABIYFjNFQjBDMEQ2' });
    const sent = await (await post('106540352242922/messages', { messaging_product: 'whatsapp', to: '5511999990000', type: 'text', text: { body: 'oi' } })).json();
    for (const id of [sent.messages[0].id, '12345']) {
      const refused = await post('106540352242922/messages', { messaging_product: 'whatsapp', status: 'read', message_id: id });
      expect(refused.status).toBe(400);
      expect((await refused.json()).error).toMatchObject({ code: 131009, message: '(#131009) Parameter value is not valid' });
    }
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

  it("takes a reply's context.message_id, and refuses a context without one", async () => {
    const text = { messaging_product: 'whatsapp', to: '5511999990000', type: 'text', text: { body: 'Sim' } };
    const quoted = await post('106540352242922/messages', { ...text, context: { message_id: 'wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ0RgA=' } });
    expect(quoted.status).toBe(200);
    expect(standIn.messages.at(-1)!.body.context).toEqual({ message_id: 'wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ0RgA=' });
    for (const context of [{}, { message_id: '' }, 'wamid.x']) {
      const refused = await post('106540352242922/messages', { ...text, context });
      expect(refused.status).toBe(400);
      expect((await refused.json()).error).toMatchObject({ code: 100 });
    }
  });
});

describe('the Graph API stand-in, strict as Meta', async () => {
  const strict = await startGraphStandIn({
    accessToken: 'token-certo',
    phoneNumberIds: ['106540352242922'],
    templates: [{ name: 'boas_vindas', language: 'pt_BR', params: 1 }],
    undeliverable: ['5511900000000'],
  });
  // Where it posts its status webhooks: every body kept, with whether its signature holds.
  const posted: { body: any; signed: boolean }[] = [];
  const hook = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (c) => chunks.push(c));
    request.on('end', () => {
      const raw = Buffer.concat(chunks).toString();
      posted.push({ body: JSON.parse(raw), signed: request.headers[SIGNATURE_HEADER] === signatureOf(raw, 'segredo-do-app') });
      response.end('ok');
    });
  });
  await new Promise<void>((resolve) => hook.listen(0, '127.0.0.1', resolve));
  const port = (hook.address() as { port: number }).port;
  strict.standIn.statusWebhook = { url: `http://127.0.0.1:${port}/`, appSecret: 'segredo-do-app', delayMs: 5 };
  afterAll(async () => {
    await strict.close();
    hook.close();
  });

  const send = (body: object) =>
    fetch(`${strict.url}/v21.0/106540352242922/messages`, {
      method: 'POST', headers: { authorization: 'Bearer token-certo', 'content-type': 'application/json' }, body: JSON.stringify({ messaging_product: 'whatsapp', ...body }),
    });
  const template = (name: string, code: string, params: string[]) => ({
    to: '5511999990000', type: 'template',
    template: { name, language: { code }, components: [{ type: 'body', parameters: params.map((text) => ({ type: 'text', text })) }] },
  });
  const statusesOf = async (wamid: string, count: number) => {
    await expect.poll(() => posted.filter((p) => p.body.entry[0].changes[0].value.statuses[0].id === wamid).length, { timeout: 5_000 }).toBeGreaterThanOrEqual(count);
    return posted.filter((p) => p.body.entry[0].changes[0].value.statuses[0].id === wamid);
  };

  it('refuses a template name it does not know, and one not approved in the language asked, with #132001', async () => {
    for (const [name, code] of [['boas_vindass', 'pt_BR'], ['boas_vindas', 'en_US']]) {
      const answer = await send(template(name, code, ['Ana']));
      expect(answer.status).toBe(404);
      expect((await answer.json()).error).toMatchObject({
        message: '(#132001) Template name does not exist in the translation', type: 'OAuthException', code: 132001,
        error_data: { messaging_product: 'whatsapp', details: `template name (${name}) does not exist in ${code}` }, fbtrace_id: expect.any(String),
      });
    }
    expect((await send(template('boas_vindas', 'pt_BR', ['Ana']))).status).toBe(200);
  });

  it('refuses a template with more or fewer body parameters than approved, with #132000', async () => {
    for (const params of [[], ['Ana', 'de novo']]) {
      const answer = await send(template('boas_vindas', 'pt_BR', params));
      expect(answer.status).toBe(400);
      expect((await answer.json()).error).toMatchObject({ code: 132000, message: '(#132000) Number of parameters does not match the expected number of params' });
    }
  });

  it('accepts an image message of WebP media, then reports it failed (#131053): WebP goes as a sticker only', async () => {
    const webp = strict.standIn.addMedia(Buffer.from('RIFF\0\0\0\0WEBPVP8 '), 'image/webp');
    const answer = await send({ to: '5511999990000', type: 'image', image: { id: webp.id } });
    expect(answer.status).toBe(200);
    const wamid = (await answer.json()).messages[0].id;
    const [report] = await statusesOf(wamid, 1);
    expect(report.signed).toBe(true);
    expect(report.body.entry[0].changes[0].value.statuses[0]).toMatchObject({
      id: wamid, status: 'failed', recipient_id: '5511999990000',
      errors: [{ code: 131053, title: 'Media upload error', error_data: { details: 'Unsupported Image mime type image/webp. Please use one of image/png, image/jpeg.' } }],
    });
    const sticker = await send({ to: '5511999990000', type: 'sticker', sticker: { id: webp.id } });
    const statuses = await statusesOf((await sticker.json()).messages[0].id, 3);
    expect(statuses.map((p) => p.body.entry[0].changes[0].value.statuses[0].status)).toEqual(['sent', 'delivered', 'read']);
  });

  it('accepts a message to a number not on WhatsApp, then reports it failed (#131026) and nothing else', async () => {
    strict.standIn.notOnWhatsApp('+55 11 98888-0000');
    for (const to of ['5511900000000', '5511988880000']) {
      const answer = await send({ to, type: 'text', text: { body: 'oi' } });
      expect(answer.status).toBe(200);
      const wamid = (await answer.json()).messages[0].id;
      const [report] = await statusesOf(wamid, 1);
      expect(report.body.entry[0].changes[0].value.statuses[0]).toMatchObject({
        id: wamid, status: 'failed', recipient_id: to, errors: [{ code: 131026, title: 'Message undeliverable', message: 'Message undeliverable' }],
      });
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(await statusesOf(wamid, 1)).toHaveLength(1);
    }
  });
});
