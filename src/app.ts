import { randomBytes } from 'node:crypto';
import type { Config } from './config.ts';
import { openDatabase, type Database, type DatabaseHandle } from './db/database.ts';
import { migrate } from './db/migrate.ts';
import { ensureInstrument, NATIONAL_INSTRUMENT } from './survey/instrument.ts';

/** What every capability needs: configuration, the database, shared secrets and a clock. */
export interface AppContext {
  config: Config;
  db: Database;
  secrets: { contactHash: string };
  /** Injected so tests can move time (delays, quiet hours, expiry) without sleeping. */
  now: () => Date;
}

export async function getOrCreateSecret(db: Database, name: string, configured?: string): Promise<string> {
  if (configured) return configured;
  await db
    .insertInto('app_secret')
    .values({ name, value: randomBytes(32).toString('hex') })
    .onConflict((oc) => oc.column('name').doNothing())
    .execute();
  const row = await db.selectFrom('app_secret').select('value').where('name', '=', name).executeTakeFirstOrThrow();
  return row.value;
}

/** Opens the configured database, applies migrations and builds the context. */
export async function openApp(config: Config, opts: { now?: () => Date } = {}): Promise<AppContext & { handle: DatabaseHandle }> {
  const handle = await openDatabase({ url: config.DATABASE_URL, dataDir: config.DATA_DIR + '/pglite', poolSize: config.DATABASE_POOL_SIZE });
  await migrate(handle.db);
  return contextFor(handle, config, opts);
}

export async function contextFor(handle: DatabaseHandle, config: Config, opts: { now?: () => Date } = {}): Promise<AppContext & { handle: DatabaseHandle }> {
  const contactHash = await getOrCreateSecret(handle.db, 'contact_hash', config.CONTACT_HASH_SECRET);
  await ensureInstrument(handle.db, NATIONAL_INSTRUMENT);
  return { config, db: handle.db, handle, secrets: { contactHash }, now: opts.now ?? (() => new Date()) };
}
