import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { chownSync, createWriteStream, existsSync, readdirSync, type WriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer as createHttpServer, type ServerResponse } from 'node:http';
import { createConnection, createServer as createNetServer, type Server as NetServer, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { sql } from 'kysely';
import { SMTPServer } from 'smtp-server';
import { loadConfig } from '../../src/core/config.ts';
import type { AppContext } from '../../src/core/context.ts';
import { openDatabase, type DatabaseHandle } from '../../src/db/database.ts';
import { loadUnitTree } from '../../src/access/actor.ts';
import { computeReleaseTable } from '../../src/disclosure/group-store.ts';
import { closingRulesOf, monthFinalAt } from '../../src/time/closing.ts';
import { freePort } from './ports.ts';

/**
 * Several nodes, proven (issue #16): two web and two worker processes (`node bin/brukerstemme.js
 * serve --role web|worker`, the built dist/) on one private PostgreSQL cluster, a real SMTP server
 * behind a proxy that can be taken down, and a fake HTTP SMS gateway that can answer 5xx or hang.
 * Meetings come in through the intake API, spread over both web nodes; each message that arrives is
 * read like a citizen's phone would (its survey link) and some are answered, on a random web node,
 * retried on a connection error or a 5xx. Meanwhile a fault schedule SIGKILLs web and worker
 * processes and starts them again, restarts PostgreSQL (immediate stop: a crash for the clients),
 * takes the SMTP relay down and makes the gateway fail and time out. Once the faults stop and the
 * work has drained, the messages and the database are counted (see FaultCounts), and a last worker,
 * its clock moved past the moment the test's month is final, refreshes the report snapshot, which
 * is compared with a recomputation from the responses.
 *
 * What "exactly one invitation" means is what the system promises (src/dispatch/transports): the SMS
 * gateway deduplicates on the Idempotency-Key, so its deliveries count; a plain SMTP relay does not,
 * so a crash (or a lost connection, or the database gone) between the relay's accept and the mark
 * sent legitimately delivers the same message again, with the same Message-ID. Those copies are
 * counted as `redelivered`, apart from `doubled`: a meeting with invitations under two different
 * keys, or two SMS, which nothing in the design allows.
 */

const ROOT = join(import.meta.dirname, '../..');
const BIN = join(ROOT, 'bin/brukerstemme.js');
const SHIFTED_CLOCK = join(import.meta.dirname, 'shifted-clock.mjs');
const execFileP = promisify(execFile);

export interface FaultOptions {
  /** Meetings registered through the intake API. */
  meetings: number;
  /** Meetings per intake request, and how many go in each second (the stream the workers drain). */
  intakeBatch?: number;
  intakePerSecond?: number;
  /** Faults go on at least this long, and until the intake is complete. */
  faultMs: number;
  /** Pause between two faults, drawn from [min, max]. */
  faultGapMs?: [number, number];
  /** Share answering after the invitation, and after the reminder. */
  answerShare?: number;
  lateAnswerShare?: number;
  /** The reminder comes this long after the invitation. */
  reminderAfterSeconds?: number;
  workerLeaseSeconds?: number;
  /** Answers in flight at once (phones). */
  answerConcurrency?: number;
  /** Give up waiting for the work to drain after this long (it is then reported, not hidden). */
  drainTimeoutMs?: number;
  seed?: number;
  log?: (line: string) => void;
}

export interface FaultCounts {
  meetings: number;
  eligible: number;
  /** Eligible meetings that got their invitation. */
  invitationsSent: number;
  /** Eligible meetings that got none (or whose invitation ended failed/expired/cancelled). */
  invitationsLost: number;
  /** Meetings with invitations under two keys, two SMS, or an invitation though not eligible. */
  invitationsDoubled: number;
  /** Extra SMTP copies of one message (same Message-ID): the documented at-least-once window. */
  invitationsRedelivered: number;
  remindersSent: number;
  remindersDoubled: number;
  remindersRedelivered: number;
  /** Delivery attempts that failed at the transport and had to be retried. */
  retried: number;
  smtpRefused: number;
  sms5xx: number;
  smsTimedOut: number;
  /** Repeats the gateway dropped by their Idempotency-Key. */
  smsDeduplicated: number;
  answersSubmitted: number;
  answersAcknowledged: number;
  answersLost: number;
  answersDoubled: number;
  /** Stored though the phone never learnt it (it retried and was told "already answered" is counted as acknowledged). */
  answersUnacknowledged: number;
  /** Submissions answered "already answered" on the first try (a second device, say). */
  secondSubmissions: number;
  answerRetries: number;
  intakeRetries: number;
  responses: number;
  webKills: number;
  workerKills: number;
  pgRestarts: number;
  smtpOutages: number;
  smsOutages: number;
  /** Processes that ended without being killed (for example on start while PostgreSQL was down), restarted. */
  unexpectedExits: number;
  /** Report cells whose stored figures differ from a recomputation from the responses. */
  snapshotMismatches: number;
  /** Answers the snapshot's root cell counts for the test's month, and the responses stored for it. */
  snapshotAnswers: number;
  snapshotResponses: number;
  durationMs: number;
  drainMs: number;
  drained: boolean;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** A small deterministic generator, so a run can be repeated with its seed. */
function prng(seed: number) {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 2 ** 32;
  };
}
/** JSON with object keys sorted: jsonb keeps its own key order. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object')
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  return JSON.stringify(value) ?? 'null';
}

/** The same number for the same meeting and salt, whatever order things happen in. */
function hashUnit(i: number, salt: number): number {
  let h = (i * 2654435761 + salt * 40503) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 2246822507) >>> 0;
  h = Math.imul(h ^ (h >>> 13), 3266489909) >>> 0;
  return ((h ^ (h >>> 16)) >>> 0) / 2 ** 32;
}

