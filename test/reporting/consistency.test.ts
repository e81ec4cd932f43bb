import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadUnitTree } from '../../src/access/actor.ts';
import { descendants, type UnitTree } from '../../src/access/scope.ts';
import type { AppContext } from '../../src/core/context.ts';
import { seededRandom } from '../../src/demo/seed.ts';
import { LANGUAGES } from '../../src/i18n/index.ts';
import { crawl } from '../support/crawl.ts';
import { catalogVocabulary, dataWords, foreignWords } from '../support/language.ts';
import { dispatchCounts, dispatchFromCounts, type DispatchCounts } from '../../src/disclosure/counts.ts';
import { ensureSnapshot, loadReleaseTable } from '../../src/disclosure/group-store.ts';
import { personContact } from '../../src/dispatch/contact.ts';
import { CHANNELS, MEETING_KINDS } from '../../src/intake/schema.ts';
import { ingestMeetings } from '../../src/intake/service.ts';
import { AGREE_FROM, AGREE_RANGE, NATIONAL_INSTRUMENT } from '../../src/instrument/instrument.ts';
import { monitoringReport, type ProcessCounts } from '../../src/monitoring/selection.ts';
import { parsePeriodKey, periodOf } from '../../src/time/periods.ts';
import { demoTestApp, testApp, type TestApp } from '../support/app.ts';

/**
 * Figures that add up, over the demo and over random process histories, through the functions the
 * pages use and through HTTP: for every period and unit, meetings registered = not invited (each
 * reason) + not sent yet + not delivered + invited; answered ≤ invited; a unit's counts are the sum
 * of its children's and its own meetings; monitoring's rows and channels add up to the same totals.
 */

const FIELDS = ['registered', 'excluded', 'waiting', 'undelivered', 'invited', 'answered'] as const;

/** Every period key of the years given: months, tertials, the year. */
function periodKeys(years: number[]): string[] {
  return years.flatMap((y) => {
    const months = Array.from({ length: 12 }, (_, i) => `${y}-${String(i + 1).padStart(2, '0')}-01`);
    return [...new Set(['month', 'tertial', 'year'].flatMap((kind) => months.map((m) => periodOf(m, kind as 'month').key)))];
  });
}

function dispatchProblems(label: string, d: DispatchCounts): string[] {
  const out: string[] = [];
  const reasons = Object.values(d.excluded_by_reason).reduce((s, n) => s + (n ?? 0), 0);
  if (reasons !== d.excluded) out.push(`${label}: reasons ${reasons} ≠ excluded ${d.excluded}`);
  const sum = d.excluded + d.waiting + d.undelivered + d.invited;
  if (sum !== d.registered) out.push(`${label}: excluded + waiting + undelivered + invited = ${sum} ≠ registered ${d.registered}`);
  if (d.answered > d.invited) out.push(`${label}: answered ${d.answered} > invited ${d.invited}`);
  return out;
}

function processProblems(label: string, c: ProcessCounts): string[] {
  const out: string[] = [];
  const reasons = Object.values(c.excluded).reduce((s, n) => s + n, 0);
  if (reasons !== c.excluded_total) out.push(`${label}: reasons ${reasons} ≠ excluded ${c.excluded_total}`);
  const sum = c.excluded_total + c.waiting + c.undelivered + c.invited;
  if (sum !== c.registered) out.push(`${label}: excluded + waiting + undelivered + invited = ${sum} ≠ registered ${c.registered}`);
  if (c.answered > c.invited) out.push(`${label}: answered ${c.answered} > invited ${c.invited}`);
  return out;
}

const asProcess = (c: ProcessCounts) => ({
  registered: c.registered,
  excluded: c.excluded_total,
  waiting: c.waiting,
  undelivered: c.undelivered,
  invited: c.invited,
  answered: c.answered,
});

const sumOf = <T extends Record<(typeof FIELDS)[number], number>>(rows: T[]) =>
  Object.fromEntries(FIELDS.map((f) => [f, rows.reduce((s, r) => s + r[f], 0)])) as Record<(typeof FIELDS)[number], number>;
const pick = (d: Record<(typeof FIELDS)[number], number>) => Object.fromEntries(FIELDS.map((f) => [f, d[f]]));
const differs = (a: Record<string, number>, b: Record<string, number>) => FIELDS.some((f) => a[f] !== b[f]);

