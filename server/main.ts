// Composition root: config -> database -> bus -> http -> live -> listen.
import { join } from 'node:path';
import { loadConfig } from './config.js';
import { openDatabase } from './db/connection.js';
import { seedDemo } from './db/seed.js';
import { createChannels } from './channels/index.js';
import { mountDemoTelegram } from './channels/telegram/demo.js';
import { mountDemoGraph } from './channels/whatsapp/demo.js';
import { fileStorageFor } from './files/storage.js';
import { buildApp } from './http/app.js';
import { removeStaleUploads } from './http/multipart.js';
import { startWorker, type Worker } from './jobs/worker.js';
import { Bus } from './live/bus.js';
import { startGateway } from './live/gateway.js';

export const DEMO_LOGINS = [
  ['admin@provedor.demo', 'administrador'],
  ['carla@provedor.demo', 'supervisor'],
  ['ana@provedor.demo', 'atendente'],
  ['bruno@provedor.demo', 'atendente'],
] as const;

async function main() {
  const config = loadConfig();
  const database = await openDatabase(config.DATABASE_URL ? { url: config.DATABASE_URL } : { dataDir: join(config.DATA_DIR, 'db') });
  const seed = config.SEED_DEMO === 'yes' || (config.SEED_DEMO === 'auto' && database.kind === 'pglite');
  const seeded = seed ? (await seedDemo(database.db)).seeded : false;

  const bus = new Bus();
  const storage = fileStorageFor(config);
  let worker: Worker | undefined;
  const channels = createChannels({ db: database.db, bus, config, storage, wake: () => worker?.wake() });
  const app = await buildApp({ db: database.db, bus, config, storage, channels: Object.values(channels.adapters) });
  // The demo has no Meta account nor Telegram bot: stand-ins of their APIs answer inside Prosa.
  const demoChannels = seed ? [await mountDemoGraph(app, database.db), await mountDemoTelegram(app, database.db)] : [];
  await app.ready();
  const stale = await removeStaleUploads(config.DATA_DIR);
  if (stale > 0) app.log.info({ stale }, 'removed uploads a previous run left half-received');
  const gateway = await startGateway(app.server, {
    db: database.db, bus, redisUrl: config.REDIS_URL, publicUrl: config.PUBLIC_URL,
    log: { info: (message: string) => app.log.info(message), warn: (message: string) => app.log.warn(message) },
  });
  worker = startWorker({ db: database.db, handlers: channels.jobHandlers, leaseSeconds: config.JOBS_LEASE_SECONDS, log: app.log });
  // A reply was just stored: deliver it now rather than at the next poll.
  bus.subscribe((event) => {
    if (event.type === 'message.created' && (event.payload.message as { status?: string }).status === 'pending') worker?.wake();
  });
  await app.listen({ port: config.PORT, host: config.HOST });

  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.PORT;
  for (const demo of demoChannels) await demo.connect(`http://127.0.0.1:${port}`);
  const lines = [
    '',
    `Prosa is running at http://localhost:${port}`,
    `  database: ${database.kind === 'pglite' ? `embedded PGlite in ${join(config.DATA_DIR, 'db')}` : 'PostgreSQL (DATABASE_URL)'}${seeded ? ', demo data seeded now' : ''}`,
    `  API docs: http://localhost:${port}/api/docs`,
  ];
  if (seed) {
    lines.push(`  web chat demo: http://localhost:${port}/widget-demo`);
    lines.push(`  WhatsApp and Telegram stand-ins: http://localhost:${port}/_demo/graph/_sent, http://localhost:${port}/_demo/telegram/_sent`);
  }
  if (seed) {
    lines.push('  demo logins (password prosa123):');
    for (const [email, role] of DEMO_LOGINS) lines.push(`    ${email.padEnd(22)} ${role}`);
  }
  console.log(lines.join('\n') + '\n');

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    app.log.info({ signal }, 'shutting down');
    await worker?.stop();
    // Together: Fastify's close ends the web-chat visitors' streams (a preClose hook) while
    // Socket.IO's ends the agents' sockets; the server closes when both kinds are gone.
    await Promise.all([gateway.close(), app.close()]);
    await database.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
