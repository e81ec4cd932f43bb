import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { grantRole } from '../../src/access/actor.ts';
import type { FairModel, FairReport } from '../../src/fairness/report.ts';
import { MIN_LEVEL_ANSWERS } from '../../src/fairness/report.ts';
import { refreshFairnessStats } from '../../src/fairness/store.ts';
import { applyOrg } from '../../src/org/service.ts';
import { orgInputSchema } from '../../src/org/schema.ts';
import type { CounselorReport } from '../../src/reporting/counselor-report.ts';
import type { UnitReport } from '../../src/reporting/group-report.ts';
import { SeededRandom } from '../../src/stats/index.ts';
import { NATIONAL_INSTRUMENT } from '../../src/instrument/instrument.ts';
import { testApp, type TestApp } from '../support/app.ts';
import { FAIR_COUNSELORS, FAIR_ORG, getAs, insertCaseMixResponses, randomResponses, type CaseMixResponse } from './helpers.ts';

/**
 * The fair comparison under the rules of the group reports (regression tests for two holes):
 * (a) coefficients estimated from a case-mix level held by one answer nationally gave that answer away;
 * (b) office rows were shown where the group reports withhold the office (fewer than m counselors, or hidden as a
 *     complement by the disclosure audit).
 *
 * NAV Dalstad (o4, county c2) gets a second counselor: y1 with three answers, y2 with the rest, so the office has
 * enough answers but from two counselors only (MIN_COUNSELORS is 3). Its county holds one other office, NAV Elvedal
 * (o3), so the county's figure minus Elvedal's would be Dalstad's: the group table withholds Elvedal as the complement.
 */

const STATEMENTS = NATIONAL_INSTRUMENT.statements.length;
/** The one answer in the country with these levels: y1's, all ones. */
const RARE = { benefit: 'uforetrygd', innsatsgruppe: 'varig_tilpasset' } as const;
const RARE_NAMES = ['benefit:uforetrygd', 'innsatsgruppe:varig_tilpasset'];
const RARE_ANSWER = 1;

let t: TestApp;
beforeAll(async () => {
  // 2026-T1 (January–April) has closed: April's answers are final from 24 May.
  t = await testApp({}, new Date('2026-06-01T10:00:00Z'));
  await applyOrg(
    t.ctx.db,
    orgInputSchema.parse({
      units: [
        ...FAIR_ORG.units,
        { id: 'o5', kind: 'office', name: 'NAV Fjellby', parent_id: 'c1' },
        { id: 't5', kind: 'team', name: 'Team Fjell', parent_id: 'o5' },
      ],
      employees: [
        ...FAIR_ORG.employees,
        { id: 'y2', name: 'Yrsa Dal', unit_id: 'o4', role: 'counselor' },
        // A team leader who meets users too, with two colleagues of two answers each: the team's figure, which the
        // leader's role opens, less their own would be the colleagues' four answers, so their own figure is withheld.
        { id: 'z1', name: 'Zara Fjell', unit_id: 't5', role: 'leader' },
        { id: 'z2', name: 'Zakarias Fjell', unit_id: 't5', role: 'counselor' },
        { id: 'z3', name: 'Zuzanna Fjell', unit_id: 't5', role: 'counselor' },
      ],
    }),
    new Date('2026-01-02T10:00:00Z'),
  );
  await grantRole(t.ctx.db, 'a1', 'county_analyst', 'c1');
  await grantRole(t.ctx.db, 'a2', 'national_analyst', null);
  const random = new SeededRandom(17);
  const months = ['2026-01-01', '2026-02-01', '2026-03-01'];
  // Nobody else has the rare levels: no uføretrygd in the helper's benefits, and varig tilpasset recoded to standard.
  const common = (rows: CaseMixResponse[]) =>
    rows.map((r) => (r.innsatsgruppe === RARE.innsatsgruppe ? { ...r, innsatsgruppe: 'standard' } : r));
  await insertCaseMixResponses(t.ctx.db, common(randomResponses(random, 1500, { counselors: FAIR_COUNSELORS, months })));
  await insertCaseMixResponses(t.ctx.db, common(randomResponses(random, 40, { counselors: [['y2', 'o4']], months })));
  await insertCaseMixResponses(t.ctx.db, common(randomResponses(random, 60, { counselors: [['z1', 't5']], months })));
  await insertCaseMixResponses(
    t.ctx.db,
    common(
      randomResponses(random, 4, {
        counselors: [
          ['z2', 't5'],
          ['z3', 't5'],
        ],
        months: ['2026-03-01'],
      }),
    ).map((r, i) => ({ ...r, counselor_id: i % 2 === 0 ? 'z2' : 'z3' })),
  );
  const [rare, ...others] = common(randomResponses(random, 3, { counselors: [['y1', 'o4']], months: ['2026-02-01'] }));
  await insertCaseMixResponses(t.ctx.db, [
    { ...rare, ...RARE, answers: new Array(STATEMENTS).fill(RARE_ANSWER), overall: RARE_ANSWER },
    ...others,
  ]);
  // The open tertial has answers too.
  await insertCaseMixResponses(t.ctx.db, common(randomResponses(random, 200, { counselors: FAIR_COUNSELORS, months: ['2026-05-01'] })));
  await refreshFairnessStats(t.ctx.db);
});
afterAll(async () => t?.close());