/** Everything that must add up, through the report functions the pages use. Returns the problems found. */
async function reconcile(ctx: AppContext): Promise<string[]> {
  const problems: string[] = [];
  const tree: UnitTree = await loadUnitTree(ctx.db);
  const { rows: yearRows } = await sql<{ y: number }>`
    select distinct extract(year from month)::int as y from meeting union select distinct extract(year from month)::int from response`.execute(
    ctx.db,
  );
  const years = yearRows.map((r) => r.y).sort();
  const keys = periodKeys(years);
  const periods = keys.map((key) => parsePeriodKey(key)!);
  for (const year of years) await ensureSnapshot(ctx, year, tree, { force: true });
  const { table } = await loadReleaseTable(ctx, years, tree);

  // Each unit: the snapshot (unit pages) reconciles, equals the live count (the same query the
  // counselor's page uses, over the unit and everything under it), and is its own meetings plus its children's.
  for (const unit of tree.values()) {
    const subtree = [unit.id, ...descendants(tree, unit.id).map((u) => u.id)];
    const [live, own] = await Promise.all([
      dispatchCounts(ctx, { unitIds: subtree }, periods),
      dispatchCounts(ctx, { unitIds: [unit.id] }, periods),
    ]);
    const children = [...tree.values()].filter((u) => u.parent_id === unit.id);
    for (const [i, key] of keys.entries()) {
      const cell = table.cell(unit.id, key);
      const stored = dispatchFromCounts(key, cell.dispatch, cell.closed);
      problems.push(...dispatchProblems(`unit ${unit.id} ${key}`, stored));
      if (differs(pick(stored), pick(live[i]!)))
        problems.push(`unit ${unit.id} ${key}: snapshot ${JSON.stringify(pick(stored))} ≠ live ${JSON.stringify(pick(live[i]!))}`);
      const parts = [own[i]!, ...children.map((c) => dispatchFromCounts(key, table.cell(c.id, key).dispatch))];
      if (differs(pick(stored), sumOf(parts)))
        problems.push(`unit ${unit.id} ${key}: ${JSON.stringify(pick(stored))} ≠ own + children ${JSON.stringify(sumOf(parts))}`);
      // Answers to the national instrument: no more than all answers, and the children's add up.
      const national = children.reduce((s, c) => s + table.cell(c.id, key).answers, 0);
      if (cell.answers > stored.answered)
        problems.push(`unit ${unit.id} ${key}: national answers ${cell.answers} > answered ${stored.answered}`);
      if (children.length > 0 && own[i]!.registered === 0 && own[i]!.answered === 0 && cell.answers !== national)
        problems.push(`unit ${unit.id} ${key}: answers ${cell.answers} ≠ children's ${national}`);
    }
  }

  // Each counselor's own table (/me); all counselors together are the whole organisation.
  const roots = [...tree.values()].filter((u) => !u.parent_id || !tree.has(u.parent_id));
  const counselors = await ctx.db.selectFrom('meeting').select('counselor_id').distinct().execute();
  const perCounselor = await Promise.all(counselors.map((c) => dispatchCounts(ctx, { counselorId: c.counselor_id }, periods)));
  for (const [n, rows] of perCounselor.entries())
    for (const d of rows) problems.push(...dispatchProblems(`counselor ${counselors[n]!.counselor_id} ${d.period}`, d));
  for (const [i, key] of keys.entries()) {
    const all = sumOf(roots.map((r) => dispatchFromCounts(key, table.cell(r.id, key).dispatch)));
    const byCounselor = sumOf(perCounselor.map((rows) => rows[i]!));
    if (differs(all, byCounselor))
      problems.push(`${key}: all units ${JSON.stringify(all)} ≠ all counselors ${JSON.stringify(byCounselor)}`);
  }

  // Monitoring: every row and channel reconciles; the channels add up to the office's row (or all
  // offices'); an office's counselors add up to the office; and the office is what its unit page says.
  const offices = [...tree.values()].filter((u) => u.kind === 'office');
  for (const kind of ['month', 'tertial'] as const) {
    const first = await monitoringReport(ctx, { kind });
    for (const periodKey of first.periods_available) {
      for (const office of [null, ...offices]) {
        const report = await monitoringReport(ctx, { kind, periodKey, ...(office ? { officeId: office.id } : {}) });
        const label = `monitoring ${periodKey} ${office?.id ?? 'all'}`;
        for (const row of report.rows) problems.push(...processProblems(`${label} ${row.level} ${row.id}`, row));
        for (const c of report.by_channel) problems.push(...processProblems(`${label} channel ${c.channel}`, c));
        const channels = sumOf(report.by_channel.map(asProcess));
        if (differs(channels, asProcess(report.by_channel_total))) problems.push(`${label}: channels do not add up to their total`);
        const officeRows = report.rows.filter((r) => r.level === 'office');
        const total = sumOf(officeRows.map(asProcess));
        if (report.by_channel.length > 0 && differs(channels, total))
          problems.push(`${label}: channels ${JSON.stringify(channels)} ≠ offices ${JSON.stringify(total)}`);
        if (office && years.includes(Number(periodKey.slice(0, 4)))) {
          const counselorRows = sumOf(report.rows.filter((r) => r.level === 'counselor').map(asProcess));
          if (differs(counselorRows, total))
            problems.push(`${label}: counselors ${JSON.stringify(counselorRows)} ≠ office ${JSON.stringify(total)}`);
          const cell = dispatchFromCounts(periodKey, table.cell(office.id, periodKey).dispatch);
          if (officeRows.length > 0 && differs(pick(cell), total))
            problems.push(`${label}: monitoring ${JSON.stringify(total)} ≠ unit page ${JSON.stringify(pick(cell))}`);
        }
      }
    }
  }
  return problems;
}

