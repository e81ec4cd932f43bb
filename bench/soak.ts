import cookie from '@fastify/cookie';
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { sql } from 'kysely';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { distIsFresh } from '../bin/dist-fresh.js';
import { grantRole } from '../src/access/actor.ts';
import { createApiKey } from '../src/auth/api-keys.ts';
import { secretsFrom } from '../src/core/context.ts';
import type { Database } from '../src/db/database.ts';
import { ensureInstrument, NATIONAL_INSTRUMENT } from '../src/instrument/instrument.ts';
import { leastSquares, percentile, type BenchRow } from './rows.ts';
import { withBenchDatabase } from './support.ts';
import { freePort } from '../test/support/ports.ts';
import { SeededRandom } from '../src/stats/random.ts';

/**
 * The soak (issue 16): one web node and one worker node, each its own process
 * (`node bin/brukerstemme.js serve --role web|worker`, as deployed), on a fresh PostgreSQL database
 * holding a national organisation (330 offices, 10,000 employees) and a year of earlier answers,
 * driven at a realistic national peak for SOAK_MINUTES (default 60):
 *
 * - meeting intake over the API (`POST /api/v1/meetings:batch`, a batch every 5 s, API key);
 * - the worker inviting by e-mail (to a local SMTP server) and SMS (to a local HTTP gateway), both
 *   real transports (DELIVERY_MODE=live); the bench reads the survey link out of each message;
 * - a share of the invited answering a while after their message (`GET /s/<token>`, then
 *   `POST /s/<token>?lang=nb` as the form posts, then the thanks page it redirects to);
 * - employees reading results, signed in (sessions made as a login makes them): leaders' `/reports`
 *   and their office's `/units/<id>`, county analysts' county, counselors' `/me`.
 *
 * The peak, from national figures: about 4,000,000 meetings a year over 250 working days of 8 hours
 * is 2,000 meetings an hour on average; the busiest hours (mornings early in the week and month)
 * carry about three times that, so the peak is 6,000 meetings an hour (100 a minute, 1.7 a second).
 * About 85 % of them are invited (the rest are excluded: sensitive, protected address, under 18, no
 * contact), 5,100 invitations an hour; with a response rate of 25 % (the pilot's 20–30 %) that is
 * about 1,275 answers an hour (0.35 a second), each three requests. Employees: 600 report page views
 * an hour (one a minute per 17 employees' worth of a busy hour, a generous guess).
 * SOAK_MEETINGS_PER_HOUR, SOAK_RESPONSE_RATE and SOAK_VIEWS_PER_HOUR change these.
 *
 * Every 15 s the bench reads both processes' memory (`/metrics` on METRICS_PORT: resident set and
 * V8 heap used), and every 5 s the worker's backlog from the database (invitations whose next action
 * is due, and how long the oldest has waited). Per minute it keeps the p50/p99 latency of answer
 * submission, intake batches and report pages, measured by the bench as a client. The rows are
 * least-squares slopes after SOAK_WARMUP_MINUTES (default 10, or half of a run shorter than 30 minutes) — memory
 * in MB/h, per-minute p99 in ms/h — with their standard errors in the notes, the backlog's maximum
 * and its value at the end, and the counts. The per-minute series goes to
 * bench/results/soak-series.tmp.json (not kept in git).
 */

const MINUTES = Number(process.env.SOAK_MINUTES ?? 60);
const WARMUP_MINUTES = Number(process.env.SOAK_WARMUP_MINUTES ?? (MINUTES >= 30 ? 10 : Math.floor(MINUTES / 2)));
const MEETINGS_PER_HOUR = Number(process.env.SOAK_MEETINGS_PER_HOUR ?? 6000);
const RESPONSE_RATE = Number(process.env.SOAK_RESPONSE_RATE ?? 0.25);
const VIEWS_PER_HOUR = Number(process.env.SOAK_VIEWS_PER_HOUR ?? 600);
const HISTORY_ANSWERS = Number(process.env.SOAK_HISTORY_ANSWERS ?? 1_000_000);

const COUNTIES = 15;
const OFFICES = 330;
const TEAMS_PER_OFFICE = 3;
const TEAMS = OFFICES * TEAMS_PER_OFFICE;
const COUNSELORS = 10_000 - OFFICES - COUNTIES;
const INTAKE_EVERY_MS = 5000;
const MEMORY_EVERY_MS = 15_000;
const BACKLOG_EVERY_MS = 5000;
/** A citizen answers this long after the message arrives (uniform); most answers come within minutes. */
const ANSWER_DELAY_MS: [number, number] = [15_000, 240_000];
const INVITE_DELAY_MINUTES = 2;

