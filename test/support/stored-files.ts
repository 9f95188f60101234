// The harness stores files under the default FILES_DIR, shared by test files: each file that stores
// some takes away, after its tests, exactly what it put there.
import { rmdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { afterAll } from 'vitest';
import { files } from '../../server/db/schema.js';
import { fileStorageFor, thumbnailKey } from '../../server/files/storage.js';
import type { Harness } from './harness.js';

/** The harness's file storage, emptied of this test file's files (and their folders) after its tests. */
export function storageCleanedAfterAll(h: Harness) {
  const storage = fileStorageFor(h.app.deps.config);
  afterAll(async () => {
    const rows = await h.database.db.select({ key: files.storageKey }).from(files);
    for (const { key } of rows) {
      await storage.delete(key);
      await storage.delete(thumbnailKey(key));
      let dir = dirname(join(h.app.deps.config.FILES_DIR, key));
      for (let i = 0; i < 3; i++, dir = dirname(dir)) await rmdir(dir).catch(() => {});
    }
  });
  return storage;
}
