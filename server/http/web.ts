// Serves the agent app (dist/web, built by `npm run build` or before `npm start`) and the emoji
// data its picker reads, from Prosa itself: nothing loads from a CDN.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import fastifyStatic from '@fastify/static';

const webRoot = fileURLToPath(new URL('../../dist/web', import.meta.url));
const emojibaseRoot = fileURLToPath(new URL('../../node_modules/emojibase-data', import.meta.url));

export async function registerWebApp(app: FastifyInstance) {
  if (existsSync(emojibaseRoot)) {
    await app.register(fastifyStatic, {
      root: emojibaseRoot,
      prefix: '/emojibase/',
      decorateReply: false,
      // Only the locales the picker uses, and only their JSON.
      allowedPath: (path) => /^\/(pt|en)\/(data|messages)\.json$/.test(path),
      maxAge: '7d',
    });
  }
  if (!existsSync(webRoot)) {
    app.log.warn('dist/web is missing: run `npm run build` to serve the agent app');
    return;
  }
  await app.register(fastifyStatic, {
    root: webRoot,
    prefix: '/',
    decorateReply: false,
    // Hashed assets never change; index.html must always be fresh.
    setHeaders: (res, path) => {
      res.header('Cache-Control', path.includes('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache');
    },
  });
}