const ROOT = join(import.meta.dirname, '..');
const SECRET_KEY = `soak-${randomBytes(24).toString('hex')}`;
const CONTACT_HASH_SECRET = `soak-contact-${randomBytes(12).toString('hex')}`;
const METRICS_TOKEN = randomBytes(16).toString('hex');
const SMS_TOKEN = randomBytes(16).toString('hex');
const ANSWER_BODY =
  's_prepared=5&s_understanding=6&s_time=4&s_planned=dk&s_next_steps=5&s_respect=6&overall=5&nav_general=4&comment=&instrument_version=1';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const round = (x: number, digits = 1) => Math.round(x * 10 ** digits) / 10 ** digits;

/** The organisation, employees' sessions and a year of earlier answers, straight in SQL (untimed). */
async function seed(db: Database, runStart: Date): Promise<{ apiKey: string; readers: Array<{ cookie: string; path: string }> }> {
  await sql`insert into unit (id, kind, name, parent_id) values ('n', 'nation', 'Nation', null)`.execute(db);
  await sql`insert into unit (id, kind, name, parent_id) select 'f' || i, 'county', 'County ' || lpad(i::text, 2, '0'), 'n' from generate_series(0, ${COUNTIES - 1}) i`.execute(
    db,
  );
  await sql`insert into unit (id, kind, name, parent_id) select 'o' || i, 'office', 'Office ' || lpad(i::text, 3, '0'), 'f' || (i % ${COUNTIES}) from generate_series(0, ${OFFICES - 1}) i`.execute(
    db,
  );
  await sql`insert into unit (id, kind, name, parent_id) select 't' || i, 'team', 'Team ' || i, 'o' || (i / ${TEAMS_PER_OFFICE}) from generate_series(0, ${TEAMS - 1}) i`.execute(
    db,
  );
  await sql`insert into employee (id, name, unit_id, role, valid_from) select 'c' || i, 'Counselor ' || i, 't' || (i % ${TEAMS}), 'counselor', now() - interval '2 years' from generate_series(0, ${COUNSELORS - 1}) i`.execute(
    db,
  );
  await sql`insert into employee (id, name, unit_id, role, valid_from) select 'l' || i, 'Leader ' || i, 'o' || i, 'leader', now() - interval '2 years' from generate_series(0, ${OFFICES - 1}) i`.execute(
    db,
  );
  await sql`insert into employee (id, name, unit_id, role, valid_from) select 'a' || i, 'Analyst ' || i, 'f' || i, 'staff', now() - interval '2 years' from generate_series(0, ${COUNTIES - 1}) i`.execute(
    db,
  );
  for (let i = 0; i < COUNTIES; i++) await grantRole(db, `a${i}`, 'county_analyst', `f${i}`);

  // A year of answers before this month, as reports.ts makes them: the report and fairness refreshers work on a national table.
  await ensureInstrument(db, NATIONAL_INSTRUMENT);
  if (HISTORY_ANSWERS > 0) {
    await sql`select setseed(0.16)`.execute(db);
    await sql`create function soak_v(x numeric) returns smallint language sql volatile as $$
      select case when random() < 0.05 then null else greatest(1, least(6, round(x + (random() + random() + random() - 1.5) * 1.6)))::smallint end $$`.execute(
      db,
    );
    await sql`
      insert into response (instrument_id, instrument_version, counselor_id, unit_id, month, channel, meeting_kind, language, answers, overall, nav_general)
      select 'national', 1, 'c' || c, 't' || (c % ${TEAMS}), (date_trunc('month', now()) - (1 + floor(random() * 12)::int) * interval '1 month')::date,
             'in_person', 'follow_up', 'nb',
             array[soak_v(l), soak_v(l), soak_v(l), soak_v(l), soak_v(l), soak_v(l)]::smallint[], soak_v(l), soak_v(l - 0.8)
      from (select floor(random() * ${COUNSELORS})::int as c, (4.3 + random() * 0.6)::numeric as l from generate_series(1, ${HISTORY_ANSWERS})) s`.execute(
      db,
    );
    await sql`drop function soak_v`.execute(db);
    await sql`analyze`.execute(db);
  }

  const { key } = await createApiKey(db, 'soak');
  // Sessions as a login makes them (a row with the id's hash; the cookie signed with the key SECRET_KEY gives).
  const sessionKey = secretsFrom(SECRET_KEY, CONTACT_HASH_SECRET).session;
  const expires = new Date(runStart.getTime() + (MINUTES + 60) * 60_000);
  const readers: Array<{ cookie: string; path: string }> = [];
  const signIn = async (employeeId: string) => {
    const id = randomBytes(32).toString('base64url');
    await db
      .insertInto('employee_session')
      .values({
        id_hash: createHash('sha256').update(id).digest('hex'),
        employee_id: employeeId,
        created_at: runStart,
        expires_at: expires,
      })
      .execute();
    return `bs_session=${encodeURIComponent(cookie.sign(id, sessionKey))}`;
  };
  for (let i = 0; i < 20; i++) {
    const office = (i * 17) % OFFICES;
    const c = await signIn(`l${office}`);
    readers.push({ cookie: c, path: '/reports' }, { cookie: c, path: `/units/o${office}` });
  }
  for (let i = 0; i < 5; i++) readers.push({ cookie: await signIn(`a${i * 3}`), path: `/units/f${i * 3}` });
  for (let i = 0; i < 40; i++) readers.push({ cookie: await signIn(`c${i * 241}`), path: '/me' });
  return { apiKey: key, readers };
}

