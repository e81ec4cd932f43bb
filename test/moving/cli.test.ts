import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { contextFor } from '../../src/app.ts';
import { createApiKey } from '../../src/auth/api-keys.ts';
import { loadConfig } from '../../src/core/config.ts';
import { openDatabase, type Database, type DatabaseHandle } from '../../src/db/database.ts';
import { rowCount, schemaTables } from '../../src/moving/store.ts';
import { applyOrg } from '../../src/org/service.ts';
import { freshDatabase, migratedPglite } from '../support/db.ts';
import { SMALL_ORG } from '../support/org.ts';

/**
 * The commands: `export` from a PGlite folder (refused while another process holds it), `import
 * installation` into a PGlite folder — or, with TEST_DATABASE_URL, into a new PostgreSQL database:
 * the pilot's move from the embedded database to PostgreSQL — and refused a second time.
 */

const run = promisify(execFile);
const BIN = join(import.meta.dirname, '../../bin/brukerstemme.js');
const work = mkdtempSync(join(tmpdir(), 'bs-moving-cli-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

type Failure = { code: number; stdout: string; stderr: string };
const fails = (p: Promise<unknown>) =>
  p.then(
    () => null,
    (e: Failure) => e,
  );

async function contents(db: Database): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  for (const table of await schemaTables(db)) out[table] = await rowCount(db, table);
  out.app_secret = await db.selectFrom('app_secret').selectAll().orderBy('name').execute();
  out.api_key = await db.selectFrom('api_key').selectAll().orderBy('id').execute();
  return out;
}

describe('brukerstemme export and import installation', { timeout: 120_000 }, () => {
  it('says a file that is no installation before it opens (or creates) the target', async () => {
    const plain = join(work, 'plain.txt');
    writeFileSync(plain, 'unit,employee\n');
    const dataDir = join(work, 'never');
    const failed = await fails(
      run(process.execPath, [BIN, 'import', 'installation', plain], { env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '' } }),
    );
    expect(failed?.code).toBe(1);
    expect(failed!.stderr.trim()).toBe('brukerstemme import installation: not an installation file: it is not gzip-compressed, or damaged');
    expect(existsSync(dataDir)).toBe(false);
  });

  it('moves a PGlite folder into a new database, refusing a held folder and a second import', async () => {
    const source = join(work, 'source');
    const file = join(work, 'installation.jsonl.gz');
    const sourceEnv = { ...process.env, DATA_DIR: source, DATABASE_URL: '' };
    let before: Record<string, unknown>;
    const held = await migratedPglite(join(source, 'pglite'));
    try {
      const ctx = await contextFor(held, loadConfig({}, { LOG_LEVEL: 'silent', DATA_DIR: source }));
      await applyOrg(ctx.db, SMALL_ORG, new Date('2026-03-10T10:00:00Z'));
      await createApiKey(ctx.db, 'modia');
      before = await contents(held.db);
      const refused = await fails(run(process.execPath, [BIN, 'export', file], { env: sourceEnv }));
      expect(refused?.code).toBe(1);
      expect(refused!.stderr.trim().split('\n')).toHaveLength(1);
      expect(refused!.stderr).toContain(
        `brukerstemme export: the database in ${join(source, 'pglite')} is in use by a running Brukerstemme`,
      );
      expect(existsSync(file)).toBe(false);
    } finally {
      await held.close();
    }

    const exported = await run(process.execPath, [BIN, 'export', file], { env: sourceEnv });
    expect(exported.stdout).toMatch(/^Exported \d+ rows of \d+ tables \(migration \d{4}_\w+\) to /);
    expect(statSync(file).mode & 0o777).toBe(0o600);

    // The target as `brukerstemme migrate` leaves it: migrated, with generated keys and the instrument, no data.
    let target: DatabaseHandle & { url?: string };
    let targetEnv: NodeJS.ProcessEnv;
    if (process.env.TEST_DATABASE_URL) {
      target = await freshDatabase();
      targetEnv = { ...process.env, DATABASE_URL: target.url };
    } else {
      const dataDir = join(work, 'target');
      target = await migratedPglite(join(dataDir, 'pglite'));
      targetEnv = { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '' };
    }
    try {
      await contextFor(target, loadConfig({}, { LOG_LEVEL: 'silent', DATA_DIR: work }));
      // PGlite: the folder must be let go of for the command; PostgreSQL is shared.
      if (target.kind === 'pglite') await target.close();
      const imported = await run(process.execPath, [BIN, 'import', 'installation', file], { env: targetEnv });
      expect(imported.stdout).toMatch(/^Imported \d+ rows in \d+ tables from .* every table reads back as the file has it\.\n$/);
      const again = await fails(run(process.execPath, [BIN, 'import', 'installation', file], { env: targetEnv }));
      expect(again?.code).toBe(1);
      expect(again!.stderr.trim()).toMatch(
        /^brukerstemme import installation: the target database is not empty \(rows in [a-z_, …]+\); an installation is only imported into an empty one$/,
      );
      if (target.kind === 'pglite') target = await openDatabase({ dataDir: join(work, 'target', 'pglite') });
      const after = await contents(target.db);
      for (const table of ['schema_migration', 'rate_limit', 'employee_session']) {
        delete after[table];
        delete before![table];
      }
      expect(after).toEqual(before!);
    } finally {
      await target.close();
    }
  });
});
