// The demo's pretend provider site (/widget-demo): a page that embeds the web-chat widget as a
// provider's own page would, framed only by the sites the demo channel names.
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { findWebchatChannel } from '../channels/webchat/visitors.js';
import type { Db } from '../db/connection.js';

const sitePage = fileURLToPath(new URL('../../widget/demo.html', import.meta.url));
const DEMO_WEBCHAT = 'demo-webchat'; // the channel widget/demo.html names

export function registerDemoSite(app: FastifyInstance, db: Db) {
  app.get('/widget-demo', { schema: { hide: true } }, async (_request, reply) => {
    const channel = await findWebchatChannel(db, DEMO_WEBCHAT).catch(() => null);
    const origins = (channel?.allowedOrigins ?? []).filter((origin) => /^https?:\/\/[^\s;,']+$/.test(origin));
    const ancestors = origins.length > 0 ? origins.join(' ') : "'none'";
    const csp = String(reply.getHeader('content-security-policy') ?? '');
    if (csp) reply.header('Content-Security-Policy', csp.replace(/frame-ancestors [^;]*/, `frame-ancestors ${ancestors}`));
    // X-Frame-Options can only say "this origin": frame-ancestors speaks for the named sites.
    if (origins.length > 0) reply.removeHeader('x-frame-options');
    reply.header('Cache-Control', 'no-cache').type('text/html; charset=utf-8');
    return reply.send(await readFile(sitePage));
  });
}
