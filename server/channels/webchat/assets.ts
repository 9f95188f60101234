// The widget's script (built into dist/widget by `npm run build`, or before `npm start`) and the
// demo page: a pretend provider's site that embeds it, as a provider would.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { findWebchatChannel } from './visitors.js';

const widgetFile = fileURLToPath(new URL('../../../dist/widget/widget.js', import.meta.url));
const DEMO_CHANNEL = 'demo-webchat'; // the channel widget/demo.html names
const demoFile = fileURLToPath(new URL('../../../widget/demo.html', import.meta.url));

export function registerWidgetAssets(app: FastifyInstance) {
  app.get('/widget.js', { schema: { hide: true } }, async (request, reply) => {
    const script = await readFile(widgetFile).catch(() => null);
    if (!script) {
      request.log.warn('dist/widget/widget.js is missing: run `npm run build` to serve the web-chat widget');
      return reply.status(404).type('text/javascript').send('/* O chat do site não foi compilado (npm run build). */');
    }
    const etag = `"${createHash('sha256').update(script).digest('base64url').slice(0, 22)}"`;
    reply
      .header('ETag', etag)
      // The address a provider pastes never changes: caches must ask again, cheaply (304).
      .header('Cache-Control', 'public, max-age=300, must-revalidate')
      .header('Cross-Origin-Resource-Policy', 'cross-origin')
      .type('text/javascript; charset=utf-8');
    if (request.headers['if-none-match'] === etag) return reply.status(304).send();
    return reply.send(script);
  });

  app.get('/widget-demo', { schema: { hide: true } }, async (_request, reply) => {
    // Framed only by the sites the demo channel names (as a provider's page embedding it would be).
    const channel = await findWebchatChannel(app.deps.db, DEMO_CHANNEL).catch(() => null);
    const origins = (channel?.allowedOrigins ?? []).filter((origin) => /^https?:\/\/[^\s;,']+$/.test(origin));
    const ancestors = origins.length > 0 ? origins.join(' ') : "'none'";
    const csp = String(reply.getHeader('content-security-policy') ?? '');
    if (csp) reply.header('Content-Security-Policy', csp.replace(/frame-ancestors [^;]*/, `frame-ancestors ${ancestors}`));
    // X-Frame-Options can only say "this origin": frame-ancestors speaks for the named sites.
    if (origins.length > 0) reply.removeHeader('x-frame-options');
    reply.header('Cache-Control', 'no-cache').type('text/html; charset=utf-8');
    return reply.send(await readFile(demoFile));
  });
}
