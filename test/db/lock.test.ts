import { execFile, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { DatabaseInUseError, lockDataDir } from '../../src/db/lock.ts';
import { migratedPglite } from '../support/db.ts';

/**
 * "The embedded database cannot be corrupted by a second process": a PGlite folder is one process's
 * at a time, through DATA_DIR/pglite.lock. Always on PGlite folders of its own (whatever
 * TEST_DATABASE_URL says), so it runs once, with the command-line tests.
 */

const run = promisify(execFile);
const BIN = join(import.meta.dirname, '../../bin/brukerstemme.js');
const work = mkdtempSync(join(tmpdir(), 'bs-lock-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const ORG = { units: [{ id: 'n1', kind: 'nation', name: 'NAV' }], employees: [] };

/** A pid that certainly runs no more: a child that has exited and been reaped. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'console.log(process.pid)'], { encoding: 'utf8' });
  return Number(child.stdout.trim());
}

describe('the PGlite folder lock', { timeout: 120_000 }, () => {
  it('a command against a folder a running process holds refuses, exit 1, one line, nothing written', async () => {
    const dataDir = join(work, 'held');
    const handle = await migratedPglite(join(dataDir, 'pglite'));
    try {
      const orgFile = join(work, 'org.json');
      writeFileSync(orgFile, JSON.stringify(ORG));
      const env = { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '' };
      const failed = await run(process.execPath, [BIN, 'import', 'org', orgFile], { env }).then(
        () => null,
        (e: { code: number; stdout: string; stderr: string }) => e,
      );
      expect(failed, 'the import should have been refused').not.toBeNull();
      expect(failed!.code).toBe(1);
      expect(failed!.stdout).toBe('');
      expect(failed!.stderr.trim().split('\n')).toHaveLength(1);
      expect(failed!.stderr).toContain(
        `brukerstemme import org: the database in ${join(dataDir, 'pglite')} is in use by a running Brukerstemme (pid ${process.pid}`,
      );
      expect(failed!.stderr).toContain('stop it first, or use the web pages or the API');
      expect(failed!.stderr).not.toMatch(/^\s+at /m);
      // The holder still works, and the unit is not there.
      expect(await handle.db.selectFrom('unit').select('id').where('id', '=', 'n1').execute()).toEqual([]);
      expect(JSON.parse(readFileSync(join(dataDir, 'pglite.lock'), 'utf8'))).toMatchObject({ pid: process.pid });
    } finally {
      await handle.close();
    }
    // Closing let go: the lock file is gone and the same import now goes through.
    expect(existsSync(join(dataDir, 'pglite.lock'))).toBe(false);
    const env = { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '' };
    const { stdout } = await run(process.execPath, [BIN, 'import', 'org', join(work, 'org.json')], { env });
    expect(JSON.parse(stdout)).toMatchObject({ unitsCreated: 1 });
  });

  // The rules themselves, on the lock alone (no PGlite to start: fast).
  it('refuses a second opener in the same process too, and lets go once', () => {
    const dir = join(work, 'twice', 'pglite');
    mkdirSync(dir, { recursive: true });
    const first = lockDataDir(dir);
    expect(() => lockDataDir(dir)).toThrow(DatabaseInUseError);
    expect(() => lockDataDir(relative(process.cwd(), dir))).toThrow(DatabaseInUseError);
    first.release();
    first.release(); // a second release is harmless
    expect(existsSync(`${dir}.lock`)).toBe(false);
    lockDataDir(dir).release();
  });

  it('takes over the lock of a process that is gone (killed, crashed), and a garbled lock file', () => {
    const dir = join(work, 'stale', 'pglite');
    mkdirSync(dir, { recursive: true });
    const leftOvers = [
      JSON.stringify({ pid: deadPid(), host: hostname(), command: 'brukerstemme start', since: '2026-01-01T00:00:00Z' }),
      // This very pid, not held here: a container restarted with the pid its last life had.
      JSON.stringify({ pid: process.pid, host: hostname(), command: 'brukerstemme start', since: '2026-01-01T00:00:00Z' }),
      '{"pid":',
    ];
    for (const left of leftOvers) {
      writeFileSync(`${dir}.lock`, left);
      const lock = lockDataDir(dir);
      expect(JSON.parse(readFileSync(`${dir}.lock`, 'utf8'))).toMatchObject({ pid: process.pid, host: hostname() });
      lock.release();
      expect(existsSync(`${dir}.lock`)).toBe(false);
    }
  });

  it('does not take over a lock from another machine (a shared folder): it says how to clear it', () => {
    const dir = join(work, 'elsewhere', 'pglite');
    mkdirSync(dir, { recursive: true });
    writeFileSync(
      `${dir}.lock`,
      JSON.stringify({ pid: 1, host: 'another-host', command: 'brukerstemme start', since: '2026-01-01T00:00:00Z' }),
    );
    expect(() => lockDataDir(dir)).toThrow(`pid 1 on another-host, "brukerstemme start"`);
    expect(() => lockDataDir(dir)).toThrow(`delete ${dir}.lock`);
  });
});