interface Node {
  name: string;
  child: ChildProcess;
  metricsPort: number;
  stderr: string[];
}

function startNode(name: 'web' | 'worker', env: Record<string, string>): Node {
  const child = spawn(process.execPath, [join(ROOT, 'bin', 'brukerstemme.js'), 'serve', '--role', name], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const stderr: string[] = [];
  child.stderr!.on('data', (chunk: Buffer) => {
    stderr.push(chunk.toString());
    if (stderr.length > 200) stderr.shift();
  });
  return { name, child, metricsPort: Number(env.METRICS_PORT), stderr };
}

async function waitReady(node: Node, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (node.child.exitCode !== null)
      throw new Error(`soak: the ${node.name} node exited (${node.child.exitCode}): ${node.stderr.join('').slice(-2000)}`);
    const ok = await fetch(`http://127.0.0.1:${node.metricsPort}/readyz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    await sleep(250);
  }
  throw new Error(`soak: the ${node.name} node was not ready in ${timeoutMs / 1000} s: ${node.stderr.join('').slice(-2000)}`);
}

async function stopNode(node: Node): Promise<void> {
  if (node.child.exitCode !== null) return;
  const exited = new Promise((resolve) => node.child.once('exit', resolve));
  node.child.kill('SIGTERM');
  const killed = await Promise.race([exited.then(() => false), sleep(60_000).then(() => true)]);
  if (killed) {
    node.child.kill('SIGKILL');
    await exited;
  }
}

/** Resident set and V8 heap used (MB), from the node's /metrics. */
async function memoryOf(node: Node): Promise<{ rss: number; heap: number }> {
  const text = await (
    await fetch(`http://127.0.0.1:${node.metricsPort}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })
  ).text();
  const value = (name: string) => {
    const m = new RegExp(`^${name} ([0-9.e+]+)$`, 'm').exec(text);
    if (!m) throw new Error(`soak: ${node.name} /metrics has no ${name}`);
    return Number(m[1]) / 1024 / 1024;
  };
  return { rss: value('brukerstemme_process_resident_memory_bytes'), heap: value('brukerstemme_nodejs_heap_size_used_bytes') };
}

/** Where messages arrive: a local SMTP server and a local SMS gateway; each survey link is handed to `onLink`. */
async function startReceivers(onLink: (token: string) => void) {
  const linkOf = (text: string) => /\/s\/([A-Za-z0-9_-]{20,})/.exec(text)?.[1];
  let received = 0;
  let withoutLink = 0;
  const take = (text: string) => {
    received++;
    const token = linkOf(text);
    if (token) onLink(token);
    else withoutLink++;
  };
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, _session, callback) {
      simpleParser(stream)
        .then((mail) => {
          take(mail.text ?? '');
          callback();
        })
        .catch(callback);
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  const smtpPort = (smtp.server.address() as AddressInfo).port;
  const sms = createHttpServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (req.headers.authorization !== `Bearer ${SMS_TOKEN}`) {
        res.writeHead(401).end();
        return;
      }
      take((JSON.parse(Buffer.concat(chunks).toString()) as { text: string }).text);
      res.writeHead(202, { 'content-type': 'application/json' }).end('{"accepted":true}');
    });
  });
  await new Promise<void>((resolve) => sms.listen(0, '127.0.0.1', resolve));
  const smsPort = (sms.address() as AddressInfo).port;
  return {
    smtpUrl: `smtp://127.0.0.1:${smtpPort}`,
    smsUrl: `http://127.0.0.1:${smsPort}/send`,
    counts: () => ({ received, withoutLink }),
    async close() {
      await new Promise<void>((resolve) => smtp.close(() => resolve()));
      await new Promise<void>((resolve) => sms.close(() => resolve()));
    },
  };
}

