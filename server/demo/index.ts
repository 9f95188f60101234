// The demo: Provedor Demo's data, the stand-ins of Meta's and Telegram's APIs that its channels
// talk to, and a pretend provider's site with the web-chat widget. main.ts imports this folder
// only when the demo is asked for, so a real installation neither loads nor routes any of it.
import type { FastifyInstance } from 'fastify';
import type { Db } from '../db/connection.js';
import { DEMO_PASSWORD, USERS } from './data.js';
import { seedDemo } from './seed.js';
import { registerDemoSite } from './site.js';
import { DEMO_TELEGRAM_PREFIX, mountDemoTelegram } from './telegram/mount.js';
import { DEMO_GRAPH_PREFIX, mountDemoGraph } from './whatsapp/mount.js';


export interface Demo {
  /** Seeded by this start (false: it was already there). */
  seeded: boolean;
  /** After listen: points the demo channels at the stand-ins on `baseUrl`. */
  connect(baseUrl: string): Promise<void>;
  /** What `npm start` prints about the demo. */
  describe(baseUrl: string): string[];
}

/** Before app.ready(): seeds the demo provider once and mounts its routes. */
export async function loadDemo(app: FastifyInstance, db: Db): Promise<Demo> {
  const { seeded } = await seedDemo(db);
  const mounted = [await mountDemoGraph(app, db), await mountDemoTelegram(app, db)];
  registerDemoSite(app, db);
  return {
    seeded,
    async connect(baseUrl) {
      for (const demo of mounted) await demo.connect(baseUrl);
      // Channels an administrator adds from Canais talk to the same stand-ins.
      app.deps.channelApis = { whatsapp: `${baseUrl}${DEMO_GRAPH_PREFIX}`, telegram: `${baseUrl}${DEMO_TELEGRAM_PREFIX}` };
    },
    describe(baseUrl) {
      return [
        `  web chat demo: ${baseUrl}/widget-demo`,
        `  WhatsApp and Telegram stand-ins: ${baseUrl}/_demo/graph/_sent, ${baseUrl}/_demo/telegram/_sent`,
        `  demo logins (password ${DEMO_PASSWORD}):`,
        ...USERS.map((user) => `    ${user.email.padEnd(22)} ${user.role}`),
      ];
    },
  };
}