/** The dispatch rows of a page's table, read from its cells (`data-column`), per row header. */
function dispatchTableOf(html: string, caption: string): Array<Record<string, number>> {
  const start = html.indexOf(`${caption}</caption>`);
  if (start < 0) throw new Error(`no table "${caption}"`);
  const body = html.slice(start, html.indexOf('</table>', start));
  return [...body.matchAll(/<tr[^>]*>([\s\S]*?)<\/tr>/g)]
    .map((row) =>
      Object.fromEntries(
        [...row[1]!.matchAll(/data-column="([a-z_0-9]+)"[^>]*>([^<]*)</g)].map((m) => [m[1]!, Number(m[2]!.replace(/[\s,]/g, ''))]),
      ),
    )
    .filter((r) => 'registered' in r);
}

function tableProblems(label: string, rows: Array<Record<string, number>>): string[] {
  const out: string[] = [];
  if (rows.length === 0) out.push(`${label}: no dispatch rows`);
  for (const r of rows) {
    const parts = Object.entries(r)
      .filter(([k]) => k.startsWith('excluded') || k === 'waiting' || k === 'undelivered' || k === 'invited')
      .reduce((s, [, n]) => s + n, 0);
    if (parts !== r.registered) out.push(`${label}: the columns add up to ${parts}, not ${r.registered} (${JSON.stringify(r)})`);
    if (r.answered! > r.invited!) out.push(`${label}: answered ${r.answered} > invited ${r.invited}`);
  }
  return out;
}

async function cookieFor(t: TestApp, employeeId: string): Promise<string> {
  const login = await t.app.inject({ method: 'POST', url: '/login', payload: { employee_id: employeeId } });
  return `bs_session=${login.cookies.find((c) => c.name === 'bs_session')!.value}`;
}

/** The demo (at a date when 2026's first two tertials have closed), once for every test that reads it. */
let demo: Promise<TestApp> | undefined;
const demoApp = () => (demo ??= demoTestApp());
afterAll(async () => (await demo)?.close());

