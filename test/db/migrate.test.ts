import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate, listMigrations } from '../../src/db/migrate.ts';
import { freshDatabase } from '../support/db.ts';

describe('migrations', () => {
  let handle: Awaited<ReturnType<typeof freshDatabase>>;
  beforeAll(async () => {
    handle = await freshDatabase({ migrated: false });
  });
  afterAll(async () => handle.close());

  it('applies every migration once and is a no-op the second time', async () => {
    expect(await migrate(handle.db)).toEqual(listMigrations().map((m) => m.version));
    const rows = await handle.db.selectFrom('schema_migration').select('version').orderBy('version').execute();
    expect(rows.map((r) => r.version)).toEqual(listMigrations().map((m) => m.version));
    expect(await migrate(handle.db)).toEqual([]);
  });

  it('runs safely when two nodes migrate at once', async () => {
    const [a, b] = await Promise.all([migrate(handle.db), migrate(handle.db)]);
    expect([...a, ...b]).toEqual([]);
  });
});
