import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { grantRole } from '../../src/access/actor.ts';
import type { FairReport } from '../../src/fairness/report.ts';
import { formatDateTime } from '../../src/i18n/format.ts';
import { refreshFairnessStats } from '../../src/fairness/store.ts';
import { refreshStaleSnapshots } from '../../src/disclosure/refresher.ts';
import { applyOrg } from '../../src/org/service.ts';
import { orgInputSchema } from '../../src/org/schema.ts';
import { SeededRandom } from '../../src/stats/index.ts';
import { testApp, type TestApp } from '../support/app.ts';
import { FAIR_COUNSELORS, FAIR_ORG, getAs, insertCaseMixResponses, loginCookie, randomResponses } from './helpers.ts';

let t: TestApp;
beforeAll(async () => {
  // 2026-T1 (January–April) has closed: April's answers are final from 24 May.
  t = await testApp({}, new Date('2026-06-01T10:00:00Z'));
  await applyOrg(t.ctx.db, orgInputSchema.parse(FAIR_ORG), new Date('2026-03-10T10:00:00Z'));
  await grantRole(t.ctx.db, 'a1', 'county_analyst', 'c1');
  await grantRole(t.ctx.db, 'a2', 'national_analyst', null);
  await grantRole(t.ctx.db, 'a3', 'administrator', null);
  const random = new SeededRandom(7);
  // Enough answers that most case-mix levels hold the MIN_LEVEL_ANSWERS a coefficient needs.
  await insertCaseMixResponses(
    t.ctx.db,
    randomResponses(random, 1500, { counselors: FAIR_COUNSELORS, months: ['2026-01-01', '2026-02-01', '2026-03-01'] }),
  );
  // NAV Dalstad: three answers only, under the threshold (and so NAV Elvedal, the other office of its county, is
  // withheld as its complement, as in the group reports).
  await insertCaseMixResponses(t.ctx.db, randomResponses(random, 3, { counselors: [['y1', 'o4']], months: ['2026-02-01'] }));
  // What the background worker does (src/fairness/refresher.ts); readers never refresh.
  await refreshFairnessStats(t.ctx.db);
});
afterAll(async () => t?.close());

const login = (employeeId: string) => loginCookie(t.app, employeeId);
const getJson = (employeeId: string, url: string) =>
  getAs<{ report: FairReport; fields?: Array<{ field: string }> }>(t.app, employeeId, url);