describe('figures that add up: the demo', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await demoApp();
  }, 300_000);

  it('reconciles every unit, period, counselor, monitoring row and channel', async () => {
    const problems = await reconcile(t.ctx);
    expect(problems.slice(0, 20), `${problems.length} problems`).toEqual([]);
  }, 300_000);

  it('has a meeting, invited, behind every answer: per counselor, unit, month and channel', async () => {
    const { rows } = await sql<{ counselor_id: string; unit_id: string; month: string; channel: string; answers: number; invited: number }>`
      with a as (select counselor_id, unit_id, month, channel, count(*)::int as n from response group by 1, 2, 3, 4),
           m as (select m.counselor_id, m.unit_id, m.month, m.channel, count(i.meeting_id) filter (where m.exclusion_reason is null and i.state not in ('scheduled', 'sending', 'failed', 'cancelled'))::int as invited
                 from meeting m left join invitation i on i.meeting_id = m.id group by 1, 2, 3, 4)
      select a.counselor_id, a.unit_id, to_char(a.month, 'YYYY-MM') as month, a.channel, a.n as answers, coalesce(m.invited, 0) as invited
      from a left join m using (counselor_id, unit_id, month, channel)
      where a.n > coalesce(m.invited, 0)`.execute(t.ctx.db);
    expect(rows.slice(0, 5), `${rows.length} groups with more answers than invitations`).toEqual([]);
  });

  it('shows tables that add up on /me, the unit pages and monitoring, through HTTP', async () => {
    const problems: string[] = [];
    const v01 = await cookieFor(t, 'demo-v01');
    const me = await t.app.inject({ method: 'GET', url: '/me?lang=en&period=tertial', headers: { cookie: v01 } });
    expect(me.statusCode).toBe(200);
    problems.push(...tableProblems('/me', dispatchTableOf(me.body, 'Your meetings and invitations')));
    const overview = (await t.app.inject({ method: 'GET', url: '/api/v1/me/overview', headers: { cookie: v01 } })).json();
    for (const d of overview.dispatch as DispatchCounts[]) problems.push(...dispatchProblems(`/api/v1/me/overview ${d.period}`, d));

    const leader = await cookieFor(t, 'demo-l1');
    for (const unit of ['demo-fjordby', 'demo-fjordby-arbeid']) {
      const page = await t.app.inject({ method: 'GET', url: `/units/${unit}?lang=en&period=tertial`, headers: { cookie: leader } });
      expect(page.statusCode).toBe(200);
      problems.push(...tableProblems(`/units/${unit}`, dispatchTableOf(page.body, 'Response rate and dispatch')));
    }
    const report = (
      await t.app.inject({
        method: 'GET',
        url: '/api/v1/units/demo-fjordby/report?period=tertial&key=2026-T1',
        headers: { cookie: leader },
      })
    ).json();
    const t1 = (report.response_rates as DispatchCounts[]).find((d) => d.period === '2026-T1')!;
    problems.push(...dispatchProblems('/api/v1/units/demo-fjordby/report 2026-T1', t1));
    // Before the fix: NAV Fjordby's 2026-T1 showed answers from meetings of channels it had none of.
    expect(t1.registered).toBeGreaterThan(t1.answered);

    const admin = await cookieFor(t, 'demo-admin');
    const monitoring = (
      await t.app.inject({ method: 'GET', url: '/api/v1/admin/monitoring?kind=tertial&period=2026-T1', headers: { cookie: admin } })
    ).json();
    for (const c of monitoring.by_channel as Array<ProcessCounts & { channel: string }>) {
      problems.push(...processProblems(`/api/v1/admin/monitoring channel ${c.channel}`, c));
      if (c.answered > 0 && c.registered === 0) problems.push(`channel ${c.channel}: answers without meetings`);
    }
    expect(problems, problems.join('\n')).toEqual([]);
  }, 120_000);
});