type FairResponse = { report: FairReport; periods: string[]; fields?: Array<{ field: string }> };
const get = <T = FairResponse>(employeeId: string, url: string) => getAs<T>(t.app, employeeId, url);

const coefficientsOf = (model: FairModel) => [...model.covariates, ...(model.innsatsgruppe?.covariates ?? [])];

describe('(a) a case-mix level held by one answer nationally', () => {
  it('has no coefficient in any fair JSON a counselor, leader or analyst can fetch, and no published coefficient gives that answer', async () => {
    const fetched: Array<{ who: string; url: string; report: FairReport; text: string }> = [];
    for (const [who, paths] of [
      ['y1', ['/api/v1/me/fair']],
      ['l1', ['/api/v1/me/fair', '/api/v1/analysis/fair']],
      ['a1', ['/api/v1/analysis/fair']],
      ['a2', ['/api/v1/analysis/fair', '/api/v1/me/fair']],
    ] as const) {
      for (const path of paths) {
        for (const query of ['', '?period=2026-T1', '?period=2026-T2', '?year=2026', '?period=2026']) {
          const { status, body, text } = await get(who, path + query);
          expect(status, `${who} ${path}${query}`).toBe(200);
          fetched.push({ who, url: path + query, report: body.report, text });
        }
      }
    }
    let models = 0;
    for (const { who, url, report, text } of fetched) {
      for (const item of report.items) {
        if (!item.model) continue;
        models++;
        const published = coefficientsOf(item.model);
        expect(published.length, `${who} ${url} ${item.item}`).toBeGreaterThan(3);
        for (const name of RARE_NAMES) expect(published.map((c) => c.name)).not.toContain(name);
        // Merged, and said so.
        expect(item.model.dropped).toContainEqual({ name: 'benefit:uforetrygd', reason: 'sparse' });
        if (report.level === 'office')
          expect(item.model.dropped).toContainEqual({ name: 'innsatsgruppe:varig_tilpasset', reason: 'sparse' });
        for (const c of published) {
          expect(Math.abs(item.model.reference_level + c.estimate - RARE_ANSWER), `${who} ${url} ${item.item} ${c.name}`).toBeGreaterThan(
            1,
          );
        }
      }
      // Nowhere else in the JSON either (names only in the list of merged levels).
      expect(text.match(/uforetrygd/g)?.length ?? 0).toBe(report.items.filter((i) => i.model).length);
    }
    // Both levels: the office and the counselor model, each for every item of the closed tertial.
    expect(models).toBe(fetched.filter((f) => f.report.closed).length * (STATEMENTS + 1));
    expect(MIN_LEVEL_ANSWERS).toBe(100);
  });

  it('gives the counselor with three answers (one of them that answer) no own row', async () => {
    const { body } = await get('y1', '/api/v1/me/fair?period=2026-T1');
    expect(body.report.closed).toBe(true);
    for (const item of body.report.items) {
      expect(item.figures).toHaveLength(1);
      const [own] = item.figures;
      expect(own.unit_id).toBe('y1');
      expect(own.suppressed).toBe(true);
      expect([
        own.n,
        own.raw_mean,
        own.adjusted_mean,
        own.estimate,
        own.interval,
        own.reliability,
        own.differs,
        own.adjusted_mean_with_innsatsgruppe,
      ]).toEqual([null, null, null, null, null, null, null, null]);
    }
  });

  it('says on the page which levels were merged and why, in bokmål, nynorsk and English', async () => {
    for (const [lang, level, why] of [
      ['nb', 'Ytelse: uføretrygd', 'slått sammen med referansegruppen'],
      ['nn', 'Yting: uføretrygd', 'slått saman med referansegruppa'],
      ['en', 'Benefit: disability benefit', 'merged with the reference group'],
    ]) {
      for (const [who, path] of [
        ['a2', '/analysis/fair'],
        ['y1', '/me/fair'],
      ]) {
        const page = await get(who, `${path}?lang=${lang}`);
        expect(page.status).toBe(200);
        expect(page.text).toContain(level);
        expect(page.text).toContain(why);
        expect(page.text).toContain(`${MIN_LEVEL_ANSWERS}`);
      }
    }
  });
});

