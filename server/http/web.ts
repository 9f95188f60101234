// Serves the agent app (dist/web, built by `npm run build` or before `npm start`) and the emoji
// data its picker reads, from Prosa itself: nothing loads from a CDN.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fastifyStatic from '@fastify/static';
import { SCREENS } from '../../api/screens.js';

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
  // The app's own paths (/chat/abertos/42, /canais) open the app, which reads the path: deep links and
  // reloads land on the same screen. Read each time, as a rebuild replaces it.
  const serveApp = async (_request: FastifyRequest, reply: FastifyReply) =>
    reply.header('Cache-Control', 'no-cache').type('text/html; charset=utf-8').send(await readFile(join(webRoot, 'index.html')));
  for (const screen of SCREENS) {
    app.get(`/${screen}`, { schema: { hide: true } }, serveApp);
    app.get(`/${screen}/*`, { schema: { hide: true } }, serveApp);
  }
}
