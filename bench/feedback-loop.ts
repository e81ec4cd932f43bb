import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { contextFor } from '../src/app.ts';
import { type AppContext } from '../src/core/context.ts';
import { createApiKey } from '../src/auth/api-keys.ts';
import { loadConfig } from '../src/core/config.ts';
import { seedDemo } from '../src/demo/seed.ts';
import { buildServer } from '../src/server.ts';
import type { BenchRow } from './rows.ts';
import { withBenchDatabase } from './support.ts';

/**
 * Feedback-loop figures: meeting intake throughput (single events and batches of 1,000) and survey
 * submission latency/throughput under concurrent load from a separate autocannon process, on
 * PostgreSQL (the production set-up; rows without suffix) and on PGlite (rows with `_pglite`).
 */

const run$ = promisify(execFile);

function event(i: number, counselors: Array<{ id: string; unit_id: string }>, tag: string) {
  const c = counselors[i % counselors.length];
  return {
    external_id: `bench-${tag}-${i}`,
    starts_at: new Date(Date.now() - 3 * 3600_000).toISOString(),
    counselor_id: c.id,
    unit_id: c.unit_id,
    channel: 'in_person',
    meeting_kind: 'follow_up',
    email: `bench-${tag}-${i}@example.no`,
    language: 'nb',
    age_band: '30_39',
    benefit: 'aap',
  };
}

/** Invitations ready to answer, made straight in the database (the dispatch path is not what is measured). */
async function makeOpenInvitations(ctx: AppContext, count: number): Promise<string[]> {
  const counselors = await ctx.db.selectFrom('employee').select(['id', 'unit_id']).where('role', '=', 'counselor').execute();
  const tokens: string[] = [];
  for (let start = 0; start < count; start += 1000) {
    const size = Math.min(1000, count - start);
    const meetings = await ctx.db
      .insertInto('meeting')
      .values(
        Array.from({ length: size }, (_, j) => {
          const c = counselors[(start + j) % counselors.length];
          return {
            external_id: `bench-open-${start + j}-${randomBytes(4).toString('hex')}`,
            source: 'bench',
            payload_hash: 'bench',
            starts_at: new Date(),
            month: '2026-11-01',
            counselor_id: c.id,
            unit_id: c.unit_id,
            channel: 'in_person',
            meeting_kind: 'follow_up',
            language: 'nb',
            age_band: '30_39',
            innsatsgruppe: 'standard',
            benefit: 'aap',
            recent_adverse_decision: false,
            interpreter_used: false,
            first_meeting: false,
          };
        }),
      )
      .returning('id')
      .execute();
    const far = new Date(Date.now() + 14 * 86400_000);
    await ctx.db
      .insertInto('invitation')
      .values(
        meetings.map((m) => ({
          meeting_id: m.id,
          state: 'sent' as const,
          language: 'nb',
          send_at: new Date(),
          sent_at: new Date(),
          expires_at: far,
          contact_email: 'x@example.no',
        })),
      )
      .execute();
    const batch = meetings.map((m) => ({ meeting_id: m.id, token: randomBytes(32).toString('base64url') }));
    await ctx.db
      .insertInto('invitation_token')
      .values(
        batch.map((b) => ({
          meeting_id: b.meeting_id,
          token_hash: createHash('sha256').update(b.token).digest('hex'),
          purpose: 'invite' as const,
        })),
      )
      .execute();
    tokens.push(...batch.map((b) => b.token));
  }
  return tokens;
}