describe('a counselor’s own row', () => {
  it('is shown exactly where their own report shows their figure for the period, with the same answers and mean', async () => {
    let shown = 0;
    let withheld = 0;
    for (const id of ['w2', 'x1', 'v4', 'y1', 'y2', 'z1']) {
      const own = (await get<CounselorReport>(id, '/api/v1/me/report?period=tertial')).body.periods.filter((p) => p.period === '2026-T1');
      expect(own, id).toHaveLength(1);
      const figures = [own[0].overall, ...own[0].statements.map((s) => s.figure)];
      const fair = (await get(id, '/api/v1/me/fair?period=2026-T1')).body.report;
      fair.items.forEach((item, i) => {
        const [row] = item.figures;
        expect(row.suppressed, `${id} ${item.item}`).toBe(figures[i].suppressed);
        const figure = figures[i];
        if (figure.suppressed) {
          withheld++;
          expect(row.n).toBeNull();
        } else {
          shown++;
          expect(row.n).toBe(figure.n);
          expect(Math.round(row.raw_mean! * 100) / 100).toBe(figure.mean);
        }
      });
    }
    // Both cases occur: y1 has three answers; z1 enough, but withheld (next test); the others shown.
    expect(shown).toBeGreaterThan(0);
    expect(withheld).toBeGreaterThan(STATEMENTS + 1);
  });

  it('is withheld where the reader’s own view withholds it, though it rests on enough answers', async () => {
    const { body } = await get('z1', '/api/v1/me/fair?period=2026-T1');
    const overall = body.report.items[0];
    expect(overall.model).not.toBeNull();
    expect(overall.figures.map((f) => [f.unit_id, f.suppressed, f.reason, f.n, f.raw_mean])).toEqual([
      ['z1', true, 'disclosure_control', null, null],
    ]);
    // Sixty answers, overall rated in most of them.
    const answers = await t.ctx.db
      .selectFrom('response')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('counselor_id', '=', 'z1')
      .where('overall', 'is not', null)
      .executeTakeFirstOrThrow();
    expect(Number(answers.n)).toBeGreaterThan(40);
  });
});

