import type { Config } from './core/config.ts';
import { loadSecrets, type AppContext } from './core/context.ts';
import { openDatabase, type DatabaseHandle } from './db/database.ts';
import { migrate } from './db/migrate.ts';
import { rekeyLegacyFingerprints } from './intake/fingerprint.ts';
import { ensureInstrument, NATIONAL_INSTRUMENT } from './instrument/instrument.ts';
import { ledgerFolder, openLedger } from './ledger/ledger.ts';
import { bringForward, type LedgerApplication } from './retention/ledger.ts';

/**
 * Opens the configured database, applies migrations, builds the context, and brings the database
 * forward to the deletion ledger (src/retention/ledger.ts): after a restore from a backup, everything
 * deleted, erased or opted out since is so again before the server serves or the worker runs. A
 * ledger that does not read whole (a corrupt line) stops the start here, naming the line.
 */
export async function openApp(
  config: Config,
  opts: { now?: () => Date; onLedger?: (result: LedgerApplication) => void } = {},
): Promise<AppContext & { handle: DatabaseHandle }> {
  const handle = await openDatabase({
    url: config.DATABASE_URL,
    dataDir: config.DATA_DIR + '/pglite',
    poolSize: config.DATABASE_POOL_SIZE,
  });
  try {
    await migrate(handle.db);
    const ctx = await contextFor(handle, config, opts);
    await rekeyLegacyFingerprints(ctx.db, ctx.secrets.fingerprint);
    const applied = await bringForward(ctx.db, ledgerFolder(config), ctx.now());
    (opts.onLedger ?? warnAboutLedger)(applied);
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
  return { config, db: handle.db, handle, secrets, now: opts.now ?? (() => new Date()), ledger: openLedger(ledgerFolder(config)) };
}

function warnAboutLedger(result: LedgerApplication): void {
  for (const file of result.missing)
    console.warn(`deletion ledger: ${file} was applied to this database but is not in the ledger folder (moved or lost?)`);
  for (const file of result.torn) console.warn(`deletion ledger: ${file} ends in an unfinished line (a write cut short); it is ignored`);
  for (const grant of result.keptLastAdministrator)
    console.warn(`deletion ledger: role grant ${grant} was revoked after the backup but is the last administrator's; it is kept`);
}