interface MinuteRow {
  minute: number;
  submitP50: number;
  submitP99: number;
  submits: number;
  intakeP50: number;
  intakeP99: number;
  intakeBatches: number;
  pageP50: number;
  pageP99: number;
  pages: number;
  backlogMax: number;
  queueAgeMaxS: number;
  webRssMb: number;
  webHeapMb: number;
  workerRssMb: number;
  workerHeapMb: number;
}

export async function run(): Promise<BenchRow[]> {
  if (!distIsFresh(ROOT))
    throw new Error('soak: dist/ is missing or older than src/; run `npm run build` first (the nodes must run what is deployed)');
  return withBenchDatabase(
    'postgres',
    async (handle, url) => {
      const db = handle.db;
      const runStart = new Date();
      const seedStarted = performance.now();
      const { apiKey, readers } = await seed(db, runStart);
      const seedS = (performance.now() - seedStarted) / 1000;
      const counselors = (
        await db.selectFrom('employee').select(['id', 'unit_id']).where('role', '=', 'counselor').orderBy('id').execute()
      ).map((e) => ({ id: e.id, unit: e.unit_id }));
      process.stderr.write(
        `soak: seeded ${OFFICES} offices, ${COUNSELORS} counselors, ${HISTORY_ANSWERS} earlier answers in ${seedS.toFixed(0)} s\n`,
      );

      // Seeded, so two runs drive the same mix.
      const seeded = new SeededRandom(16);
      const random = () => seeded.next();
      const timers = new Set<NodeJS.Timeout>();
      let stopping = false;
      const errors: string[] = [];
      const fail = (what: string) => {
        errors.push(what);
        if (errors.length <= 5) process.stderr.write(`soak: ${what}\n`);
      };

      // Per-minute latency buckets, filled as requests finish.
      const bucket = () => ({ submit: [] as number[], intake: [] as number[], page: [] as number[] });
      const minutes: Array<ReturnType<typeof bucket>> = [];
      const minuteOf = () => Math.floor((Date.now() - driveStart) / 60_000);
      const record = (kind: 'submit' | 'intake' | 'page', ms: number) => {
        const m = minuteOf();
        (minutes[m] ??= bucket())[kind].push(ms);
      };
      let answersStored = 0;
      let meetingsSent = 0;
      let answersPlanned = 0;

      const answer = async (token: string) => {
        const base = `${webUrl}/s/${token}`;
        const form = await fetch(base);
        await form.text();
        if (form.status !== 200) return fail(`GET /s/<token> answered ${form.status}`);
        const t0 = performance.now();
        const res = await fetch(`${base}?lang=nb`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: ANSWER_BODY,
          redirect: 'manual',
        });
        await res.text();
        record('submit', performance.now() - t0);
        if (res.status !== 303 || !res.headers.get('location')?.includes('/takk')) return fail(`POST /s/<token> answered ${res.status}`);
        answersStored++;
        const thanks = await fetch(`${base}/takk?lang=nb`);
        await thanks.text();
        if (thanks.status !== 200) fail(`GET /s/<token>/takk answered ${thanks.status}`);
      };
      const receivers = await startReceivers((token) => {
        if (stopping || random() >= RESPONSE_RATE) return;
        answersPlanned++;
        const timer = setTimeout(
          () => {
            timers.delete(timer);
            if (!stopping) answer(token).catch((err: unknown) => fail(`answer: ${String(err)}`));
          },
          ANSWER_DELAY_MS[0] + random() * (ANSWER_DELAY_MS[1] - ANSWER_DELAY_MS[0]),
        );
        timers.add(timer);
      });

      const [webPort, webMetrics, workerMetrics] = [await freePort(), await freePort(), await freePort()];
      const webUrl = `http://127.0.0.1:${webPort}`;
      const env = {
        DATABASE_URL: url!,
        DATABASE_POOL_SIZE: '10',
        SECRET_KEY,
        CONTACT_HASH_SECRET,
        DEV_LOGIN: 'false',
        DELIVERY_MODE: 'live',
        SMTP_URL: receivers.smtpUrl,
        SMS_GATEWAY_URL: receivers.smsUrl,
        SMS_GATEWAY_TOKEN: SMS_TOKEN,
        PUBLIC_URL: webUrl,
        HOST: '127.0.0.1',
        METRICS_TOKEN,
        LOG_LEVEL: 'warn',
        NODE_ENV: 'production',
        // Invited two minutes after the meeting (the default 120 would leave a short run without answers),
        // and no quiet hours, so the soak can run at any hour.
        INVITE_DELAY_MINUTES: String(INVITE_DELAY_MINUTES),
        QUIET_HOURS_START: '0',
        QUIET_HOURS_END: '0',
        // Every answer comes from this one address; the limit stays on (its upsert is part of the cost).
        RATE_LIMIT_TOKEN_PER_ADDRESS: '1000000',
      };
      const web = startNode('web', { ...env, PORT: String(webPort), METRICS_PORT: String(webMetrics) });
      const worker = startNode('worker', { ...env, PORT: String(await freePort()), METRICS_PORT: String(workerMetrics) });
      let driveStart = Date.now();
      const series: MinuteRow[] = [];
      const memory: Array<{ t: number; web: { rss: number; heap: number }; worker: { rss: number; heap: number } }> = [];
      const backlog: Array<{ t: number; due: number; ageS: number }> = [];
      try {
        await Promise.all([waitReady(web), waitReady(worker)]);
        const readyS = (Date.now() - driveStart) / 1000;
        driveStart = Date.now();
        process.stderr.write(`soak: web and worker ready in ${readyS.toFixed(1)} s; driving for ${MINUTES} min\n`);
        const until = Date.now() + MINUTES * 60_000;

        const loop = async (everyMs: number, body: () => Promise<void>) => {
          for (let next = Date.now(); Date.now() < until;) {
            await body().catch((err: unknown) => fail(String(err)));
            next += everyMs;
            await sleep(Math.max(0, Math.min(next, until) - Date.now()));
          }
        };

        // Intake: meetings that ended up to ten minutes ago, a batch every 5 s (fractions carried over).
        let owed = 0;
        const intake = async () => {
          owed += (MEETINGS_PER_HOUR * INTAKE_EVERY_MS) / 3_600_000;
          const count = Math.floor(owed);
          owed -= count;
          if (count === 0) return;
          const meetings = Array.from({ length: count }, () => {
            const n = meetingsSent++;
            const c = counselors[Math.floor(random() * counselors.length)];
            const r = random();
            const contact = random();
            return {
              external_id: `soak-${n}`,
              starts_at: new Date(Date.now() - random() * 10 * 60_000).toISOString(),
              counselor_id: c.id,
              unit_id: c.unit,
              channel: (['in_person', 'phone', 'video', 'digital_dialogue'] as const)[Math.floor(random() * 4)],
              meeting_kind: (['follow_up', 'first_assessment', 'activity_planning', 'aap_follow_up'] as const)[Math.floor(random() * 4)],
              // Six in ten by SMS, three in ten by e-mail, the rest without contact (not invited).
              email: contact >= 0.6 && contact < 0.93 ? `soak-${n}@example.no` : null,
              mobile: contact < 0.6 ? `4${String(1_000_000 + n).padStart(7, '0')}` : null,
              language: random() < 0.1 ? 'nn' : 'nb',
              sensitive: r < 0.03,
              protected_address: r >= 0.03 && r < 0.04,
              age_band: r >= 0.04 && r < 0.06 ? 'under_18' : (['18_29', '30_39', '40_49', '50_66'] as const)[Math.floor(random() * 4)],
              innsatsgruppe: 'situasjonsbestemt',
              benefit: (['aap', 'dagpenger', 'none', 'sosialhjelp'] as const)[Math.floor(random() * 4)],
              recent_adverse_decision: random() < 0.1,
              interpreter_used: random() < 0.05,
              first_meeting: random() < 0.2,
            };
          });
          const t0 = performance.now();
          const res = await fetch(`${webUrl}/api/v1/meetings:batch`, {
            method: 'POST',
            headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
            body: JSON.stringify({ meetings }),
          });
          const text = await res.text();
          record('intake', performance.now() - t0);
          if (res.status !== 200) fail(`POST /api/v1/meetings:batch answered ${res.status}: ${text.slice(0, 300)}`);
        };

        let viewIndex = 0;
        const view = async () => {
          const reader = readers[viewIndex++ % readers.length];
          const t0 = performance.now();
          const res = await fetch(webUrl + reader.path, { headers: { cookie: reader.cookie } });
          await res.text();
          record('page', performance.now() - t0);
          if (res.status !== 200) fail(`GET ${reader.path} answered ${res.status}`);
        };

        const sampleMemory = async () => {
          const [w, k] = await Promise.all([memoryOf(web), memoryOf(worker)]);
          memory.push({ t: (Date.now() - driveStart) / 60_000, web: w, worker: k });
        };
        const sampleBacklog = async () => {
          const row = (
            await sql<{ due: number; age: number | null }>`
              select count(*)::int as due, extract(epoch from now() - min(next_action_at))::float8 as age
              from invitation where next_action_at <= now()`.execute(db)
          ).rows[0];
          backlog.push({ t: (Date.now() - driveStart) / 60_000, due: row.due, ageS: row.age ?? 0 });
        };
        const progress = async () => {
          await sleep(60_000);
          for (let m = 1; ; m++) {
            const b = minutes[m - 1] ?? bucket();
            process.stderr.write(
              `soak: minute ${m}: ${meetingsSent} meetings, ${receivers.counts().received} messages, ${answersStored} answers; ` +
                `submit p99 ${round(
                  percentile(
                    [...b.submit].sort((x, y) => x - y),
                    99,
                  ),
                )} ms, backlog ${backlog.at(-1)?.due ?? '?'}, ` +
                `rss web ${round(memory.at(-1)?.web.rss ?? NaN)} worker ${round(memory.at(-1)?.worker.rss ?? NaN)} MB\n`,
            );
            if (driveStart + (m + 1) * 60_000 > until) break;
            await sleep(Math.max(0, driveStart + (m + 1) * 60_000 - Date.now()));
          }
        };

        await Promise.all([
          loop(INTAKE_EVERY_MS, intake),
          VIEWS_PER_HOUR > 0 ? loop(3_600_000 / VIEWS_PER_HOUR, view) : Promise.resolve(),
          loop(MEMORY_EVERY_MS, sampleMemory),
          loop(BACKLOG_EVERY_MS, sampleBacklog),
          progress(),
        ]);
        // The last samples, as the run ends.
        await sampleMemory();
        await sampleBacklog();
        for (const [kind, node] of [
          ['web', web],
          ['worker', worker],
        ] as const)
          if (node.child.exitCode !== null)
            throw new Error(`soak: the ${kind} node died during the run: ${node.stderr.join('').slice(-2000)}`);
      } finally {
        stopping = true;
        for (const timer of timers) clearTimeout(timer);
        await Promise.all([stopNode(web), stopNode(worker)]);
        await receivers.close();
        // What the nodes logged at LOG_LEVEL=warn (nothing, on a clean run).
        for (const node of [web, worker])
          if (node.stderr.length) process.stderr.write(`soak: the ${node.name} node said:\n${node.stderr.join('').slice(-4000)}\n`);
      }

      // The per-minute series.
      const p = (xs: number[], q: number) =>
        round(
          percentile(
            [...xs].sort((a, b) => a - b),
            q,
          ),
        );
      for (let m = 0; m < MINUTES; m++) {
        const b = minutes[m] ?? bucket();
        const inMinute = <T extends { t: number }>(xs: T[]) => xs.filter((x) => x.t >= m && x.t < m + 1);
        const mem = inMinute(memory);
        const last = mem.at(-1);
        const bl = inMinute(backlog);
        series.push({
          minute: m + 1,
          submitP50: p(b.submit, 50),
          submitP99: p(b.submit, 99),
          submits: b.submit.length,
          intakeP50: p(b.intake, 50),
          intakeP99: p(b.intake, 99),
          intakeBatches: b.intake.length,
          pageP50: p(b.page, 50),
          pageP99: p(b.page, 99),
          pages: b.page.length,
          backlogMax: Math.max(0, ...bl.map((x) => x.due)),
          queueAgeMaxS: round(Math.max(0, ...bl.map((x) => x.ageS))),
          webRssMb: round(last?.web.rss ?? NaN),
          webHeapMb: round(last?.web.heap ?? NaN),
          workerRssMb: round(last?.worker.rss ?? NaN),
          workerHeapMb: round(last?.worker.heap ?? NaN),
        });
      }
      writeFileSync(
        join(import.meta.dirname, 'results', 'soak-series.tmp.json'),
        JSON.stringify({ memory, backlog, series }, null, 1) + '\n',
      );
      console.table(series);

      // Slopes after the warm-up.
      const settled = memory.filter((s) => s.t >= WARMUP_MINUTES);
      const perHour = (xs: number[], ys: number[]) => {
        const fit = leastSquares(xs, ys);
        return { slope: round(fit.slope * 60, 2), se: round(fit.slopeSe * 60, 2), n: fit.n };
      };
      const memSlope = (node: 'web' | 'worker', what: 'rss' | 'heap') =>
        perHour(
          settled.map((s) => s.t),
          settled.map((s) => s[node][what]),
        );
      const settledMinutes = series.filter((r) => r.minute > WARMUP_MINUTES);
      const latencySlope = (key: 'submitP99' | 'intakeP99' | 'pageP99') => {
        const rows = settledMinutes.filter((r) => Number.isFinite(r[key]));
        return perHour(
          rows.map((r) => r.minute),
          rows.map((r) => r[key]),
        );
      };
      const all = (kind: 'submit' | 'intake' | 'page') => minutes.flatMap((b) => b?.[kind] ?? []);
      const backlogMax = Math.max(0, ...backlog.map((b) => b.due));
      const queueAgeMax = round(Math.max(0, ...backlog.map((b) => b.ageS)));
      const final = backlog.at(-1) ?? { due: NaN, ageS: NaN };
      const states = await db
        .selectFrom('invitation')
        .select(['state', sql<number>`count(*)::int`.as('n')])
        .groupBy('state')
        .execute();
      const stateList = states.map((s) => `${s.state} ${s.n}`).join(', ');
      const storedAnswers = Number(
        (await sql<{ n: number }>`select count(*)::int as n from response`.execute(db)).rows[0].n - HISTORY_ANSWERS,
      );
      const { received, withoutLink } = receivers.counts();

      const scale =
        `${MINUTES} min at ${MEETINGS_PER_HOUR} meetings/h, response rate ${RESPONSE_RATE}, ${VIEWS_PER_HOUR} page views/h; ` +
        `web and worker as separate processes (dist/), PostgreSQL, ${OFFICES} offices, ${COUNSELORS + OFFICES + COUNTIES} employees, ` +
        `${HISTORY_ANSWERS} earlier answers; slopes by least squares after a ${WARMUP_MINUTES}-min warm-up`;
      const memNote = (node: 'web' | 'worker') => {
        const rss = memSlope(node, 'rss');
        const heap = memSlope(node, 'heap');
        const first = settled[0]?.[node];
        const last = settled.at(-1)?.[node];
        return (
          `${node} node resident set, ${rss.n} samples 15 s apart: ${rss.slope} ± ${rss.se} MB/h (slope ± standard error), ` +
          `${round(first?.rss ?? NaN)} → ${round(last?.rss ?? NaN)} MB; V8 heap used ${heap.slope} ± ${heap.se} MB/h ` +
          `(${round(first?.heap ?? NaN)} → ${round(last?.heap ?? NaN)} MB). Target 10 MB/h: a leak that size would add 80 MB over a ` +
          `working day; the standard error (here) says whether the run was long enough to tell: on 10 minutes it is hundreds of MB/h; ${scale}`
        );
      };
      const latNote = (key: 'submitP99' | 'intakeP99', what: string) => {
        const s = latencySlope(key);
        const level = p(key === 'submitP99' ? all('submit') : all('intake'), 99);
        return (
          `${what}: least-squares slope of each minute's p99 (client-side), ${s.slope} ± ${s.se} ms/h over ${s.n} minutes; ` +
          `p99 over the run ${level} ms. Target 20 ms/h: growth that would double a p99 of about 20 ms each hour; ` +
          `a minute's p99 rests on about ${key === 'submitP99' ? Math.round((MEETINGS_PER_HOUR * 0.85 * RESPONSE_RATE) / 60) : 12} ` +
          `requests, so it is noisy — read the standard error; ${scale}`
        );
      };
      const submitSlope = latencySlope('submitP99');
      const intakeSlope = latencySlope('intakeP99');
      const counts = `${meetingsSent} meetings posted, ${received} messages received (${withoutLink} without a link), ${answersPlanned} answers planned, ${answersStored} stored (the database: ${storedAnswers}); invitations: ${stateList}; ${errors.length} unexpected responses${errors.length ? ` (first: ${errors[0]})` : ''}`;
      const rows: BenchRow[] = [
        {
          name: 'soak_memory_slope_mb_per_h_web',
          value: memSlope('web', 'rss').slope,
          unit: 'MB/h',
          target: 10,
          better: 'lower',
          note: memNote('web'),
        },
        {
          name: 'soak_memory_slope_mb_per_h_worker',
          value: memSlope('worker', 'rss').slope,
          unit: 'MB/h',
          target: 10,
          better: 'lower',
          note: memNote('worker'),
        },
        {
          name: 'soak_latency_p99_slope_ms_per_h_submit',
          value: submitSlope.slope,
          unit: 'ms/h',
          target: 20,
          better: 'lower',
          note: latNote('submitP99', 'answer submission (POST /s/<token>)'),
        },
        {
          name: 'soak_latency_p99_slope_ms_per_h_intake',
          value: intakeSlope.slope,
          unit: 'ms/h',
          target: 20,
          better: 'lower',
          note: latNote('intakeP99', 'meeting intake (POST /api/v1/meetings:batch)'),
        },
        {
          name: 'soak_submit_p99_ms',
          value: p(all('submit'), 99),
          unit: 'ms',
          target: 50,
          better: 'lower',
          note: `answer submission over the whole run, ${all('submit').length} answers, p50 ${p(all('submit'), 50)} ms (the target is submit_p99_ms's); ${scale}`,
        },
        {
          name: 'soak_intake_p99_ms',
          value: p(all('intake'), 99),
          unit: 'ms',
          better: 'lower',
          note: `meeting intake batches of about ${Math.round((MEETINGS_PER_HOUR * INTAKE_EVERY_MS) / 3_600_000)} every ${INTAKE_EVERY_MS / 1000} s, ${all('intake').length} batches, p50 ${p(all('intake'), 50)} ms; ${scale}`,
        },
        {
          name: 'soak_report_page_p99_ms',
          value: p(all('page'), 99),
          unit: 'ms',
          better: 'lower',
          note: `signed-in page views (leaders' /reports and /units/<office>, county analysts' /units/<county>, counselors' /me), ${all('page').length} views, p50 ${p(all('page'), 50)} ms; ${scale}`,
        },
        {
          name: 'soak_worker_backlog_max',
          value: backlogMax,
          unit: 'invitations',
          target: 50,
          better: 'lower',
          note: `invitations whose next action was due, sampled every ${BACKLOG_EVERY_MS / 1000} s: the most at once; oldest due waited at most ${queueAgeMax} s. Target one batch of the worker (WORKER_BATCH_SIZE 50): a worker that keeps up claims what is due within a poll (1 s) or two; ${scale}`,
        },
        {
          name: 'soak_worker_backlog_final',
          value: final.due,
          unit: 'invitations',
          target: 50,
          better: 'lower',
          note: `the same at the end of the run (oldest due ${round(final.ageS)} s): a backlog that grew over the run would show here; ${scale}`,
        },
        { name: 'soak_answers', value: answersStored, unit: 'answers', better: 'higher', note: counts },
        { name: 'soak_meetings', value: meetingsSent, unit: 'meetings', better: 'higher', note: counts },
        {
          name: 'soak_errors',
          value: errors.length,
          unit: 'responses',
          target: 0,
          better: 'lower',
          note: `responses other than expected (intake 200, survey form 200, answer 303 to the thanks page, pages 200) and failed requests; ${counts}`,
        },
        {
          name: 'soak_minutes',
          value: MINUTES,
          unit: 'min',
          better: 'higher',
          note: `SOAK_MINUTES; seeding took ${seedS.toFixed(0)} s (untimed); ${scale}`,
        },
      ];
      return rows;
    },
    { poolSize: 3 },
  );
}

if (process.argv[1] && import.meta.filename === process.argv[1]) {
  for (const row of await run()) console.log(`${row.name}\t${row.value} ${row.unit}`);
}
