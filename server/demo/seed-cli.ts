// npm run seed: seeds the demo provider (Provedor Demo, slug "demo") unless it is already there.
import { join } from 'node:path';
import { loadConfig } from '../config.js';
import { openDatabase } from '../db/connection.js';
import { seedDemo } from './seed.js';

const config = loadConfig();
const database = await openDatabase(
  config.DATABASE_URL ? { url: config.DATABASE_URL } : { dataDir: join(config.DATA_DIR, 'db') },
);
try {
  const { seeded } = await seedDemo(database.db);
  console.log(
    seeded
      ? 'Demo provider seeded: sign in as admin@provedor.demo (or carla@, ana@, bruno@) with password prosa123.'
      : 'Demo provider already present: nothing to do.',
  );
} finally {
  await database.close();
}
