import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/core/config.ts';
import { startPeriodic } from '../../src/jobs/periodic.ts';
import { createMetrics, type Metrics } from '../../src/ops/metrics.ts';
import { startProbeServer, type ProbeServer } from '../../src/ops/probe-server.ts';
import { buildServer } from '../../src/server.ts';
import { meetingEvent, testApp, type TestApp } from '../support/app.ts';

/**
 * /metrics on the operators' port (issue 16): Prometheus text with the invitations by state, the
 * age of the oldest due invitation, the answers stored, the background jobs' pass durations and the
 * HTTP latency by route pattern; nothing in a label that names a token, a counselor or a unit; the
 * bearer token when METRICS_TOKEN is set; /livez and /readyz beside it.
 */
const TOKEN = 'metrics-token-0123456789';
let t: TestApp;
let metrics: Metrics;
let probes: ProbeServer;
let base: string;
let ready = true;

beforeAll(async () => {
  t = await testApp();
  metrics = createMetrics(t.ctx);
  probes = await startProbeServer({ port: 0, host: '127.0.0.1', metrics, token: TOKEN, db: t.ctx.db, ready: () => ready });
  base = `http://127.0.0.1:${probes.port}`;
});
afterAll(async () => {
  await probes.close();
  metrics.close();
  await t.close();
});

const scrape = async () => {
  const response = await fetch(`${base}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toContain('text/plain');
  return response.text();
};

describe('metrics', () => {
  it('asks for the bearer token', async () => {
    expect((await fetch(`${base}/metrics`)).status).toBe(401);
    expect((await fetch(`${base}/metrics`, { headers: { authorization: 'Bearer wrong' } })).status).toBe(401);
    expect((await fetch(`${base}/nothing`)).status).toBe(404);
  });

  it('counts invitations by state, the oldest due one, answers, job passes and requests by route pattern', async () => {
    const app = await buildServer(t.ctx, { metrics });
    try {
      const created = await app.inject({
        method: 'POST',
        url: '/api/v1/meetings',
        headers: { authorization: `Bearer ${t.apiKey}` },
        payload: meetingEvent(),
      });
      expect(created.statusCode).toBe(201);
      // A survey address with a token in it: its label is the pattern, the token appears nowhere.
      const survey = await app.inject({ method: 'GET', url: '/s/secret-token-abcdef' });
      expect(survey.statusCode).toBeGreaterThanOrEqual(400);
      await app.inject({ method: 'GET', url: '/no/such/page-xyz' });
      const job = startPeriodic('report refresher', 60_000, async () => {});
      await job.stop();
      // The clock of the app is stopped at 2026-03-10T10:00Z and the invitation is due then.
      t.setNow(new Date('2026-03-10T10:10:00Z'));

      const text = await scrape();
      expect(text).toMatch(/^brukerstemme_invitations\{state="scheduled"\} 1$/m);
      expect(text).toMatch(/^brukerstemme_invitations\{state="answered"\} 0$/m);
      const oldest = Number(/^brukerstemme_dispatch_oldest_due_seconds (\S+)$/m.exec(text)?.[1]);
      expect(oldest).toBeGreaterThan(0);
      expect(text).toMatch(/^brukerstemme_answers 0$/m);
      expect(text).toMatch(/^brukerstemme_job_pass_seconds_count\{job="report refresher"\} 1$/m);
      expect(text).toMatch(
        /^brukerstemme_http_request_duration_seconds_count\{method="POST",route="\/api\/v1\/meetings",status="2xx"\} 1$/m,
      );
      expect(text).toMatch(/route="\/s\/:token"/);
      expect(text).toMatch(/route="unmatched",status="4xx"/);
      expect(text).not.toContain('secret-token');
      expect(text).not.toContain('page-xyz');
      // Aggregates only: no label names a counselor, a unit or an employee.
      const labelNames = new Set([...text.matchAll(/[{,]([a-z_]+)="/g)].map((m) => m[1]));
      expect(
        [...labelNames].filter(
          (n) =>
            !['state', 'job', 'method', 'route', 'status', 'le', 'version', 'major', 'minor', 'patch', 'space', 'kind', 'type'].includes(n),
        ),
      ).toEqual([]);
      // The process's own figures come along.
      expect(text).toContain('brukerstemme_process_cpu_seconds_total');
    } finally {
      await app.close();
      t.setNow(new Date('2026-03-10T10:00:00Z'));
    }
  });

  it('/livez answers while the process runs; /readyz only while ready', async () => {
    expect((await fetch(`${base}/livez`)).status).toBe(200);
    expect((await fetch(`${base}/readyz`)).status).toBe(200);
    ready = false;
    expect((await fetch(`${base}/readyz`)).status).toBe(503);
    expect((await fetch(`${base}/livez`)).status).toBe(200);
    ready = true;
  });

  it('the web server has /readyz too: 503 while not ready', async () => {
    let webReady = false;
    const app = await buildServer(t.ctx, { ready: () => webReady });
    try {
      expect((await app.inject('/readyz')).statusCode).toBe(503);
      webReady = true;
      expect((await app.inject('/readyz')).json()).toEqual({ ready: true });
    } finally {
      await app.close();
    }
  });
});

describe('secrets as files', () => {
  it('reads METRICS_TOKEN (like SECRET_KEY and the others) from NAME_FILE; the variable wins', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bs-secret-'));
    try {
      writeFileSync(join(dir, 'token'), `${TOKEN}\n`);
      writeFileSync(join(dir, 'db'), 'postgres://u:p@db:5432/brukerstemme\n');
      const config = loadConfig({ METRICS_TOKEN_FILE: join(dir, 'token'), DATABASE_URL_FILE: join(dir, 'db') });
      expect(config.METRICS_TOKEN).toBe(TOKEN);
      expect(config.DATABASE_URL).toBe('postgres://u:p@db:5432/brukerstemme');
      expect(loadConfig({ METRICS_TOKEN: 'from-the-variable-0123', METRICS_TOKEN_FILE: join(dir, 'token') }).METRICS_TOKEN).toBe(
        'from-the-variable-0123',
      );
      expect(() => loadConfig({ METRICS_TOKEN_FILE: join(dir, 'missing') })).toThrow(/METRICS_TOKEN_FILE: cannot read/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
