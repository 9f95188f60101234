// Another origin of the same site (another port on 127.0.0.1: the agent's SameSite=Lax cookie
// travels with its requests) tries to act as a logged-in agent and to read the live feed. And the
// Content-Security-Policy leaves Prosa's own pages working.
import { createServer } from 'node:http';
import { afterAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startProsa } from './support/prosa.js';

const prosa = await startProsa();

/** A page on another origin whose HTML the test sets. */
const attacker = await new Promise<{ url: string; serve(html: string): void }>((resolve) => {
  let page = '<!doctype html><title>vazio</title>';
  const server = createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    response.end(page);
  });
  afterAll(() => new Promise((done) => server.close(done)));
  server.listen(0, '127.0.0.1', () => {
    const { port } = server.address() as { port: number };
    resolve({ url: `http://127.0.0.1:${port}/`, serve: (html) => (page = html) });
  });
});

/** Errors the browser reports for CSP (and anything else) on a page. */
function problemsOf(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(message.text());
  });
  page.on('pageerror', (error) => problems.push(error.message));
  return problems;
}

describe('pages of another origin', () => {
  it('cannot make a logged-in agent assume a conversation, by fetch or by form', async () => {
    const { context, page } = await prosa.agent('carla@provedor.demo');
    const api = await prosa.api('carla@provedor.demo');
    const { body } = await api('GET', '/conversations?tab=fila');
    const target = body.items[0];
    expect(target.situacao).toBe('fila');
    const assume = `${prosa.url}/api/v1/conversations/${target.id}/assume`;

    attacker.serve(`<!doctype html><title>promoção</title>
      <form id="f" method="POST" action="${assume}"></form>
      <script>
        window.done = fetch(${JSON.stringify(assume)}, { method: 'POST', mode: 'no-cors', credentials: 'include' })
          .then(() => 'sent', (error) => 'failed: ' + error.message);
      </script>`);
    const evil = await context.newPage();
    await evil.goto(attacker.url);
    // Settled either way (the browser may hide the answer from the page): what counts is the conversation.
    await evil.evaluate(() => (window as unknown as { done: Promise<string> }).done);
    expect((await api('GET', `/conversations/${target.id}`)).body).toMatchObject({ situacao: 'fila', responsavel: null });

    // A form posts as a top-level navigation: the answer is Prosa's refusal, and nothing changed.
    await Promise.all([evil.waitForURL(assume), evil.evaluate(() => (document.getElementById('f') as HTMLFormElement).submit())]);
    expect(JSON.parse(await evil.locator('body').innerText()).error.code).toBe('cross_site_request');
    expect((await api('GET', `/conversations/${target.id}`)).body).toMatchObject({ situacao: 'fila', responsavel: null });

    // The agent's own page still may.
    const own = await page.evaluate(async (url) => (await fetch(url, { method: 'POST' })).status, assume);
    expect(own).toBe(200);
    await context.close();
  });

  it('cannot open a socket to the live feed with the agent\'s cookie', async () => {
    const { context, page } = await prosa.agent('ana@provedor.demo');
    const socketUrl = `${prosa.url.replace('http', 'ws')}/socket.io/?EIO=4&transport=websocket`;
    // What a page sees of the feed: the socket.io CONNECT answer, or the socket refused.
    const tryFeed = (where: Page) => where.evaluate((url) => new Promise<string>((resolve) => {
      const ws = new WebSocket(url);
      const timer = setTimeout(() => resolve('timeout'), 8_000);
      ws.onmessage = (event) => {
        const data = String(event.data);
        if (data.startsWith('0')) ws.send('40');
        else if (data.startsWith('40')) { clearTimeout(timer); ws.close(); resolve('connected'); }
        else if (data.startsWith('44')) { clearTimeout(timer); ws.close(); resolve(`refused: ${data}`); }
      };
      ws.onerror = () => { clearTimeout(timer); resolve('refused: handshake'); };
    }), socketUrl);

    expect(await tryFeed(page)).toBe('connected'); // the same request from Prosa's own page
    attacker.serve('<!doctype html><title>nada aqui</title>');
    const evil = await context.newPage();
    await evil.goto(attacker.url);
    expect(await tryFeed(evil)).toBe('refused: handshake');
    await context.close();
  });
});

describe('the Content-Security-Policy', () => {
  it('leaves the agent app, the API docs and the widget demo working, with no violation', async () => {
    const { context, page } = await prosa.agent('carla@provedor.demo');
    const problems = problemsOf(page);
    await page.reload();
    await expect.poll(() => page.getByRole('tab', { name: /Fila/ }).count(), { timeout: 15_000 }).toBe(1);
    await page.getByRole('list', { name: 'Fila' }).getByRole('listitem').first().click();
    await page.waitForTimeout(500);

    const docs = await context.newPage();
    const docsProblems = problemsOf(docs);
    await docs.goto(`${prosa.url}/api/docs`);
    await expect.poll(() => docs.locator('.swagger-ui .info .title').textContent(), { timeout: 15_000 }).toContain('Prosa API');

    const demo = await context.newPage();
    const demoProblems = problemsOf(demo);
    await demo.goto(`${prosa.url}/widget-demo`);
    await expect.poll(() => demo.evaluate(() => document.querySelectorAll('body > *').length)).toBeGreaterThan(4);
    await demo.waitForTimeout(1_000);

    const csp = (all: string[]) => all.filter((p) => /Content Security Policy|Refused to/i.test(p));
    expect(csp(problems)).toEqual([]);
    expect(csp(docsProblems)).toEqual([]);
    expect(csp(demoProblems)).toEqual([]);
    await context.close();
  });
});