/** The PostgreSQL binaries (PG_BIN, or the newest under /usr/lib/postgresql), or undefined. */
export function postgresBinaries(): string | undefined {
  if (process.env.PG_BIN) return existsSync(join(process.env.PG_BIN, 'initdb')) ? process.env.PG_BIN : undefined;
  const base = '/usr/lib/postgresql';
  if (!existsSync(base)) return undefined;
  const versions = readdirSync(base)
    .filter((v) => existsSync(join(base, v, 'bin/initdb')))
    .sort((a, b) => Number(a) - Number(b));
  return versions.length ? join(base, versions[versions.length - 1], 'bin') : undefined;
}

/** A private PostgreSQL cluster in a temporary folder (as the postgres user when run as root, which initdb refuses). */
async function startPostgres(bin: string, dir: string) {
  const asRoot = process.getuid?.() === 0;
  if (asRoot) chownSync(dir, ...(await idsOf('postgres')));
  const run = (cmd: string, args: string[]) =>
    asRoot
      ? execFileP('runuser', ['-u', 'postgres', '--', join(bin, cmd), ...args], { cwd: dir })
      : execFileP(join(bin, cmd), args, { cwd: dir });
  const data = join(dir, 'data');
  await run('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--no-sync']);
  const port = await freePort();
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=120`;
  const start = () => run('pg_ctl', ['-D', data, '-o', options, '-l', join(dir, 'postgres.log'), '-w', 'start']);
  await start();
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    /** An immediate stop is a crash for every client: no goodbye, crash recovery on the next start. */
    async restart(downMs: number) {
      await run('pg_ctl', ['-D', data, '-m', 'immediate', 'stop']);
      await sleep(downMs);
      await start();
    },
    stop: () => run('pg_ctl', ['-D', data, '-m', 'fast', 'stop']).catch(() => {}),
  };
}

async function idsOf(user: string): Promise<[number, number]> {
  const [uid, gid] = await Promise.all([execFileP('id', ['-u', user]), execFileP('id', ['-g', user])]);
  return [Number(uid.stdout.trim()), Number(gid.stdout.trim())];
}

interface Received {
  channel: 'email' | 'sms';
  key: string;
  to: string;
  token: string | undefined;
}

/** Quoted-printable soft breaks and escapes undone, enough to find a link in nodemailer's text part. */
function decodeBody(raw: string): string {
  const split = raw.indexOf('\r\n\r\n');
  const head = raw.slice(0, split);
  const body = raw.slice(split + 4);
  if (/content-transfer-encoding:\s*base64/i.test(head)) return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  return body.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

const TOKEN = /\/s\/([A-Za-z0-9_-]{43})/;

/** A real SMTP server behind a TCP proxy; `down` resets every connection, open or new (the relay gone). */
async function startSmtp(onMessage: (m: Received) => void) {
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('latin1');
        const id = /^message-id:\s*<([^@>]+)@/im.exec(raw)?.[1] ?? '';
        const body = decodeBody(raw);
        onMessage({ channel: 'email', key: id, to: session.envelope.rcptTo[0]?.address ?? '', token: TOKEN.exec(body)?.[1] });
        callback();
      });
    },
  });
  // A connection the proxy cuts (the relay "down") resets on the server's side too; smtp-server
  // emits that as an 'error' on the server, which without a listener would end the whole run.
  server.on('error', () => {});
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const innerPort = (server.server.address() as AddressInfo).port;
  const pairs = new Set<[Socket, Socket]>();
  const state = { down: false, refused: 0 };
  const proxy: NetServer = createNetServer((client) => {
    if (state.down) {
      state.refused++;
      client.destroy();
      return;
    }
    const upstream = createConnection(innerPort, '127.0.0.1');
    const pair: [Socket, Socket] = [client, upstream];
    pairs.add(pair);
    const end = () => {
      pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    client.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  return {
    url: `smtp://127.0.0.1:${(proxy.address() as AddressInfo).port}`,
    state,
    setDown(down: boolean) {
      state.down = down;
      if (down) for (const pair of [...pairs]) for (const socket of pair) socket.destroy();
    },
    async close() {
      for (const pair of [...pairs]) for (const socket of pair) socket.destroy();
      await new Promise((resolve) => proxy.close(resolve));
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/**
 * A fake SMS gateway that, like real ones, deduplicates on Idempotency-Key. Modes: `5xx` answers
 * 503/500 without taking the message; `hang` takes every other message and never answers (the
 * worker's timeout ends the request: taken or not, it must send again, and the key saves the phone
 * from a second copy).
 */
async function startGateway(token: string, onMessage: (m: Received) => void) {
  const seen = new Set<string>();
  const state = { mode: 'ok' as 'ok' | '5xx' | 'hang', requests: 0, failed5xx: 0, hung: 0, deduplicated: 0 };
  const hanging = new Set<ServerResponse>();
  const server = createHttpServer((req, res) => {
    let raw = '';
    req.on('data', (c) => (raw += c));
    req.on('end', () => {
      state.requests++;
      if (state.mode === '5xx') {
        state.failed5xx++;
        res.writeHead(state.failed5xx % 2 ? 503 : 500).end('try later');
        return;
      }
      if (req.headers.authorization !== `Bearer ${token}`) {
        res.writeHead(401).end('bad token');
        return;
      }
      const key = String(req.headers['idempotency-key'] ?? '');
      const body = JSON.parse(raw) as { to: string; text: string };
      const take = state.mode === 'ok' || state.hung % 2 === 0;
      if (take) {
        if (seen.has(key)) state.deduplicated++;
        else {
          seen.add(key);
          onMessage({ channel: 'sms', key, to: body.to, token: TOKEN.exec(body.text)?.[1] });
        }
      }
      if (state.mode === 'hang') {
        state.hung++;
        hanging.add(res);
        res.on('close', () => hanging.delete(res));
        return;
      }
      res.writeHead(202, { 'content-type': 'application/json' }).end(JSON.stringify({ id: key }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/messages`,
    state,
    setMode(mode: 'ok' | '5xx' | 'hang') {
      state.mode = mode;
      if (mode === 'ok') for (const res of [...hanging]) res.destroy();
    },
    async close() {
      for (const res of [...hanging]) res.destroy();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/** One Brukerstemme process, started again when it ends unasked (as a supervisor would). */
class NodeProcess {
  child: ChildProcess | undefined;
  wanted = false;
  kills = 0;
  unexpectedExits = 0;
  private killing = false;
  private exited: Promise<void> = Promise.resolve();
  private readyLine = false;

  constructor(
    readonly name: string,
    readonly role: 'web' | 'worker',
    readonly env: Record<string, string>,
    private readonly log: WriteStream,
    readonly port?: number,
    private readonly preload: string[] = [],
  ) {}

  start(): void {
    this.wanted = true;
    this.readyLine = false;
    const child = spawn(process.execPath, [...this.preload, BIN, 'serve', '--role', this.role], {
      env: this.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    const tag = (stream: string) => (chunk: Buffer) => {
      const text = chunk.toString();
      if (text.includes('Worker running.') || text.includes('Brukerstemme is running')) this.readyLine = true;
      this.log.write(text.replace(/^(?=.)/gm, `[${this.name} ${stream}] `));
    };
    child.stdout!.on('data', tag('out'));
    child.stderr!.on('data', tag('err'));
    this.exited = new Promise((resolve) =>
      child.on('exit', (code, signal) => {
        this.log.write(`[${this.name}] exit ${code ?? signal}\n`);
        if (this.child === child) this.child = undefined;
        if (!this.killing && this.wanted) {
          this.unexpectedExits++;
          setTimeout(() => this.wanted && !this.child && this.start(), 300);
        }
        resolve();
      }),
    );
  }

  async kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    if (!this.child) return;
    this.killing = true;
    if (signal === 'SIGKILL') this.kills++;
    this.child.kill(signal);
    await this.exited;
    this.killing = false;
  }

  async stop(): Promise<void> {
    this.wanted = false;
    await this.kill('SIGTERM');
  }

  async waitReady(timeoutMs = 60_000): Promise<void> {
    const until = Date.now() + timeoutMs;
    while (Date.now() < until) {
      if (this.child && this.readyLine) return;
      if (!this.child && this.wanted === false) throw new Error(`${this.name} is not running`);
      await sleep(50);
    }
    throw new Error(`${this.name} did not start within ${timeoutMs} ms`);
  }
}

const ORG_OFFICES = 3;
const TEAMS_PER_OFFICE = 2;
const COUNSELORS_PER_TEAM = 5;

function organisation() {
  const units: Array<Record<string, unknown>> = [{ id: 'fc', kind: 'county', name: 'Feilfylke', parent_id: null }];
  const employees: Array<Record<string, unknown>> = [];
  const counselors: Array<{ id: string; unit: string }> = [];
  for (let o = 1; o <= ORG_OFFICES; o++) {
    units.push({ id: `fo${o}`, kind: 'office', name: `NAV Feil ${o}`, parent_id: 'fc' });
    for (let t = 1; t <= TEAMS_PER_OFFICE; t++) {
      const team = `ft${o}${t}`;
      units.push({ id: team, kind: 'team', name: `Team ${o}.${t}`, parent_id: `fo${o}` });
      for (let c = 1; c <= COUNSELORS_PER_TEAM; c++) {
        const id = `fv${o}${t}${c}`;
        employees.push({ id, name: `Veileder ${o}.${t}.${c}`, unit_id: team, role: 'counselor' });
        counselors.push({ id, unit: team });
      }
    }
  }
  return { org: { units, employees }, counselors };
}

/** Meeting i: unique contact (e-mail for two in three, else mobile), every 29th sensitive (not invited). */
const emailOf = (i: number) => `m${i}@example.no`;
const mobileOf = (i: number) => `9${String(i).padStart(7, '0')}`;
const usesEmail = (i: number) => i % 3 !== 2;
const sensitive = (i: number) => i % 29 === 0;

interface MeetingLog {
  inviteCopies: Map<string, number>;
  reminderCopies: Map<string, number>;
  smsInvites: number;
  smsReminders: number;
  answered: 'no' | 'pending' | 'acknowledged' | 'refused';
  submitted: boolean;
}

/** Runs the whole scenario and returns its counts; throws only when the harness itself cannot run. */
export async function runFaultScenario(opts: FaultOptions): Promise<FaultCounts> {
  const pgBin = postgresBinaries();
  if (!pgBin) throw new Error('no PostgreSQL binaries (set PG_BIN, or install postgresql)');
  const log = opts.log ?? (() => {});
  const random = prng(opts.seed ?? 16);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)];
  const between = (min: number, max: number) => min + random() * (max - min);
  const started = performance.now();
  const dir = await mkdtemp(join(tmpdir(), 'bs-faults-'));
  const processLog = createWriteStream(join(dir, 'nodes.log'));
  log(`fault test: working folder ${dir} (process output in nodes.log)`);

  const cleanups: Array<() => Promise<unknown>> = [];
  try {
    const pg = await startPostgres(pgBin, dir);
    cleanups.push(() => pg.stop());

    // What the phones received, per meeting.
    const logs = new Map<number, MeetingLog>();
    const byContact = new Map<string, number>();
    const meetingOf = (to: string) => byContact.get(to.toLowerCase()) ?? byContact.get(to.replace(/\D/g, '').slice(-8));
    const strays: Received[] = [];
    const answerQueue: Array<{ i: number; token: string }> = [];
    const onMessage = (m: Received) => {
      const i = meetingOf(m.to);
      const entry = i === undefined ? undefined : logs.get(i);
      if (!entry || !m.token) return void strays.push(m);
      const invite = m.key.endsWith('-invite');
      const copies = invite ? entry.inviteCopies : entry.reminderCopies;
      copies.set(m.key, (copies.get(m.key) ?? 0) + 1);
      if (m.channel === 'sms' && invite) entry.smsInvites++;
      else if (m.channel === 'sms') entry.smsReminders++;
      // A citizen reads the first copy: some answer at once, some only after the reminder.
      const first = copies.get(m.key) === 1 && copies.size === 1;
      if (!first || entry.submitted) return;
      const r = hashUnit(i!, opts.seed ?? 16);
      const now = opts.answerShare ?? 0.45;
      const late = opts.lateAnswerShare ?? 0.15;
      if ((invite && r < now) || (!invite && r >= now && r < now + late)) {
        entry.submitted = true;
        answerQueue.push({ i: i!, token: m.token });
      }
    };
    const smtp = await startSmtp(onMessage);
    cleanups.push(() => smtp.close());
    const gatewayToken = 'fault-test-gateway-token';
    const gateway = await startGateway(gatewayToken, onMessage);
    cleanups.push(() => gateway.close());

    const lease = opts.workerLeaseSeconds ?? 10;
    const baseEnv: Record<string, string> = {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? dir,
      NODE_ENV: 'production',
      DATABASE_URL: pg.url,
      DATABASE_POOL_SIZE: '6',
      DATA_DIR: join(dir, 'data'),
      SECRET_KEY: 'fault-test-secret-key-0123456789abcdef',
      CONTACT_HASH_SECRET: 'fault-test-contact-hash-0123456789',
      DEV_LOGIN: 'false',
      DELIVERY_MODE: 'live',
      SMTP_URL: smtp.url,
      SMS_GATEWAY_URL: gateway.url,
      SMS_GATEWAY_TOKEN: gatewayToken,
      INVITE_DELAY_MINUTES: '0',
      QUIET_HOURS_START: '0',
      QUIET_HOURS_END: '0',
      REMINDER_AFTER_DAYS: String((opts.reminderAfterSeconds ?? 15) / 86_400),
      WORKER_POLL_MS: '200',
      WORKER_LEASE_SECONDS: String(lease),
      DELIVERY_RETRY_SECONDS: '2',
      REPORT_REFRESH_SECONDS: '5',
      RATE_LIMIT_TOKEN_PER_ADDRESS: '0',
      LOG_LEVEL: 'warn',
    };
    const webPorts = [await freePort(), await freePort()];
    const webs = webPorts.map(
      (port, n) =>
        new NodeProcess(`web${n + 1}`, 'web', { ...baseEnv, PORT: String(port), PUBLIC_URL: `http://127.0.0.1:${port}` }, processLog, port),
    );
    const workers = [1, 2].map(
      (n) => new NodeProcess(`worker${n}`, 'worker', { ...baseEnv, PUBLIC_URL: `http://127.0.0.1:${webPorts[0]}` }, processLog),
    );
    cleanups.push(() => Promise.all([...webs, ...workers].map((node) => node.stop())));
    // The first web node migrates the empty database; the others start once it has.
    webs[0].start();
    await webs[0].waitReady();
    webs[1].start();
    for (const worker of workers) worker.start();
    await Promise.all([webs[1].waitReady(), ...workers.map((w) => w.waitReady())]);
    log(`fault test: 2 web + 2 worker processes up after ${((performance.now() - started) / 1000).toFixed(1)} s`);

    const handle: DatabaseHandle = await openDatabase({ url: pg.url, poolSize: 3 });
    cleanups.push(() => handle.close());
    const key = /key: (\S+)/.exec((await execFileP(process.execPath, [BIN, 'apikey', 'create', 'faults'], { env: baseEnv })).stdout)?.[1];
    if (!key) throw new Error('apikey create printed no key');

    const counts = {
      intakeRetries: 0,
      answerRetries: 0,
      webKills: 0,
      workerKills: 0,
      pgRestarts: 0,
      smtpOutages: 0,
      smsOutages: 0,
      secondSubmissions: 0,
    };
    const webBase = () => `http://127.0.0.1:${pick(webPorts)}`;
    /** A request to a random web node, retried (elsewhere, after a pause) on a connection error or a 5xx. */
    const request = async (path: string, init: RequestInit, onRetry: () => void): Promise<Response> => {
      for (let attempt = 0; ; attempt++) {
        if (attempt > 0) {
          onRetry();
          await sleep(Math.min(1000, 50 * 2 ** Math.min(attempt, 5)));
        }
        let response: Response;
        try {
          response = await fetch(`${webBase()}${path}`, { ...init, redirect: 'manual', signal: AbortSignal.timeout(15_000) });
        } catch {
          continue;
        }
        if (response.status >= 500 || response.status === 429) {
          await response.body?.cancel();
          continue;
        }
        return response;
      }
    };

    const { org, counselors } = organisation();
    const apiHeaders = { authorization: `Bearer ${key}`, 'content-type': 'application/json' };
    const orgResponse = await request('/api/v1/org', { method: 'PUT', headers: apiHeaders, body: JSON.stringify(org) }, () => {});
    if (!orgResponse.ok) throw new Error(`PUT /api/v1/org: ${orgResponse.status} ${await orgResponse.text()}`);

    // The intake: batches at a steady pace, each to a random web node, retried until it is answered.
    const total = opts.meetings;
    const batch = opts.intakeBatch ?? 250;
    const perSecond = opts.intakePerSecond ?? 200;
    let intakeDone = false;
    const intake = (async () => {
      const t0 = performance.now();
      for (let from = 0; from < total; from += batch) {
        const wait = t0 + (from / perSecond) * 1000 - performance.now();
        if (wait > 0) await sleep(wait);
        const startsAt = new Date(Date.now() - 10 * 60_000).toISOString();
        const meetings = [];
        for (let i = from; i < Math.min(total, from + batch); i++) {
          const counselor = counselors[i % counselors.length];
          logs.set(i, {
            inviteCopies: new Map(),
            reminderCopies: new Map(),
            smsInvites: 0,
            smsReminders: 0,
            answered: 'no',
            submitted: false,
          });
          if (usesEmail(i)) byContact.set(emailOf(i), i);
          else byContact.set(mobileOf(i), i);
          meetings.push({
            external_id: `fault-${i}`,
            starts_at: startsAt,
            counselor_id: counselor.id,
            unit_id: counselor.unit,
            channel: 'in_person',
            meeting_kind: 'follow_up',
            ...(usesEmail(i) ? { email: emailOf(i) } : { mobile: mobileOf(i) }),
            age_band: '30_39',
            sensitive: sensitive(i),
          });
        }
        const response = await request(
          '/api/v1/meetings:batch',
          { method: 'POST', headers: apiHeaders, body: JSON.stringify({ meetings }) },
          () => counts.intakeRetries++,
        );
        const body = await response.text();
        if (response.status !== 200) throw new Error(`intake: ${response.status} ${body}`);
      }
      intakeDone = true;
    })();

    // The phones: answers to random web nodes, a few at a time, each retried until it gets an answer.
    let answersRunning = true;
    let inFlight = 0;
    const submitted = { count: 0 };
    const answerBody = (i: number) => `overall=${1 + (i % 6)}&nav_general=${1 + ((i * 7) % 6)}&comment=svar+f${i}`;
    const submit = async (i: number, token: string): Promise<'stored' | 'redirected' | 'other'> => {
      const response = await request(
        `/s/${token}?lang=nb`,
        {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'same-origin' },
          body: answerBody(i),
        },
        () => {
          counts.answerRetries++;
          retriedAnswer.add(i);
        },
      );
      await response.body?.cancel();
      if (response.status !== 303) return 'other';
      return (response.headers.get('location') ?? '').includes('/takk') ? 'stored' : 'redirected';
    };
    const retriedAnswer = new Set<number>();
    const phones = Array.from({ length: opts.answerConcurrency ?? 6 }, async () => {
      while (answersRunning || answerQueue.length > 0) {
        const job = answerQueue.shift();
        if (!job) {
          await sleep(20);
          continue;
        }
        inFlight++;
        try {
          submitted.count++;
          const entry = logs.get(job.i)!;
          const outcome = await submit(job.i, job.token);
          // "Already answered" after a try whose answer was lost on the way is the phone's acknowledgement.
          entry.answered = outcome === 'stored' || (outcome === 'redirected' && retriedAnswer.has(job.i)) ? 'acknowledged' : 'refused';
          // Every twentieth answerer sends it once more (a second tab, a second device): it must not count twice.
          if (entry.answered === 'acknowledged' && hashUnit(job.i, 7) < 0.05) {
            submitted.count++;
            if ((await submit(job.i, job.token)) === 'redirected') counts.secondSubmissions++;
          }
        } finally {
          inFlight--;
        }
      }
    });

    // The faults, from a shuffled bag so each kind comes round; one at a time.
    type Fault = 'kill-web' | 'kill-worker' | 'pg-restart' | 'smtp-down' | 'sms-5xx' | 'sms-timeout';
    const kinds: Fault[] = ['kill-web', 'kill-worker', 'pg-restart', 'smtp-down', 'sms-5xx', 'sms-timeout', 'kill-web', 'kill-worker'];
    let bag: Fault[] = [];
    let faulting = true;
    const faultStart = performance.now();
    const [gapMin, gapMax] = opts.faultGapMs ?? [1000, 3000];
    const faults = (async () => {
      // Until the intake is complete, faultMs have passed and the bag is empty: every kind of fault happens.
      while (!intakeDone || performance.now() - faultStart < opts.faultMs || bag.length > 0) {
        await sleep(between(gapMin, gapMax));
        if (bag.length === 0) bag = [...kinds].sort(() => random() - 0.5);
        const fault = bag.pop()!;
        const at = ((performance.now() - started) / 1000).toFixed(1);
        switch (fault) {
          case 'kill-web':
          case 'kill-worker': {
            const node = fault === 'kill-web' ? pick(webs) : pick(workers);
            if (!node.child) break;
            log(`fault ${at}s: SIGKILL ${node.name}`);
            await node.kill('SIGKILL');
            if (fault === 'kill-web') counts.webKills++;
            else counts.workerKills++;
            await sleep(between(200, 1500));
            node.start();
            break;
          }
          case 'pg-restart':
            log(`fault ${at}s: PostgreSQL restart`);
            counts.pgRestarts++;
            await pg.restart(between(500, 1500));
            break;
          case 'smtp-down':
            log(`fault ${at}s: SMTP relay down`);
            counts.smtpOutages++;
            smtp.setDown(true);
            await sleep(between(2000, 5000));
            smtp.setDown(false);
            break;
          case 'sms-5xx':
          case 'sms-timeout':
            log(`fault ${at}s: SMS gateway ${fault === 'sms-5xx' ? 'answering 5xx' : 'not answering'}`);
            counts.smsOutages++;
            gateway.setMode(fault === 'sms-5xx' ? '5xx' : 'hang');
            await sleep(fault === 'sms-5xx' ? between(2000, 4000) : between(3000, 6000));
            gateway.setMode('ok');
            break;
        }
      }
      faulting = false;
    })();
    await intake;
    await faults;
    log(`fault test: faults stopped after ${((performance.now() - started) / 1000).toFixed(1)} s; draining`);

    // Every node up again, then wait until nothing is left to send and every phone has its answer.
    for (const node of [...webs, ...workers]) if (!node.child) node.start();
    await Promise.all([...webs, ...workers].map((n) => n.waitReady()));
    const drainStart = performance.now();
    let drained = false;
    while (performance.now() - drainStart < (opts.drainTimeoutMs ?? 120_000)) {
      const { rows } = await sql<{ pending: number }>`
        select count(*)::int as pending from invitation
        where state in ('scheduled', 'sending', 'reminding') or (state = 'sent' and reminder_at is not null)`.execute(handle.db);
      if (rows[0].pending === 0 && answerQueue.length === 0 && inFlight === 0) {
        drained = true;
        break;
      }
      await sleep(250);
    }
    answersRunning = false;
    await Promise.all(phones);
    const drainMs = performance.now() - drainStart;
    log(`fault test: ${drained ? 'drained' : 'NOT drained'} after ${(drainMs / 1000).toFixed(1)} s`);
    void faulting;

    // Count.
    const stateRows = (
      await sql<{ external_id: string; state: string | null }>`
        select m.external_id, i.state from meeting m left join invitation i on i.meeting_id = m.id`.execute(handle.db)
    ).rows;
    const stateOf = new Map(stateRows.map((r) => [Number(r.external_id.slice('fault-'.length)), r.state]));
    let eligible = 0;
    let invitationsSent = 0;
    let invitationsLost = 0;
    let invitationsDoubled = 0;
    let invitationsRedelivered = 0;
    let remindersSent = 0;
    let remindersDoubled = 0;
    let remindersRedelivered = 0;
    const sum = (m: Map<string, number>) => [...m.values()].reduce((a, b) => a + b, 0);
    for (const [i, entry] of logs) {
      const isEligible = !sensitive(i);
      const keys = entry.inviteCopies.size;
      if (!isEligible) {
        if (keys > 0) invitationsDoubled++;
        continue;
      }
      eligible++;
      const state = stateOf.get(i);
      if (keys === 0 || state === 'failed' || state === 'expired' || state === 'cancelled' || state === null || state === undefined)
        invitationsLost++;
      else invitationsSent++;
      if (keys > 1 || entry.smsInvites > 1) invitationsDoubled++;
      invitationsRedelivered += sum(entry.inviteCopies) - keys;
      if (entry.reminderCopies.size > 0) remindersSent++;
      if (entry.reminderCopies.size > 1 || entry.smsReminders > 1) remindersDoubled++;
      remindersRedelivered += sum(entry.reminderCopies) - entry.reminderCopies.size;
    }
    const responseRows = (
      await sql<{ comment: string | null; n: number }>`select comment, count(*)::int as n from response group by comment`.execute(handle.db)
    ).rows;
    const stored = new Map(responseRows.map((r) => [r.comment ?? '', r.n]));
    let answersAcknowledged = 0;
    let answersLost = 0;
    let answersUnacknowledged = 0;
    for (const [i, entry] of logs) {
      const n = stored.get(`svar f${i}`) ?? 0;
      if (entry.answered === 'acknowledged') {
        answersAcknowledged++;
        if (n === 0) answersLost++;
      } else if (n > 0) answersUnacknowledged++;
    }
    const answersDoubled = responseRows.reduce((a, r) => a + Math.max(0, r.n - 1), 0);
    const responses = responseRows.reduce((a, r) => a + r.n, 0);
    if (strays.length > 0) log(`fault test: ${strays.length} messages for no meeting of the test, e.g. ${JSON.stringify(strays[0])}`);

    // Snapshot: the workers stop; one worker whose clock is past the month's final moment refreshes it.
    const month = (await sql<{ month: string }>`select to_char(max(month), 'YYYY-MM-DD') as month from meeting`.execute(handle.db)).rows[0]
      .month;
    const config = loadConfig(baseEnv);
    const finalAt = monthFinalAt(month, closingRulesOf(config)).getTime() + 3_600_000;
    const offset = finalAt - Date.now();
    await Promise.all(workers.map((w) => w.stop()));
    const last = new NodeProcess(
      'worker-final',
      'worker',
      { ...workers[0].env, BRUKERSTEMME_TEST_CLOCK_OFFSET_MS: String(offset) },
      processLog,
      undefined,
      ['--import', SHIFTED_CLOCK],
    );
    cleanups.push(() => last.stop());
    last.start();
    await last.waitReady();
    const year = Number(month.slice(0, 4));
    let snapshotAt: Date | undefined;
    const snapshotWait = performance.now();
    while (performance.now() - snapshotWait < 60_000) {
      const row = await handle.db.selectFrom('report_snapshot').select('computed_at').where('year', '=', year).executeTakeFirst();
      if (row && new Date(row.computed_at).getTime() >= finalAt) {
        snapshotAt = new Date(row.computed_at);
        break;
      }
      await sleep(250);
    }
    await last.stop();
    let snapshotMismatches = -1;
    let snapshotAnswers = -1;
    if (snapshotAt) {
      const at = snapshotAt;
      const ctx = { config, db: handle.db, now: () => at } as unknown as AppContext;
      const table = await computeReleaseTable(ctx, [year], await loadUnitTree(handle.db));
      const storedCells = await handle.db
        .selectFrom('report_cell')
        .select(['unit_id', 'period', 'answers', 'released', 'measures'])
        .where('year', '=', year)
        .execute();
      const byKey = new Map(storedCells.map((c) => [`${c.unit_id}@${c.period}`, c]));
      snapshotMismatches = Math.abs(storedCells.length - table.cells().length);
      for (const cell of table.cells()) {
        const s = byKey.get(`${cell.unitId}@${cell.period}`);
        const measures = typeof s?.measures === 'string' ? JSON.parse(s.measures) : s?.measures;
        if (!s || s.answers !== cell.answers || s.released !== cell.released || canonical(measures) !== canonical(cell.measures)) {
          if (snapshotMismatches === 0)
            log(`fault test: snapshot cell ${cell.unitId}@${cell.period} stored ${JSON.stringify(s)}, recomputed ${JSON.stringify(cell)}`);
          snapshotMismatches++;
        }
      }
      snapshotAnswers = byKey.get(`fc@${month.slice(0, 7)}`)?.answers ?? -1;
    }
    const snapshotResponses = (
      await sql<{ n: number }>`select count(*)::int as n from response where month = ${month}::date`.execute(handle.db)
    ).rows[0].n;

    const result: FaultCounts = {
      meetings: total,
      eligible,
      invitationsSent,
      invitationsLost,
      invitationsDoubled,
      invitationsRedelivered,
      remindersSent,
      remindersDoubled,
      remindersRedelivered,
      retried: smtp.state.refused + gateway.state.failed5xx + gateway.state.hung,
      smtpRefused: smtp.state.refused,
      sms5xx: gateway.state.failed5xx,
      smsTimedOut: gateway.state.hung,
      smsDeduplicated: gateway.state.deduplicated,
      answersSubmitted: submitted.count,
      answersAcknowledged,
      answersLost,
      answersDoubled,
      answersUnacknowledged,
      secondSubmissions: counts.secondSubmissions,
      answerRetries: counts.answerRetries,
      intakeRetries: counts.intakeRetries,
      responses,
      webKills: counts.webKills,
      workerKills: counts.workerKills,
      pgRestarts: counts.pgRestarts,
      smtpOutages: counts.smtpOutages,
      smsOutages: counts.smsOutages,
      unexpectedExits: [...webs, ...workers, last].reduce((a, n) => a + n.unexpectedExits, 0),
      snapshotMismatches,
      snapshotAnswers,
      snapshotResponses,
      durationMs: Math.round(performance.now() - started),
      drainMs: Math.round(drainMs),
      drained,
    };
    log(`fault test: ${JSON.stringify(result)}`);
    return result;
  } finally {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => {});
    processLog.end();
    if (process.env.FAULTS_KEEP !== '1') await rm(dir, { recursive: true, force: true }).catch(() => {});
  }
}