describe('fair comparison routes', () => {
  it('asks for a login', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/analysis/fair' })).statusCode).toBe(401);
    const page = await t.app.inject({ method: 'GET', url: '/analysis/fair' });
    expect(page.statusCode).toBe(302);
    expect(page.headers.location).toContain('/login');
  });

  it('refuses counselors the office comparison (page and JSON)', async () => {
    const cookie = await login('v1');
    expect((await t.app.inject({ method: 'GET', url: '/analysis/fair', headers: { cookie } })).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/analysis/fair', headers: { cookie } })).statusCode).toBe(403);
  });

  it('shows a county analyst the offices of their county, alphabetically, and refuses other counties', async () => {
    const { status, body } = await getJson('a1', '/api/v1/analysis/fair');
    expect(status).toBe(200);
    const overall = body.report.items.find((i) => i.item === 'overall')!;
    expect(overall.figures.map((f) => f.name)).toEqual(['NAV Bakkeby', 'NAV Testby']);
    expect((await getJson('a1', '/api/v1/analysis/fair?unit=c2')).status).toBe(403);
    expect((await getJson('a1', '/api/v1/analysis/fair?unit=o3')).status).toBe(403);
    expect((await getJson('a1', '/analysis/fair?unit=o3')).status).toBe(403);
    const narrowed = await getJson('a1', '/api/v1/analysis/fair?unit=o2');
    expect(narrowed.body.report.items[0].figures.map((f) => f.unit_id)).toEqual(['o2']);
  });

  it('shows national analysts and administrators every office; leaders their own', async () => {
    for (const who of ['a2', 'a3']) {
      const { body } = await getJson(who, '/api/v1/analysis/fair');
      expect(body.report.items[0].figures.map((f) => f.name)).toEqual(['NAV Bakkeby', 'NAV Dalstad', 'NAV Elvedal', 'NAV Testby']);
    }
    const leader = await getJson('l1', '/api/v1/analysis/fair');
    expect(leader.body.report.items[0].figures.map((f) => f.unit_id)).toEqual(['o1']);
  });

  it('gives raw, adjusted, shrunken estimate, interval and reliability, and nothing under the threshold or withheld', async () => {
    const { body } = await getJson('a2', '/api/v1/analysis/fair');
    const report = body.report;
    expect([report.year, report.period, report.closed]).toEqual([2026, '2026-T1', true]);
    expect(report.items.map((i) => i.item)[0]).toBe('overall');
    for (const item of report.items) {
      expect(item.unavailable).toBeNull();
      expect(item.model!.covariates.length).toBeGreaterThan(3);
      expect(item.model!.covariates.some((c) => c.name.startsWith('innsatsgruppe'))).toBe(false);
      expect(item.model!.innsatsgruppe!.covariates.every((c) => c.name.startsWith('innsatsgruppe'))).toBe(true);
      for (const id of ['o4', 'o3']) {
        const withheld = item.figures.find((f) => f.unit_id === id)!;
        expect(withheld.suppressed).toBe(true);
        expect([withheld.n, withheld.raw_mean, withheld.adjusted_mean, withheld.estimate, withheld.interval, withheld.reliability]).toEqual(
          [null, null, null, null, null, null],
        );
      }
      for (const f of item.figures.filter((x) => x.unit_id !== 'o4' && x.unit_id !== 'o3')) {
        expect(f.suppressed).toBe(false);
        expect(f.n!).toBeGreaterThanOrEqual(5);
        expect(f.interval!.lower).toBeLessThanOrEqual(f.estimate!);
        expect(f.interval!.upper).toBeGreaterThanOrEqual(f.estimate!);
        expect(f.adjusted_mean).not.toBe(f.raw_mean);
        if (f.reliability !== null) expect(f.low_reliability).toBe(f.reliability < 0.7);
        const reference = item.model!.reference_level;
        const excludes = f.interval!.lower > reference || f.interval!.upper < reference;
        expect(f.differs !== null).toBe(excludes);
      }
    }
  });

  it('shows a counselor only their own figures on /me/fair', async () => {
    const { status, body } = await getJson('w2', '/api/v1/me/fair');
    expect(status).toBe(200);
    expect(body.report.level).toBe('counselor');
    for (const item of body.report.items) {
      expect(item.figures.map((f) => f.unit_id)).toEqual(['w2']);
      expect(item.figures[0].reliability).not.toBeNull();
    }
    expect((await getJson('w2', '/api/v1/me/fair?unit=o2')).status).toBe(400);
    const page = await t.app.inject({ method: 'GET', url: '/me/fair?lang=en', headers: { cookie: await login('w2') } });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Willy Bakke');
    expect(page.body).not.toContain('Wenche Bakke');
  });

  it('rejects an unknown item or year, naming the field', async () => {
    const item = await getJson('a2', '/api/v1/analysis/fair?item=nonsense');
    expect(item.status).toBe(400);
    expect(item.body.fields!.map((f) => f.field)).toEqual(['item']);
    const year = await getJson('a2', '/api/v1/analysis/fair?year=abc');
    expect(year.status).toBe(400);
    expect(year.body.fields!.map((f) => f.field)).toEqual(['year']);
    expect((await getJson('a2', '/api/v1/analysis/fair?year=2019')).status).toBe(404);
  });

  it('keeps a closed period’s report while later answers arrive, and shows a period once it has closed', async () => {
    const before = (await getJson('a1', '/api/v1/analysis/fair')).body.report;
    const again = (await getJson('a1', '/api/v1/analysis/fair')).body.report;
    expect(again).toEqual(before);
    expect(before.period).toBe('2026-T1');
    // Answers in May and June (the open second tertial), NAV Bakkeby's all rating 6.
    const extra = randomResponses(new SeededRandom(99), 400, { counselors: FAIR_COUNSELORS, months: ['2026-05-01', '2026-06-01'] }).map(
      (r) => (r.unit_id === 'o2' ? { ...r, overall: 6 } : r),
    );
    await insertCaseMixResponses(t.ctx.db, extra);
    await refreshFairnessStats(t.ctx.db);
    // The closed tertial does not move; the open one shows nothing.
    expect((await getJson('a1', '/api/v1/analysis/fair')).body.report).toEqual(before);
    const open = (await getJson('a1', '/api/v1/analysis/fair?period=2026-T2')).body.report;
    expect(open.closed).toBe(false);
    expect(open.items.every((i) => i.figures.length === 0 && i.model === null)).toBe(true);
    // Once August's answers are final (24 September) the second tertial is the default, with the new answers. The
    // worker refreshes the released table (disclosure/refresher.ts); here that pass runs directly.
    t.setNow(new Date('2026-09-25T10:00:00Z'));
    expect(await refreshStaleSnapshots(t.ctx)).toEqual([2026]);
    const closed = (await getJson('a1', '/api/v1/analysis/fair')).body.report;
    expect([closed.period, closed.closed]).toEqual(['2026-T2', true]);
    const bakkeby = closed.items[0].figures.find((f) => f.unit_id === 'o2')!;
    expect([bakkeby.suppressed, bakkeby.n, bakkeby.raw_mean]).toEqual([false, extra.filter((r) => r.unit_id === 'o2').length, 6]);
    // And the first tertial is as it was.
    expect((await getJson('a1', '/api/v1/analysis/fair?period=2026-T1')).body.report).toEqual(before);
    t.setNow(new Date('2026-06-01T10:00:00Z'));
  });

  it('renders the page in all three languages', async () => {
    const cookie = await login('a2');
    const meaning = {
      nb: 'Et kontors tall er kontorets eget nivå',
      nn: 'Eit kontors tal er kontorets eige nivå',
      en: 'An office’s figure is the office’s own level',
    };
    for (const [lang, title] of [
      ['nb', 'Rettferdig sammenligning av kontorer'],
      ['nn', 'Rettferdig samanlikning av kontor'],
      ['en', 'Fair comparison of offices'],
    ] as const) {
      const res = await t.app.inject({ method: 'GET', url: `/analysis/fair?lang=${lang}&item=prepared`, headers: { cookie } });
      expect(res.statusCode).toBe(200);
      expect(res.body).toContain(title);
      // The nested model (four offices here), said in plain words.
      expect(res.body).toContain(meaning[lang]);
      // Where it finds no variance between offices (a singular fit), the page says why every office has the national level.
      const json = await t.app.inject({ method: 'GET', url: `/api/v1/analysis/fair?lang=${lang}&item=prepared`, headers: { cookie } });
      const model = json.json().report.items.find((i: { item: string }) => i.item === 'prepared').model;
      const noVariance = {
        nb: 'ingen forskjell mellom kontorene',
        nn: 'ingen skilnad mellom kontora',
        en: 'no difference between the offices',
      };
      expect(res.body.includes(noVariance[lang])).toBe(model.between_variance === 0);
      expect(res.body).toContain('<svg');
      // When the statistics were computed: in TIME_ZONE, written as every other clock time on a staff page.
      const computedAt = json.json().report.computed_at as string;
      expect(res.body).toContain(formatDateTime(lang, computedAt, t.ctx.config.TIME_ZONE));
      expect(res.body).not.toContain('(UTC)');
    }
  });
});
