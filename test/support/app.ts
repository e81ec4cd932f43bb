import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { contextFor } from '../../src/app.ts';
import { type AppContext } from '../../src/core/context.ts';
import { createApiKey } from '../../src/auth/api-keys.ts';
import { loadConfig, type Config } from '../../src/core/config.ts';
import { applyOrg } from '../../src/org/service.ts';
import { SMALL_ORG } from './org.ts';
import { demoDatabase, DEMO_NOW } from './demo.ts';
import { buildServer } from '../../src/server.ts';
import { freshDatabase } from './db.ts';
import type { DatabaseHandle } from '../../src/db/database.ts';
import type { DemoSummary } from '../../src/demo/seed.ts';

export { SMALL_ORG };

export interface TestApp {
  ctx: AppContext & { handle: DatabaseHandle };
  app: FastifyInstance;
  apiKey: string;
  dataDir: string;
  /** Moves the injected clock. */
  setNow(at: Date): void;
  close(): Promise<void>;
}

export async function testApp(overrides: Partial<Config> = {}, start = new Date('2026-03-10T10:00:00Z')): Promise<TestApp> {
  return appOn(await freshDatabase(), overrides, start, false);
}

/**
 * testApp() with the demo seeded at DEMO_NOW (test/support/demo.ts: seeded once per test process,
 * a copy for each caller). `demo` is what seedDemo() returned.
 */
export async function demoTestApp(overrides: Partial<Config> = {}): Promise<TestApp & { demo: DemoSummary }> {
  const { handle, summary } = await demoDatabase();
  return { ...(await appOn(handle, overrides, DEMO_NOW, true)), demo: summary };
}

async function appOn(handle: DatabaseHandle, overrides: Partial<Config>, start: Date, seeded: boolean): Promise<TestApp> {
  const dataDir = mkdtempSync(join(tmpdir(), 'bs-test-'));
  let now = start;
  const config = loadConfig(
    {},
    {
      LOG_LEVEL: 'silent',
      DATA_DIR: dataDir,
      PORT: 0,
      // No quiet hours and no delay unless a test asks for them, so tests do not depend on the hour they run.
      QUIET_HOURS_START: 0,
      QUIET_HOURS_END: 0,
      INVITE_DELAY_MINUTES: 0,
      // Tests sign in and open links many times from one address under a stopped clock: the limits
      // are counted (the code path runs) but not reached, unless a test asks for lower ones.
      RATE_LIMIT_LOGIN_PER_ADDRESS: 1_000_000,
      RATE_LIMIT_LOGIN_PER_EMPLOYEE: 1_000_000,
      RATE_LIMIT_TOKEN_PER_ADDRESS: 1_000_000,
      ...overrides,
    },
  );
  const ctx = await contextFor(handle, config, { now: () => now });
  if (!seeded) await applyOrg(ctx.db, SMALL_ORG, now);
  const { key } = await createApiKey(ctx.db, 'test-case-system');
  const app = await buildServer(ctx);
  await app.ready();
  return {
    ctx,
    app,
    apiKey: key,
    dataDir,
    setNow: (at) => {
      now = at;
    },
    close: async () => {
      await app.close();
      await handle.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Serves `app` over HTTP on the loopback interface, on a free port unless one is given, and returns
 * its base URL (`http://127.0.0.1:41234`; `hostname` names the host in it, e.g. `localhost` for a
 * test that needs the app on another site than a service on 127.0.0.1). Closed with the app.
 */
export async function listen(app: FastifyInstance, opts: { port?: number; hostname?: string } = {}): Promise<string> {
  await app.listen({ port: opts.port ?? 0, host: '127.0.0.1' });
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('the app is not listening on a TCP port');
  return `http://${opts.hostname ?? '127.0.0.1'}:${address.port}`;
}

/** A valid meeting event; each gets its own contact so recontact quarantine does not interfere. */
export function meetingEvent(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const unique = Math.random().toString(36).slice(2);
  return {
    external_id: `m-${unique}`,
    starts_at: '2026-03-10T09:00:00+01:00',
    counselor_id: 'v1',
    unit_id: 't1',
    channel: 'in_person',
    meeting_kind: 'follow_up',
    email: `bruker-${unique}@example.no`,
    language: 'nb',
    age_band: '30_39',
    benefit: 'aap',
    ...overrides,
  };
}
