import type { Config } from './core/config.ts';
import { loadSecrets, type AppContext } from './core/context.ts';
import { openDatabase, type DatabaseHandle } from './db/database.ts';
import { migrate } from './db/migrate.ts';
import { rekeyLegacyFingerprints } from './intake/fingerprint.ts';
import { ensureInstrument, NATIONAL_INSTRUMENT } from './instrument/instrument.ts';

/** Opens the configured database, applies migrations and builds the context. */
export async function openApp(config: Config, opts: { now?: () => Date } = {}): Promise<AppContext & { handle: DatabaseHandle }> {
  const handle = await openDatabase({
    url: config.DATABASE_URL,
    dataDir: config.DATA_DIR + '/pglite',
    poolSize: config.DATABASE_POOL_SIZE,
  });
  try {
    await migrate(handle.db);
    const ctx = await contextFor(handle, config, opts);
    await rekeyLegacyFingerprints(ctx.db, ctx.secrets.fingerprint);
    return ctx;
  } catch (error) {
    // Production without its keys, say: let go of the database (and a PGlite folder's lock).
    await handle.close();
    throw error;
  }
}

export async function contextFor(
  handle: DatabaseHandle,
  config: Config,
  opts: { now?: () => Date } = {},
): Promise<AppContext & { handle: DatabaseHandle }> {
  const secrets = await loadSecrets(handle.db, config);
  await ensureInstrument(handle.db, NATIONAL_INSTRUMENT);
  return { config, db: handle.db, handle, secrets, now: opts.now ?? (() => new Date()) };
}
