import { eq } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { channels } from '../db/schema.js';
import { buildApp } from '../http/app.js';
import { createHarness } from '../../test/support/harness.js';
import { registerDemoSite } from './site.js';

const h = await createHarness();
const app = await buildApp({ db: h.database.db, bus: h.bus, config: h.app.deps.config });
registerDemoSite(app, h.database.db);
await app.ready();
afterAll(() => app.close());

describe("the demo's provider site", () => {
  it('lets the widget\'s demo page be framed only by the sites the demo channel names', async () => {
    const ancestors = async () => String((await app.inject({ method: 'GET', url: '/widget-demo' })).headers['content-security-policy']).match(/frame-ancestors ([^;]*)/)?.[1];
    expect(await ancestors()).toBe("'none'");
    await h.provider('demo');
    await h.database.db.update(channels).set({ config: { allowedOrigins: ['https://www.provedor.example', 'https://x.example; script-src *'] } }).where(eq(channels.id, 'demo-webchat'));
    expect(await ancestors()).toBe('https://www.provedor.example');
    expect((await app.inject({ method: 'GET', url: '/widget-demo' })).headers['x-frame-options']).toBeUndefined();
  });
});