describe('(b) offices the group reports withhold', () => {
  it('get no fair row: an office with answers from two counselors, and the office withheld as its complement', async () => {
    const { body } = await get('a2', '/api/v1/analysis/fair?period=2026-T1');
    for (const item of body.report.items) {
      const row = (id: string) => item.figures.find((f) => f.unit_id === id)!;
      for (const id of ['o3', 'o4']) {
        expect(row(id).suppressed, `${item.item} ${id}`).toBe(true);
        expect(row(id).reason).toBe('disclosure_control');
        expect([row(id).n, row(id).raw_mean, row(id).adjusted_mean, row(id).estimate, row(id).interval, row(id).reliability]).toEqual([
          null,
          null,
          null,
          null,
          null,
          null,
        ]);
      }
      expect(row('o1').suppressed, item.item).toBe(false);
    }
    // Both offices have enough answers for a figure of their own; the model still fits every office.
    const overall = body.report.items[0];
    expect(overall.model!.units).toBe(5);
  });

  it('follow the group report: the same offices shown, with the same answers and means', async () => {
    const fair = (await get('a2', '/api/v1/analysis/fair?period=2026-T1')).body.report;
    let compared = 0;
    for (const county of ['c1', 'c2']) {
      const group = (await get<UnitReport>('a2', `/api/v1/units/${county}/report?period=tertial&key=2026-T1`)).body;
      expect(group.period).toBe('2026-T1');
      for (const office of group.breakdown) {
        const figures = [office.overall, ...office.statements.map((s) => s.figure)];
        fair.items.forEach((item, i) => {
          const row = item.figures.find((f) => f.unit_id === office.unit.id)!;
          const figure = figures[i];
          expect(row.suppressed, `${office.unit.id} ${item.item}`).toBe(figure.suppressed);
          if (!figure.suppressed) {
            expect(row.n).toBe(figure.n);
            expect(Math.round(row.raw_mean! * 100) / 100).toBe(figure.mean);
          }
          compared++;
        });
      }
    }
    expect(compared).toBe(5 * (STATEMENTS + 1));
  });

  it('leave a leader only their own office, shown as the group report shows it', async () => {
    const { body } = await get('l1', '/api/v1/analysis/fair');
    expect(body.report.period).toBe('2026-T1');
    expect(body.report.items[0].figures.map((f) => [f.unit_id, f.suppressed])).toEqual([['o1', false]]);
  });
});

describe('periods', () => {
  it('default to the latest closed tertial and offer only closed periods', async () => {
    const { body } = await get('a2', '/api/v1/analysis/fair');
    expect([body.report.period, body.report.period_kind, body.report.closed, body.report.closes_on]).toEqual([
      '2026-T1',
      'tertial',
      true,
      null,
    ]);
    expect(body.periods).toEqual(['2026-T1']);
    const page = await get('a2', '/analysis/fair?lang=en');
    expect(page.text).toContain('Tertial 1 of 2026');
    expect(page.text).toContain('Choose a period');
    expect(page.text).not.toContain('period=2026-T2');
  });

  it('give no unit figures and no model for an open period, and say when it closes', async () => {
    for (const [who, path] of [
      ['a2', '/api/v1/analysis/fair'],
      ['x1', '/api/v1/me/fair'],
    ]) {
      for (const query of ['period=2026-T2', 'period=2026', 'year=2026']) {
        const { status, body } = await get(who, `${path}?${query}`);
        expect(status).toBe(200);
        expect(body.report.closed, query).toBe(false);
        expect(body.report.closes_on).toBe(query.endsWith('T2') ? '2026-09-24' : '2027-01-24');
        for (const item of body.report.items) expect([item.unavailable, item.model, item.figures]).toEqual(['period_open', null, []]);
      }
    }
    const page = await get('a2', '/analysis/fair?period=2026-T2&lang=nb');
    expect(page.text).toContain('2. tertial 2026 er ikke avsluttet ennå');
    expect(page.text).toContain('24. september 2026');
    expect(page.text).not.toContain('data-testid="fair-table"');
  });

  it('take a year or a tertial, and answer 400 naming the field for anything else', async () => {
    for (const [query, field] of [
      ['period=2026-05', 'period'],
      ['period=abc', 'period'],
      ['period=2026-T4', 'period'],
      ['year=abc', 'year'],
      ['period=2026&year=2025', 'period'],
    ]) {
      const { status, body } = await get('a2', `/api/v1/analysis/fair?${query}`);
      expect(status, query).toBe(400);
      expect(body.fields!.map((f) => f.field)).toEqual([field]);
    }
    expect((await get('a2', '/api/v1/analysis/fair?period=2026&year=2026')).status).toBe(200);
    const missing = await get('a2', '/api/v1/analysis/fair?period=2019-T1');
    expect(missing.status).toBe(404);
    expect(missing.body.fields!.map((f) => f.field)).toEqual(['period']);
    expect((await get('a2', '/api/v1/me/fair?year=2019')).body.fields!.map((f) => f.field)).toEqual(['year']);
  });
});
