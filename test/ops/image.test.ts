import { spawn } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { dockerfile, repoRoot } from './dockerfile.ts';
import { freePort } from '../support/ports.ts';

/**
 * The container image without a container engine (none runs here; see README, Operations): what
 * the Dockerfile copies exists and is not left out by .dockerignore, it runs as a user that is not
 * root, and its command, run from the checkout as the image runs it from /app — the image's
 * environment, the web manifest's settings and secret files, as a user that is not root (nobody, when
 * the test runs as root) — serves: /livez, /readyz, /metrics with its token. Then SIGTERM: readiness
 * fails at once, a request in flight is answered, and the process exits 0 (graceful shutdown).
 * The checkout's dist/ is what the image runs when it is fresh (as after `npm ci`); otherwise
 * bin/brukerstemme.js runs the sources through tsx, which the image's build never lets happen.
 */
const work = mkdtempSync(join(tmpdir(), 'bs-image-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('the Dockerfile', () => {
  const file = dockerfile();

  it('copies only what exists and .dockerignore lets through', () => {
    const ignored = readFileSync(join(repoRoot, '.dockerignore'), 'utf8')
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l && !l.startsWith('#'));
    expect(file.contextSources.length).toBeGreaterThan(3);
    for (const source of file.contextSources) {
      expect(existsSync(join(repoRoot, source)), source).toBe(true);
      expect(ignored.includes(source.split('/')[0]), `${source} is in .dockerignore`).toBe(false);
    }
    // What must stay out of the image's context.
    for (const out of ['node_modules', 'dist', 'data', '.git', 'test']) expect(ignored).toContain(out);
  });

  it('builds in one stage, runs in another without devDependencies, checks dist/ fresh, not as root', () => {
    const stages = new Set(file.instructions.map((i) => i.stage));
    expect(stages.size).toBe(2);
    const build = file.instructions.filter((i) => i.stage === 0 && i.op === 'RUN').map((i) => i.args);
    expect(build.some((r) => r.startsWith('npm ci'))).toBe(true);
    expect(build).toContain('node scripts/build.mjs');
    expect(file.runs.some((r) => /npm ci --omit=dev/.test(r))).toBe(true);
    expect(file.runs.some((r) => r.includes('distIsFresh()'))).toBe(true);
    expect(file.instructions.some((i) => i.stage === 1 && i.op === 'COPY' && /node_modules/.test(i.args))).toBe(false);
    expect(file.user).toMatch(/^\d+(:\d+)?$/);
    expect(Number(file.user.split(':')[0])).toBeGreaterThan(0);
    expect(file.env.NODE_ENV).toBe('production');
    expect(file.command).toEqual(['node', 'bin/brukerstemme.js', 'serve', '--role', 'web']);
    expect(existsSync(join(repoRoot, file.command[1]))).toBe(true);
  });
});

describe("the image's command", { timeout: 180_000 }, () => {
  it('serves the probes and metrics, and on SIGTERM fails readiness, answers the request in flight and exits 0', async () => {
    const file = dockerfile();
    const manifest = parse(readFileSync(join(repoRoot, 'deploy/kubernetes/web.yaml'), 'utf8').split('\n---\n')[0]) as {
      spec: { template: { spec: { containers: Array<{ env: Array<{ name: string; value: string }> }> } } };
    };
    const asRoot = process.getuid?.() === 0;
    const nobody = 65534;
    const dataDir = join(work, 'data');
    const secrets = join(work, 'secrets');
    mkdirSync(dataDir);
    mkdirSync(secrets);
    // mkdtemp's folder is its owner's alone; the user the command runs as must reach the files.
    chmodSync(work, 0o755);
    chmodSync(secrets, 0o755);
    if (asRoot) chownSync(dataDir, nobody, nobody);
    const metricsToken = 'image-test-metrics-token-0123456789';
    const env: Record<string, string> = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: work, ...file.env };
    for (const { name, value } of manifest.spec.template.spec.containers[0].env) {
      if (!name.endsWith('_FILE')) {
        env[name] = value;
        continue;
      }
      // No PostgreSQL here: the embedded database in DATA_DIR (the manifest's DATABASE_URL is a secret file).
      if (name === 'DATABASE_URL_FILE') continue;
      const path = join(secrets, name);
      writeFileSync(path, name === 'METRICS_TOKEN_FILE' ? metricsToken : `${name}-value-of-at-least-32-characters`);
      chmodSync(path, 0o444);
      env[name] = path;
    }
    const [port, metricsPort] = [await freePort(), await freePort()];
    Object.assign(env, {
      PORT: String(port),
      METRICS_PORT: String(metricsPort),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      SHUTDOWN_DELAY_SECONDS: '3',
      LOG_LEVEL: 'silent',
    });
    expect(env.DEV_LOGIN).toBe('false');

    const [command, ...args] = file.command;
    expect(command).toBe('node');
    const child = spawn(process.execPath, args, {
      cwd: repoRoot,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
      ...(asRoot ? { uid: nobody, gid: nobody } : {}),
    });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    try {
      const web = `http://127.0.0.1:${port}`;
      const ops = `http://127.0.0.1:${metricsPort}`;
      const status = (url: string, init?: RequestInit) =>
        fetch(url, init).then(
          (r) => r.status,
          () => null,
        );
      // Nothing answers before the migrations are done; then the web port is ready.
      for (;;) {
        if (child.exitCode !== null) throw new Error(`the command ended: ${output}`);
        if ((await status(`${web}/readyz`)) === 200) break;
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(await status(`${ops}/livez`)).toBe(200);
      expect(await status(`${ops}/readyz`)).toBe(200);
      expect(await status(`${ops}/metrics`)).toBe(401);
      const metrics = await fetch(`${ops}/metrics`, { headers: { authorization: `Bearer ${metricsToken}` } });
      expect(metrics.status).toBe(200);
      expect(await metrics.text()).toMatch(/^brukerstemme_invitations\{state="scheduled"\} 0$/m);

      // A request in flight: its body arrives in two parts, the second after shutdown has begun.
      const body = 'answer=1&comment=' + 'x'.repeat(200);
      const answered = new Promise<number>((resolve, reject) => {
        const req = request(
          `${web}/s/not-a-real-token`,
          { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-length': Buffer.byteLength(body) } },
          (res) => {
            res.resume();
            res.on('end', () => resolve(res.statusCode!));
          },
        );
        req.on('error', reject);
        req.write(body.slice(0, 10));
        setTimeout(() => {
          child.kill('SIGTERM');
          // Readiness fails as soon as the signal is handled, while the server still serves (SHUTDOWN_DELAY_SECONDS);
          // asked until it stops saying 200, as a busy machine may take a moment to deliver the signal.
          void (async () => {
            for (let i = 0; i < 100; i++) {
              readyAfterSigterm = await status(`${web}/readyz`);
              if (readyAfterSigterm !== 200) break;
              await new Promise((r) => setTimeout(r, 50));
            }
            req.end(body.slice(10));
          })();
        }, 200);
      });
      let readyAfterSigterm: number | null = null;
      const code = await answered;
      expect(readyAfterSigterm).toBe(503);
      expect(code).toBeGreaterThanOrEqual(200);
      expect(code).toBeLessThan(500);
      expect(await exited).toBe(0);
      // The folder is let go: the PGlite lock file is removed on the way out.
      expect(existsSync(join(dataDir, 'pglite.lock'))).toBe(false);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });
});
