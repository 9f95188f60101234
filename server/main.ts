// Composition root: config -> database -> bus -> http (and the demo, when asked for) -> live ->
// job registry and worker -> listen.
import { join } from 'node:path';
import { loadConfig } from './config.js';
import { openDatabase } from './db/connection.js';
import { createChannels } from './channels/index.js';
import { fileStorageFor } from './files/storage.js';
import { buildApp } from './http/app.js';
import { removeStaleUploads } from './http/multipart.js';
import { composeJobHandlers } from './jobs/registry.js';
import { startRetentionSweep } from './jobs/retention.js';
import { startWorker } from './jobs/worker.js';
import { Bus } from './events/bus.js';
import { ispJobHandlers } from './isp/jobs.js';
import { routingJobHandlers } from './desk/auto-assign.js';
import { botJobHandlers } from './bot/jobs.js';
import { startPresenceSweep } from './desk/presence-sweep.js';
import { startGateway } from './live/gateway.js';

async function main() {
  const config = loadConfig();
  const database = await openDatabase(config.DATABASE_URL ? { url: config.DATABASE_URL } : { dataDir: join(config.DATA_DIR, 'db') });
  const withDemo = config.SEED_DEMO === 'yes' || (config.SEED_DEMO === 'auto' && database.kind === 'pglite');

  const bus = new Bus();
  const storage = fileStorageFor(config);
  const channels = createChannels({ db: database.db, bus, config, storage });
  const app = await buildApp({ db: database.db, bus, config, storage, channels: Object.values(channels.adapters), demo: withDemo });
  // Loaded only when asked for: a real installation has no demo code, data, logins or routes.
  const demo = withDemo ? await (await import('./demo/index.js')).loadDemo(app, database.db) : undefined;
  await app.ready();
  const stale = await removeStaleUploads(config.DATA_DIR);
  if (stale > 0) app.log.info({ stale }, 'removed uploads a previous run left half-received');
  const gateway = await startGateway(app.server, {
    db: database.db, bus, redisUrl: config.REDIS_URL, publicUrl: config.PUBLIC_URL,
    log: { info: (message: string) => app.log.info(message), warn: (message: string) => app.log.warn(message) },
  });
  app.deps.redisState = () => gateway.redisState();
  // Each module brings the kinds of job it runs; the worker wakes when any instance queues one.
  const handlers = composeJobHandlers({ channels: channels.jobHandlers, isp: ispJobHandlers({ db: database.db, bus }), routing: routingJobHandlers({ db: database.db, bus }), bot: botJobHandlers({ db: database.db, bus }) });
  const worker = await startWorker({ db: database.db, handlers, listen: database.listen, leaseSeconds: config.JOBS_LEASE_SECONDS, log: app.log });
  const presence = startPresenceSweep(database.db, { log: app.log });
  const retention = startRetentionSweep(database.db, { jobsOlderThanDays: config.JOBS_RETENTION_DAYS, feedOlderThanDays: config.FEED_RETENTION_DAYS, log: app.log });
  await app.listen({ port: config.PORT, host: config.HOST });

  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.PORT;
  await demo?.connect(`http://127.0.0.1:${port}`);
  const lines = [
    '',
    `Prosa is running at http://localhost:${port}`,
    `  database: ${database.kind === 'pglite' ? `embedded PGlite in ${join(config.DATA_DIR, 'db')}` : 'PostgreSQL (DATABASE_URL)'}${demo?.seeded ? ', demo data seeded now' : ''}`,
    `  API docs: http://localhost:${port}/api/docs`,
  ];
  if (demo) lines.push(...demo.describe(`http://localhost:${port}`));
  console.log(lines.join('\n') + '\n');

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    app.log.info({ signal }, 'shutting down');
    retention.stop();
    presence.stop();
    await worker.stop();
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
