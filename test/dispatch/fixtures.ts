import { randomUUID } from 'node:crypto';
import { secretsFrom, type AppContext } from '../../src/core/context.ts';
import { loadConfig, type Config } from '../../src/core/config.ts';
import type { DatabaseHandle } from '../../src/db/database.ts';

/** A movable clock for tests: time only moves when the test says so. */
export function testClock(start: string | Date) {
  let t = new Date(start).getTime();
  return {
    now: () => new Date(t),
    set: (at: string | Date) => void (t = new Date(at).getTime()),
    advance: (ms: number) => void (t += ms),
  };
}

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;

/** No quiet hours (START == END) unless a test asks for them, so times stay easy to reason about. */
export function testConfig(overrides: Partial<Config> = {}): Config {
  return loadConfig({}, { QUIET_HOURS_START: 0, QUIET_HOURS_END: 0, DATA_DIR: '/nonexistent', ...overrides });
}

export function testContext(handle: DatabaseHandle, clock: { now: () => Date }, overrides: Partial<Config> = {}): AppContext {
  return {
    config: testConfig(overrides),
    db: handle.db,
    secrets: secretsFrom('test-contact-hash-secret-0123456789-key-0123456789abcdef0123', 'test-contact-hash-secret-0123456789'),
    now: clock.now,
  };
}

export async function seedOrg(handle: DatabaseHandle): Promise<void> {
  await handle.db.insertInto('unit').values({ id: 'u1', kind: 'office', name: 'NAV Test' }).execute();
  await handle.db.insertInto('employee').values({ id: 'e1', name: 'Kari Veileder', unit_id: 'u1', role: 'counselor' }).execute();
}

export async function insertMeeting(handle: DatabaseHandle, startsAt: Date, fields: { age_band?: string } = {}): Promise<string> {
  const id = randomUUID();
  await handle.db
    .insertInto('meeting')
    .values({
      id,
      external_id: `ext-${id}`,
      source: 'test',
      payload_hash: 'x',
      starts_at: startsAt,
      month: startsAt.toISOString().slice(0, 7) + '-01',
      counselor_id: 'e1',
      unit_id: 'u1',
      channel: 'in_person',
      meeting_kind: 'follow_up',
      language: 'nb',
      age_band: fields.age_band ?? '30_39',
      innsatsgruppe: 'standard',
      benefit: null,
      recent_adverse_decision: false,
      interpreter_used: false,
      first_meeting: true,
      exclusion_reason: null,
    })
    .execute();
  return id;
}