describe('figures that say the same thing: the demo', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await demoApp();
  }, 300_000);

  /** The texts of a page's SVG charts, and the texts of its table cells. */
  const svgTexts = (html: string) =>
    [...html.matchAll(/<svg[\s\S]*?<\/svg>/g)].flatMap((m) => [...m[0].matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((x) => x[1]!));
  const cellTexts = (html: string) => new Set([...html.matchAll(/<td[^>]*>([^<]*)<\/td>/g)].map((m) => m[1]!.trim()));

  it("writes every chart label as the table beside it does: the same formatter, the reader's decimal sign", async () => {
    const leader = await cookieFor(t, 'demo-l1');
    const v01 = await cookieFor(t, 'demo-v01');
    for (const lang of ['nb', 'nn', 'en'] as const) {
      for (const [url, cookie] of [
        [`/units/demo-fjordby?lang=${lang}`, leader],
        [`/me?lang=${lang}`, v01],
      ] as const) {
        const page = await t.app.inject({ method: 'GET', url, headers: { cookie } });
        expect(page.statusCode).toBe(200);
        const labels = svgTexts(page.body).filter((x) => /\d[.,]\d/.test(x));
        expect(labels.length, url).toBeGreaterThan(0);
        const wrongSign = lang === 'en' ? /\d,\d/ : /\d\.\d/;
        // The count in "(n=1 244)" is grouped as the tables group counts ("1,244" in English): only the mean is checked here.
        expect(
          labels.filter((x) => wrongSign.test(x.replace(/\s*\(n=.*$/, ''))),
          url,
        ).toEqual([]);
        // A bar's value ("4,7 (n=123)") is a mean the table beside it shows, written the same way.
        const cells = cellTexts(page.body);
        const values = labels.filter((x) => /\(n=/.test(x)).map((x) => x.replace(/\s*\(n=.*$/, ''));
        expect(values.length, url).toBeGreaterThan(0);
        expect(
          values.filter((v) => !cells.has(v)),
          `${url}: chart values missing from the tables`,
        ).toEqual([]);
      }
    }
  }, 120_000);

  it('says "agree" as it counts it: 4–6, in the column and in the note, in every language', async () => {
    const question = await t.ctx.db.selectFrom('local_question').select('id').where('status', '=', 'approved').executeTakeFirstOrThrow();
    const leader = await cookieFor(t, 'demo-l1');
    for (const lang of ['nb', 'nn', 'en'] as const) {
      const page = await t.app.inject({ method: 'GET', url: `/local-questions/${question.id}?lang=${lang}`, headers: { cookie: leader } });
      expect(page.statusCode).toBe(200);
      expect(page.body.split(AGREE_RANGE).length - 1, lang).toBeGreaterThanOrEqual(2);
      expect(page.body).not.toMatch(/5 (eller|or) 6/);
    }
    const api = (
      await t.app.inject({ method: 'GET', url: `/api/v1/local-questions/${question.id}/results?period=month`, headers: { cookie: leader } })
    ).json();
    const { rows } = await sql<{ month: string; value: number; answers: number }>`
      select to_char(month, 'YYYY-MM') as month, value, answers from local_answer where question_id = ${Number(question.id)}`.execute(
      t.ctx.db,
    );
    const released = (api.periods as Array<{ period: string; figure: { suppressed: boolean; share_agree?: number; n?: number } }>).filter(
      (p) => !p.figure.suppressed,
    );
    expect(released.length).toBeGreaterThan(0);
    for (const p of released) {
      const month = rows.filter((r) => r.month === p.period);
      const scale = month.filter((r) => r.value > 0).reduce((s, r) => s + r.answers, 0);
      const agree = month.filter((r) => r.value >= AGREE_FROM).reduce((s, r) => s + r.answers, 0);
      expect(p.figure.n).toBe(scale);
      expect(p.figure.share_agree).toBeCloseTo(agree / scale, 3);
    }
  }, 120_000);
});

/**
 * Random process histories: meetings registered through the real intake (its rules decide the
 * exclusions: sensitive, protected address, under 18, no contact, registered too late, opted out,
 * quarantine), invitations then moved on as the worker and the survey would (sent, answered with a
 * response of the meeting's counselor, unit, month and channel, expired, closed, failed, cancelled,
 * or still waiting), on teams and directly on the office.
 */
async function randomHistory(t: TestApp, seed: number): Promise<void> {
  const random = seededRandom(seed);
  const pickOne = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)]!;
  const counselors = [
    { id: 'v1', team: 't1' },
    { id: 'v2', team: 't1' },
    { id: 'v3', team: 't1' },
    { id: 'v4', team: 't2' },
    { id: 'v5', team: 't2' },
    { id: 'v6', team: 't2' },
  ];
  const persons = Array.from({ length: 25 }, (_, i) => `person${seed % 1000}-${i}@example.no`);
  // A few persons opted out before it all started.
  const optedOut = persons.filter(() => random() < 0.1);
  const keys = optedOut.flatMap((email) => personContact(t.ctx.secrets.contactHash, email, null).keys);
  if (keys.length > 0)
    await t.ctx.db
      .insertInto('opt_out')
      .values(keys.map((contact_key) => ({ contact_key, opted_out_at: new Date('2026-01-01T00:00:00Z') })))
      .onConflict((oc) => oc.column('contact_key').doNothing())
      .execute();

  let now = new Date('2026-01-03T10:00:00Z').getTime();
  const end = new Date('2026-06-25T10:00:00Z').getTime();
  let n = 0;
  while (now < end) {
    t.setNow(new Date(now));
    const events = Array.from({ length: 3 + Math.floor(random() * 10) }, () => {
      const c = pickOne(counselors);
      // Now and then reported more than MAX_MEETING_AGE_DAYS late.
      const hoursAgo = random() < 0.08 ? 24 * (8 + random() * 10) : 1 + random() * 48;
      const hasContact = random() > 0.1;
      return {
        external_id: `rand-${seed}-${n++}`,
        starts_at: new Date(now - hoursAgo * 3_600_000).toISOString(),
        counselor_id: c.id,
        unit_id: random() < 0.2 ? 'o1' : c.team,
        channel: pickOne(CHANNELS),
        meeting_kind: pickOne(MEETING_KINDS),
        email: hasContact ? pickOne(persons) : null,
        mobile: null,
        language: 'nb',
        sensitive: random() < 0.05,
        protected_address: random() < 0.03,
        age_band: random() < 0.05 ? 'under_18' : '30_39',
      };
    });
    await ingestMeetings(t.ctx, 'random', events);
    now += (1 + random() * 4) * 86_400_000;
  }
  t.setNow(new Date(end));

  // The worker's and the survey's part, for every invitation but the last days' (those still wait).
  const { rows } = await sql<{ meeting_id: string; counselor_id: string; unit_id: string; month: string; channel: string; send_at: Date }>`
    select i.meeting_id, m.counselor_id, m.unit_id, to_char(m.month, 'YYYY-MM-DD') as month, m.channel, i.send_at
    from invitation i join meeting m on m.id = i.meeting_id
    order by m.external_id`.execute(t.ctx.db);
  const byState = new Map<string, string[]>();
  const responses: Array<Record<string, unknown>> = [];
  for (const r of rows) {
    const recent = new Date(r.send_at).getTime() > end - 3 * 86_400_000;
    const x = random();
    const state =
      recent && x < 0.5
        ? 'scheduled'
        : x < 0.04
          ? 'failed'
          : x < 0.07
            ? 'cancelled'
            : x < 0.4
              ? 'answered'
              : x < 0.6
                ? 'expired'
                : x < 0.8
                  ? 'closed'
                  : 'sent';
    byState.set(state, [...(byState.get(state) ?? []), r.meeting_id]);
    if (state === 'answered' || (state === 'closed' && random() < 0.3)) {
      const answers = NATIONAL_INSTRUMENT.statements.map(() => (random() < 0.05 ? null : 1 + Math.floor(random() * 6)));
      responses.push({
        instrument_id: NATIONAL_INSTRUMENT.id,
        instrument_version: NATIONAL_INSTRUMENT.version,
        counselor_id: r.counselor_id,
        unit_id: r.unit_id,
        month: r.month,
        channel: r.channel,
        meeting_kind: 'follow_up',
        language: 'nb',
        answers,
        overall: 1 + Math.floor(random() * 6),
        nav_general: 1 + Math.floor(random() * 6),
        comment: null,
      });
    }
  }
  for (const [state, ids] of byState)
    if (state !== 'scheduled')
      await sql`update invitation set state = ${state}, contact_email = null, contact_phone = null where meeting_id = any(${ids}::uuid[])`.execute(
        t.ctx.db,
      );
  if (responses.length > 0)
    await t.ctx.db
      .insertInto('response')
      .values(responses as never)
      .execute();
  // Months through June final, so answers count: the figures as they stand in September.
  t.setNow(new Date('2026-09-01T10:00:00Z'));
}

