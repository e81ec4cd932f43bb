import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importMeetingsFile } from '../../src/intake/import-file.ts';
import { testApp, type TestApp } from '../support/app.ts';

let t: TestApp;
const dir = mkdtempSync(join(tmpdir(), 'bs-import-'));
beforeAll(async () => {
  t = await testApp();
});
afterAll(async () => t.close());

const header = 'external_id,starts_at,counselor_id,unit_id,channel,meeting_kind,email,mobile,language,sensitive,age_band\n';
function file(name: string, lines: string[]): string {
  const path = join(dir, name);
  writeFileSync(path, header + lines.join('\n') + '\n');
  return path;
}
const meetings = async () => (await t.ctx.db.selectFrom('meeting').select('external_id').execute()).map((r) => r.external_id).sort();

describe('brukerstemme import meetings FILE.csv', () => {
  it('imports in batches, and a second run of the same file adds nothing', async () => {
    const lines = Array.from(
      { length: 25 },
      (_, i) => `f-${i},2026-03-10T08:00:00+01:00,v1,t1,phone,follow_up,u${i}@example.no,,nb,false,30_39`,
    );
    const path = file('ok.csv', lines);
    const first = await importMeetingsFile(t.ctx, path, { batchSize: 10 });
    expect(first).toEqual({ ok: true, total: 25, created: 25, duplicate: 0, conflict: 0 });
    const second = await importMeetingsFile(t.ctx, path, { batchSize: 10 });
    expect(second).toEqual({ ok: true, total: 25, created: 0, duplicate: 25, conflict: 0 });
    expect(await meetings()).toHaveLength(25);
  });

  it('writes nothing when any line is bad, and names line and field', async () => {
    const before = await meetings();
    const path = file('bad.csv', [
      'g-1,2026-03-10T08:00:00+01:00,v1,t1,phone,follow_up,a@example.no,,nb,false,30_39',
      'g-2,2026-03-10T08:00:00+01:00,v1,t1,telegraph,follow_up,b@example.no,,nb,false,30_39',
      'g-3,2026-03-10T08:00:00+01:00,ghost,t1,phone,follow_up,c@example.no,,nb,maybe,30_39',
    ]);
    const result = await importMeetingsFile(t.ctx, path, { batchSize: 1 });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.map((e) => [e.line, e.field])).toEqual([
      [3, 'channel'],
      [4, 'sensitive'],
    ]);
    const unknown = await importMeetingsFile(
      t.ctx,
      file('unknown.csv', ['h-1,2026-03-10T08:00:00+01:00,ghost,t1,phone,follow_up,d@example.no,,nb,false,30_39']),
    );
    expect(unknown).toEqual({ ok: false, errors: [{ line: 2, field: 'counselor_id', message: 'unknown counselor ghost' }] });
    expect(await meetings()).toEqual(before);
  });
});