async function measure(kind: 'postgres' | 'pglite'): Promise<BenchRow[]> {
  const suffix = kind === 'postgres' ? '' : '_pglite';
  return withBenchDatabase(
    kind,
    async (handle) => {
      // Every submission comes from this one address: the token rate limit stays on (its upsert is part of
      // the cost measured) but high enough for the run.
      const config = loadConfig(
        {},
        {
          LOG_LEVEL: 'silent',
          PORT: 0,
          DATA_DIR: mkdtempSync(join(tmpdir(), 'bs-bench-data-')),
          QUIET_HOURS_START: 0,
          QUIET_HOURS_END: 0,
          RATE_LIMIT_TOKEN_PER_ADDRESS: 1_000_000,
        },
      );
      const ctx = await contextFor(handle, config);
      await seedDemo(ctx);
      const { key } = await createApiKey(ctx.db, 'bench');
      const app = await buildServer(ctx);
      const address = await app.listen({ port: 0, host: '127.0.0.1' });
      const counselors = await ctx.db.selectFrom('employee').select(['id', 'unit_id']).where('role', '=', 'counselor').execute();
      const headers = { authorization: `Bearer ${key}`, 'content-type': 'application/json' };
      const rows: BenchRow[] = [];
      try {
        // Single events, one request at a time (a case system posting as meetings close).
        const singles = kind === 'postgres' ? 1000 : 300;
        let t0 = performance.now();
        for (let i = 0; i < singles; i++) {
          const res = await fetch(`${address}/api/v1/meetings`, {
            method: 'POST',
            headers,
            body: JSON.stringify(event(i, counselors, 'single')),
          });
          if (res.status !== 201) throw new Error(`intake answered ${res.status}: ${await res.text()}`);
        }
        const singleRate = singles / ((performance.now() - t0) / 1000);
        rows.push({
          name: `intake_single_events_per_s${suffix}`,
          value: Math.round(singleRate),
          unit: 'events/s',
          better: 'higher',
          note: `${kind}: ${singles} sequential POST /api/v1/meetings over HTTP, one event each`,
        });

        // Batches of 1,000.
        const batches = kind === 'postgres' ? 20 : 8;
        t0 = performance.now();
        for (let b = 0; b < batches; b++) {
          const meetings = Array.from({ length: 1000 }, (_, i) => event(b * 1000 + i, counselors, 'batch'));
          const res = await fetch(`${address}/api/v1/meetings:batch`, { method: 'POST', headers, body: JSON.stringify({ meetings }) });
          if (res.status !== 200) throw new Error(`batch intake answered ${res.status}`);
        }
        const batchRate = (batches * 1000) / ((performance.now() - t0) / 1000);
        rows.push({
          name: `intake_batch_events_per_s${suffix}`,
          value: Math.round(batchRate),
          unit: 'events/s',
          ...(kind === 'postgres' ? { target: 10000 } : {}),
          better: 'higher',
          note: `${kind}: ${batches} sequential POST /api/v1/meetings:batch of 1,000 events each (validation, idempotent insert, invitation scheduling)`,
        });

        // Survey submissions from a separate autocannon process, each with its own single-use token.
        const submissions = kind === 'postgres' ? 20000 : 5000;
        const tokens = await makeOpenInvitations(ctx, submissions);
        const tokenFile = join(tmpdir(), `bs-bench-tokens-${process.pid}.txt`);
        writeFileSync(tokenFile, tokens.join('\n'));
        const before = Number(
          (
            await ctx.db
              .selectFrom('response')
              .select((eb) => eb.fn.countAll<number>().as('n'))
              .executeTakeFirstOrThrow()
          ).n,
        );
        const { stdout } = await run$(process.execPath, [join(import.meta.dirname, 'load-submit.mjs'), address, tokenFile, '16'], {
          maxBuffer: 10 * 1024 * 1024,
        });
        rmSync(tokenFile, { force: true });
        const load = JSON.parse(stdout) as {
          requests: number;
          durationS: number;
          rps: number;
          p50: number;
          p99: number;
          non2xx: number;
          errors: number;
          statusCodes: Record<string, { count: number }>;
        };
        const after = Number(
          (
            await ctx.db
              .selectFrom('response')
              .select((eb) => eb.fn.countAll<number>().as('n'))
              .executeTakeFirstOrThrow()
          ).n,
        );
        const stored = after - before;
        const codes = Object.entries(load.statusCodes)
          .map(([c, s]) => `${c}×${s.count}`)
          .join(' ');
        const note = `${kind}: ${load.requests} POST /s/<token> from autocannon in its own process, 16 connections, each token used once; ${stored} answers stored; status ${codes}`;
        if (stored !== submissions) throw new Error(`expected ${submissions} stored answers, got ${stored} (${codes})`);
        rows.push({
          name: `submit_per_s${suffix}`,
          value: Math.round(load.rps),
          unit: 'submissions/s',
          ...(kind === 'postgres' ? { target: 1000 } : {}),
          better: 'higher',
          note,
        });
        rows.push({ name: `submit_p50_ms${suffix}`, value: load.p50, unit: 'ms', better: 'lower', note });
        rows.push({
          name: `submit_p99_ms${suffix}`,
          value: load.p99,
          unit: 'ms',
          ...(kind === 'postgres' ? { target: 50 } : {}),
          better: 'lower',
          note,
        });
      } finally {
        await app.close();
      }
      return rows;
    },
    { poolSize: 20 },
  );
}

export async function run(): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }, 50);
  try {
    rows.push(...(await measure('postgres')));
    rows.push(...(await measure('pglite')));
  } finally {
    clearInterval(sampler);
  }
  rows.push({
    name: 'feedback_loop_peak_rss_mb',
    value: Math.round(peakRss / 1024 / 1024),
    unit: 'MB',
    better: 'lower',
    note: 'peak resident memory of the server process during the intake and submission benchmarks (PGlite runs inside it)',
  });
  return rows;
}
