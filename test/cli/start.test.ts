import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../support/ports.ts';

/**
 * `brukerstemme start` on an empty PGlite folder (issue #13, fast start): it serves as soon as the
 * schema exists and fills in the demo behind; /healthz says whether the demo is complete; the folder
 * stays one process's meanwhile; a stop leaves a whole demo, and the next start serves it as it is.
 */

const run = promisify(execFile);
const BIN = join(import.meta.dirname, '../../bin/brukerstemme.js');
const work = mkdtempSync(join(tmpdir(), 'bs-start-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

async function startProcess(dataDir: string) {
  const port = await freePort();
  const env = { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '', PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'silent' };
  const child = spawn(process.execPath, [BIN, 'start'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const health = () =>
    fetch(`http://127.0.0.1:${port}/healthz`).then(
      async (r) => (await r.json()) as { ok: boolean; ready: boolean },
      () => null,
    );
  return {
    base: `http://127.0.0.1:${port}`,
    env,
    exited,
    output: () => ({ stdout, stderr }),
    /** The first /healthz answer, and every later one until `ready`. */
    async untilReady() {
      const answers: Array<{ ok: boolean; ready: boolean }> = [];
      for (;;) {
        const answer = await health();
        if (answer) answers.push(answer);
        if (answer?.ready) return answers;
        if (child.exitCode !== null) throw new Error(`start ended: ${stderr}`);
        await new Promise((r) => setTimeout(r, answer ? 200 : 50));
      }
    },
    async stop() {
      child.kill('SIGINT');
      return exited;
    },
  };
}

describe('brukerstemme start', { timeout: 300_000 }, () => {
  it('serves before the demo is complete, says so on /healthz, holds the folder, and restarts onto the whole demo', async () => {
    const dataDir = join(work, 'data');
    const first = await startProcess(dataDir);
    let answers: Array<{ ok: boolean; ready: boolean }>;
    try {
      answers = await first.untilReady();
      expect(answers.every((a) => a.ok)).toBe(true);
      // A second process is refused while the first runs (the folder is one process's).
      const refused = await run(process.execPath, [BIN, 'migrate'], { env: first.env }).then(
        () => null,
        (e: { code: number; stderr: string }) => e,
      );
      expect(refused?.code).toBe(1);
      expect(refused?.stderr).toContain('is in use by a running Brukerstemme');
      const login = await fetch(`${first.base}/login`);
      expect(login.status).toBe(200);
      expect(await login.text()).toContain('demo-v01');
    } finally {
      expect(await first.stop()).toBe(0);
    }
    const { stdout } = first.output();
    // Served while filling in (the first answer said not ready), unless the demo beat the first poll.
    if (!answers[0].ready) expect(stdout).toContain('demo data is being filled in');
    expect(stdout).toContain('Demo data is complete');
    expect(stdout).toMatch(/API key for the demo case system \(shown once\): bsk_/);
    expect(existsSync(join(dataDir, 'pglite.lock'))).toBe(false);

    const again = await startProcess(dataDir);
    try {
      const [answer] = await again.untilReady();
      expect(answer).toEqual({ ok: true, ready: true });
    } finally {
      expect(await again.stop()).toBe(0);
    }
    expect(again.output().stdout).not.toContain('demo data');

    // A fill cut short (the process killed mid-way) is not taken for a whole demo: start refuses, saying what to do.
    const { openApp } = await import('../../src/app.ts');
    const { loadConfig } = await import('../../src/core/config.ts');
    const { recordDemoFill } = await import('../../src/demo/seed.ts');
    const ctx = await openApp(loadConfig({ DATA_DIR: dataDir, DATABASE_URL: '' }));
    await recordDemoFill(ctx, 'filling');
    await ctx.handle.close();
    const cut = await startProcess(dataDir);
    expect(await cut.exited).toBe(1);
    expect(cut.output().stderr).toMatch(/the demo was cut short while it was being filled in .* Delete the data folder \(DATA_DIR\)/);
    expect(existsSync(join(dataDir, 'pglite.lock'))).toBe(false);
  });
});