describe('figures that add up: random process histories', () => {
  it('reconcile for any seed', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 2 ** 31 - 1 }), async (seed) => {
        const t = await testApp({}, new Date('2026-01-01T10:00:00Z'));
        try {
          await randomHistory(t, seed);
          const problems = await reconcile(t.ctx);
          expect(problems.slice(0, 20), `seed ${seed}: ${problems.length} problems`).toEqual([]);
          // The history exercised what it should: exclusions of several reasons, waiting and undelivered meetings, answers.
          const { rows } = await sql<{ reasons: number; answers: number }>`
            select (select count(distinct exclusion_reason) from meeting)::int as reasons, (select count(*) from response)::int as answers`.execute(
            t.ctx.db,
          );
          expect(rows[0]!.reasons).toBeGreaterThanOrEqual(3);
          expect(rows[0]!.answers).toBeGreaterThan(0);
          // And the pages of this history speak one language: a counselor's and their leader's, in each language.
          const [vocabulary, data] = await Promise.all([catalogVocabulary(), dataWords(t.ctx.db)]);
          const foreign: string[] = [];
          for (const who of ['v1', 'l1'])
            for (const lang of LANGUAGES)
              for (const page of await crawl(t.app, { cookie: await cookieFor(t, who), lang, perPath: 2, max: 25 })) {
                const found = foreignWords(page.html, lang, vocabulary, data);
                if (found.length > 0) foreign.push(`seed ${seed}, ${who} ${page.url}: ${found.join(', ')}`);
              }
          expect(foreign).toEqual([]);
        } finally {
          await t.close();
        }
      }),
      { numRuns: 3, seed: 20261206 },
    );
  }, 600_000);
});
