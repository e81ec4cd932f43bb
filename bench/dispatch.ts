import { randomUUID } from 'node:crypto';
import { secretsFrom, type AppContext } from '../src/core/context.ts';
import { loadConfig } from '../src/core/config.ts';
import { scheduleInvitations, type InvitationRequest } from '../src/dispatch/schedule.ts';
import type { Transports } from '../src/dispatch/transports/index.ts';
import { runDueWork } from '../src/dispatch/worker.ts';
import type { BenchRow } from './rows.ts';
import { withBenchDatabase } from './support.ts';

/**
 * Dispatch figures: scheduling inside intake (scheduleInvitations, batches of 1,000, the part of
 * meeting intake that dispatch adds) and worker throughput through the queue (claim with SKIP
 * LOCKED, tokens, mark sent) with an in-memory transport, so the figure is the queue's own cost.
 */

const BATCH = 1000;
const BATCHES = 5;

async function measure(kind: 'postgres' | 'pglite'): Promise<{ schedulePerS: number; sendPerS: number; sent: number }> {
  return withBenchDatabase(kind, async (handle) => {
    const base = new Date('2026-03-10T09:00:00Z');
    let now = new Date('2026-03-10T10:00:00Z');
    const config = loadConfig({}, { QUIET_HOURS_START: 0, QUIET_HOURS_END: 0, WORKER_BATCH_SIZE: 100 });
    const ctx: AppContext = {
      config,
      db: handle.db,
      secrets: secretsFrom('bench-secret-0123456789abcdef-key-0123456789abcdef0123', 'bench-secret-0123456789abcdef'),
      now: () => now,
    };
    await handle.db.insertInto('unit').values({ id: 'u1', kind: 'office', name: 'Bench' }).execute();
    await handle.db.insertInto('employee').values({ id: 'e1', name: 'Bench', unit_id: 'u1', role: 'counselor' }).execute();

    let scheduleMs = 0;
    for (let b = 0; b < BATCHES; b++) {
      const reqs: InvitationRequest[] = [];
      const meetings = [];
      for (let i = 0; i < BATCH; i++) {
        const id = randomUUID();
        meetings.push({
          id,
          external_id: `b${b}-${i}`,
          source: 'bench',
          payload_hash: 'x',
          starts_at: base,
          month: '2026-03-01',
          counselor_id: 'e1',
          unit_id: 'u1',
          channel: 'in_person',
          meeting_kind: 'follow_up',
          language: 'nb',
          age_band: null,
          innsatsgruppe: null,
          benefit: null,
          recent_adverse_decision: null,
          interpreter_used: null,
          first_meeting: null,
          exclusion_reason: null,
        });
        const n = b * BATCH + i;
        reqs.push({
          meetingId: id,
          startsAt: base,
          sensitive: n % 50 === 0,
          protectedAddress: false,
          ageBand: null,
          email: n % 3 === 0 ? null : `person${n}@example.no`,
          phone: n % 3 === 0 ? `9${String(n).padStart(7, '0')}` : null,
          language: 'nb',
        });
      }
      await handle.db.insertInto('meeting').values(meetings).execute();
      const t0 = performance.now();
      await handle.db.transaction().execute((trx) => scheduleInvitations(trx, ctx, reqs));
      scheduleMs += performance.now() - t0;
    }

    let sent = 0;
    const transport = {
      async send() {
        sent++;
      },
    };
    const transports: Transports = { email: transport, sms: transport };
    now = new Date('2026-03-10T11:00:00Z');
    const workers = kind === 'postgres' ? 2 : 1;
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: workers }, async () => {
        while ((await runDueWork(ctx, { transports })) > 0);
      }),
    );
    const sendMs = performance.now() - t0;
    return { schedulePerS: Math.round((BATCH * BATCHES) / (scheduleMs / 1000)), sendPerS: Math.round(sent / (sendMs / 1000)), sent };
  });
}

export async function run(): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  for (const kind of ['postgres', 'pglite'] as const) {
    const suffix = kind === 'pglite' ? '_pglite' : '';
    const r = await measure(kind);
    rows.push({
      name: `dispatch_schedule_per_s${suffix}`,
      value: r.schedulePerS,
      unit: 'meetings/s',
      better: 'higher',
      note: `scheduleInvitations in batches of ${BATCH} (rules, opt-out and quarantine look-ups, inserts), ${BATCH * BATCHES} meetings, ${kind}`,
    });
    rows.push({
      name: `dispatch_send_per_s${suffix}`,
      value: r.sendPerS,
      unit: 'messages/s',
      better: 'higher',
      note: `worker queue throughput, ${r.sent} invitations, ${kind === 'postgres' ? '2 workers in parallel' : '1 worker'}, in-memory transport (claim, tokens, mark sent)`,
    });
  }
  return rows;
}

if (process.argv[1] && import.meta.filename === process.argv[1]) {
  for (const row of await run()) console.log(`${row.name}\t${row.value} ${row.unit}`);
}
