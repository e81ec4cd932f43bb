import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { describeError } from '../../src/core/cli-errors.ts';

/**
 * Every failure of the command line is one line on stderr and exit code 1; `--debug` adds the
 * stack. Runs the real binary (the built dist/ when it is up to date, else the sources via tsx).
 */

const run = promisify(execFile);
const BIN = join(import.meta.dirname, '../../bin/brukerstemme.js');
const work = mkdtempSync(join(tmpdir(), 'bs-cli-errors-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const env = { ...process.env, DATA_DIR: join(work, 'data'), DATABASE_URL: '' };

async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, ...args], { env });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

const lines = (text: string) => text.trim().split('\n');
const STACK_LINE = /^\s+at /m;

describe('command-line errors', { timeout: 120_000 }, () => {
  it('--help lists the commands and the --debug option', async () => {
    const help = await cli('--help');
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/--debug/);
    expect(help.stdout).toMatch(/qmethod/);
  });

  it('a missing file is one line naming the command and the file, without a stack', async () => {
    const missing = join(work, 'missing.csv');
    const cases: Array<[string[], string]> = [
      [['import', 'meetings', missing], 'brukerstemme import meetings'],
      [['import', 'org', missing], 'brukerstemme import org'],
      [['qmethod', 'analyze', missing, '--factors', '2', '--out', join(work, 'out')], 'qmethod analyze'],
      [['staff', 'analyze', missing, '--group', 'role', '--out', join(work, 'table.csv')], 'staff analyze'],
    ];
    for (const [args, prefix] of cases) {
      const result = await cli(...args);
      expect(result.code, args.join(' ')).toBe(1);
      expect(lines(result.stderr)).toEqual([`${prefix}: ${missing}: no such file or folder`]);
    }
    // Said before the database is opened: no data folder was made.
    expect(existsSync(join(work, 'data'))).toBe(false);
  });

  it('a file that is not CSV: nothing imported, one line saying where it breaks', async () => {
    const bad = join(work, 'bad.csv');
    writeFileSync(bad, 'external_id,starts_at\nm1,2026-03-10T08:00:00+01:00,extra\n');
    const result = await cli('import', 'meetings', bad);
    expect(result.code).toBe(1);
    expect(lines(result.stderr)).toEqual([
      `Nothing imported: ${bad} is not valid CSV: Invalid Record Length: columns length is 2, got 3 on line 2`,
    ]);
  });

  it('an unexpected error is one line; with --debug its stack follows', async () => {
    const plain = await cli('serve', '--role', 'moon');
    expect(plain.code).toBe(1);
    expect(lines(plain.stderr)).toEqual(['brukerstemme serve: --role must be web, worker or all, not "moon"']);
    const debug = await cli('serve', '--role', 'moon', '--debug');
    expect(debug.code).toBe(1);
    expect(debug.stderr).toMatch(STACK_LINE);
    // The stack points into the TypeScript sources (source maps), not into dist/.
    expect(debug.stderr).toMatch(/src\/cli\.ts:\d+/);
  });

  it('describeError: system errors in words, several lines joined into one', () => {
    const enoent = Object.assign(new Error("ENOENT: no such file or directory, open 'x.csv'"), {
      code: 'ENOENT',
      syscall: 'open',
      path: 'x.csv',
    });
    expect(describeError(enoent)).toBe('x.csv: no such file or folder');
    const inUse = Object.assign(new Error('listen EADDRINUSE'), {
      code: 'EADDRINUSE',
      syscall: 'listen',
      address: '127.0.0.1',
      port: 3000,
    });
    expect(describeError(inUse)).toMatch(/^127\.0\.0\.1:3000: the address is already in use/);
    expect(describeError(new Error('Invalid configuration:\n  PORT: expected number\n  HOST: required'))).toBe(
      'Invalid configuration: PORT: expected number; HOST: required',
    );
    expect(describeError('plain')).toBe('plain');
  });
});
