// The widget's script, built into dist/widget by `npm run build` (or before `npm start`).
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';

const widgetFile = fileURLToPath(new URL('../../../dist/widget/widget.js', import.meta.url));

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
}
