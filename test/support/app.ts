import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { contextFor } from '../../src/app.ts';
import { type AppContext } from '../../src/core/context.ts';
import { createApiKey } from '../../src/auth/api-keys.ts';
import { loadConfig, type Config } from '../../src/core/config.ts';
import { applyOrg } from '../../src/org/service.ts';
import type { OrgInput } from '../../src/org/schema.ts';
import { orgInputSchema } from '../../src/org/schema.ts';
import { buildServer } from '../../src/server.ts';
import { freshDatabase } from './db.ts';
import type { DatabaseHandle } from '../../src/db/database.ts';

export interface TestApp {
  ctx: AppContext & { handle: DatabaseHandle };
  app: FastifyInstance;
  apiKey: string;
  dataDir: string;
  /** Moves the injected clock. */
  setNow(at: Date): void;
  close(): Promise<void>;
}

/** A small organisation: one county, one office with two teams, six counselors and a leader. */
export const SMALL_ORG: OrgInput = orgInputSchema.parse({
  units: [
    { id: 'c1', kind: 'county', name: 'Testfylke', parent_id: null },
    { id: 'o1', kind: 'office', name: 'NAV Testby', parent_id: 'c1' },
    { id: 't1', kind: 'team', name: 'Team Arbeid', parent_id: 'o1' },
    { id: 't2', kind: 'team', name: 'Team Ungdom', parent_id: 'o1' },
  ],
  employees: [
    { id: 'v1', name: 'Kari Nordmann', unit_id: 't1', role: 'counselor' },
    { id: 'v2', name: 'Ola Hansen', unit_id: 't1', role: 'counselor' },
    { id: 'v3', name: 'Ingrid Berg', unit_id: 't1', role: 'counselor', employer: 'municipal' },
    { id: 'v4', name: 'Per Olsen', unit_id: 't2', role: 'counselor' },
    { id: 'v5', name: 'Aisha Khan', unit_id: 't2', role: 'counselor' },
    { id: 'v6', name: 'Jonas Lie', unit_id: 't2', role: 'counselor' },
    { id: 'l1', name: 'Lise Leder', unit_id: 'o1', role: 'leader' },
  ],
});

export async function testApp(overrides: Partial<Config> = {}, start = new Date('2026-03-10T10:00:00Z')): Promise<TestApp> {
  const handle = await freshDatabase();
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
  await applyOrg(ctx.db, SMALL_ORG, now);
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
