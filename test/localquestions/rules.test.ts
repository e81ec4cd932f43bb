import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Actor, UnitTree } from '../../src/access/scope.ts';
import { parseLocalAnswers } from '../../src/localquestions/form.ts';
import { localResults } from '../../src/localquestions/results.ts';
import {
  audiencesOf,
  canManage,
  capViolation,
  effectiveWindow,
  endedWindow,
  monthsBetween,
  nextStatus,
  ownedUnits,
  proposalSchema,
  textIn,
  windowProblems,
  type WindowedQuestion,
} from '../../src/localquestions/rules.ts';

const tree: UnitTree = new Map(
  [
    { id: 'c1', kind: 'county' as const, name: 'Testfylke', parent_id: null, active: true },
    { id: 'o1', kind: 'office' as const, name: 'NAV Testby', parent_id: 'c1', active: true },
    { id: 'o2', kind: 'office' as const, name: 'NAV Annetby', parent_id: 'c1', active: true },
    { id: 't1', kind: 'team' as const, name: 'Team', parent_id: 'o1', active: true },
  ].map((u) => [u.id, u]),
);

const actor = (over: Partial<Actor>): Actor => ({
  employeeId: 'x',
  name: 'X',
  unitId: 'o1',
  job: 'staff',
  leaderOf: [],
  countyAnalystOf: [],
  nationalAnalyst: false,
  administrator: false,
  ...over,
});

let nextId = 1;
const q = (owner: string, start: string, end: string, status: WindowedQuestion['status'] = 'approved'): WindowedQuestion => ({
  id: nextId++,
  owner_unit_id: owner,
  status,
  start_month: start,
  end_month: end,
});

describe('who manages local questions', () => {
  it('an office leader manages that office; a county analyst their county; nobody else (administrators and team leaders included)', () => {
    expect(canManage(actor({ leaderOf: ['o1'] }), tree, 'o1')).toBe(true);
    expect(canManage(actor({ leaderOf: ['o1'] }), tree, 'o2')).toBe(false);
    expect(canManage(actor({ leaderOf: ['o1'] }), tree, 'c1')).toBe(false);
    expect(canManage(actor({ leaderOf: ['t1'] }), tree, 'o1')).toBe(false);
    expect(canManage(actor({ leaderOf: ['c1'] }), tree, 'o1')).toBe(false);
    expect(canManage(actor({ countyAnalystOf: ['c1'] }), tree, 'c1')).toBe(true);
    expect(canManage(actor({ countyAnalystOf: ['c1'] }), tree, 'o1')).toBe(false);
    expect(canManage(actor({ administrator: true, nationalAnalyst: true }), tree, 'o1')).toBe(false);
    expect(canManage(actor({ administrator: true, nationalAnalyst: true }), tree, 'c1')).toBe(false);
    expect(ownedUnits(actor({ leaderOf: ['o1', 't1'], countyAnalystOf: ['c1'] }), tree).map((u) => u.id)).toEqual(['o1', 'c1']);
  });

  it('an office question shares a survey with its county; a county question with each of its offices', () => {
    expect(audiencesOf(tree, 'o1')).toEqual([['o1', 'c1']]);
    expect(audiencesOf(tree, 'c1')).toEqual([
      ['o1', 'c1'],
      ['o2', 'c1'],
    ]);
  });
});

describe('the cap of three', () => {
  it('per owner: a fourth overlapping question of one office is refused in the first month it overlaps', () => {
    const existing = [q('o1', '2026-03-01', '2026-05-01'), q('o1', '2026-04-01', '2026-06-01'), q('o1', '2026-04-01', '2026-04-01')];
    expect(capViolation({ owner_unit_id: 'o1', start_month: '2026-01-01', end_month: '2026-03-01' }, existing, [])).toBeNull();
    expect(capViolation({ owner_unit_id: 'o1', start_month: '2026-03-01', end_month: '2026-12-01' }, existing, [])).toEqual({
      rule: 'per_owner',
      month: '2026-04-01',
      owners: ['o1'],
      count: 4,
    });
    // Another office is not counted; neither are pending, rejected or withdrawn questions.
    expect(capViolation({ owner_unit_id: 'o2', start_month: '2026-04-01', end_month: '2026-04-01' }, existing, [])).toBeNull();
    const notCounting = [
      q('o1', '2026-04-01', '2026-04-01', 'pending'),
      q('o1', '2026-04-01', '2026-04-01', 'rejected'),
      q('o1', '2026-04-01', '2026-04-01', 'withdrawn'),
    ];
    expect(
      capViolation(
        { owner_unit_id: 'o1', start_month: '2026-04-01', end_month: '2026-04-01' },
        [...existing.slice(0, 2), ...notCounting],
        [],
      ),
    ).toBeNull();
  });

  it('per survey: county and office questions together; a county question needs room in every office', () => {
    const existing = [q('o1', '2026-03-01', '2026-05-01'), q('o1', '2026-03-01', '2026-05-01'), q('c1', '2026-05-01', '2026-08-01')];
    // o1 has 2 own + the county's from May: a third own question fits in March–April, not in May.
    expect(
      capViolation({ owner_unit_id: 'o1', start_month: '2026-03-01', end_month: '2026-04-01' }, existing, audiencesOf(tree, 'o1')),
    ).toBeNull();
    expect(
      capViolation({ owner_unit_id: 'o1', start_month: '2026-04-01', end_month: '2026-05-01' }, existing, audiencesOf(tree, 'o1')),
    ).toMatchObject({
      rule: 'per_survey',
      month: '2026-05-01',
      owners: ['o1', 'c1'],
      count: 4,
    });
    // A second county question in May: o1 would show 4 (2 own + 2 county); o2 only 2 — refused for o1.
    expect(
      capViolation({ owner_unit_id: 'c1', start_month: '2026-05-01', end_month: '2026-05-01' }, existing, audiencesOf(tree, 'c1')),
    ).toMatchObject({
      rule: 'per_survey',
      owners: ['o1', 'c1'],
    });
    // From June o1's own have ended: fits.
    expect(
      capViolation({ owner_unit_id: 'c1', start_month: '2026-06-01', end_month: '2026-07-01' }, existing, audiencesOf(tree, 'c1')),
    ).toBeNull();
  });

  it('a question is not counted against itself (re-checked at approval), and an ended question only for the months it ran', () => {
    const self = q('o1', '2026-03-01', '2026-03-01');
    const others = [q('o1', '2026-03-01', '2026-03-01'), q('o1', '2026-03-01', '2026-03-01')];
    expect(capViolation(self, [self, ...others], [])).toBeNull();
    const endedBeforeStart = { ...q('o1', '2026-05-01', '2026-04-01', 'ended') };
    expect(effectiveWindow(endedBeforeStart)).toBeNull();
    expect(
      capViolation(
        { owner_unit_id: 'o1', start_month: '2026-05-01', end_month: '2026-05-01' },
        [...others.map((o) => ({ ...o, end_month: '2026-05-01' })), endedBeforeStart],
        [],
      ),
    ).toBeNull();
  });
});

describe('windows', () => {
  it('whole months, not in the past, at most 12 long, starting within 12 months', () => {
    expect(windowProblems({ start_month: '2026-03-01', end_month: '2027-02-01' }, '2026-03-01')).toEqual([]);
    expect(windowProblems({ start_month: '2026-02-01', end_month: '2026-04-01' }, '2026-03-01').map((p) => p.field)).toEqual([
      'start_month',
    ]);
    expect(windowProblems({ start_month: '2026-05-01', end_month: '2026-04-01' }, '2026-03-01').map((p) => p.field)).toEqual(['end_month']);
    expect(windowProblems({ start_month: '2026-03-01', end_month: '2027-03-01' }, '2026-03-01').map((p) => p.field)).toEqual(['end_month']);
    expect(windowProblems({ start_month: '2027-04-01', end_month: '2027-04-01' }, '2026-03-01').map((p) => p.field)).toEqual([
      'start_month',
    ]);
    expect(monthsBetween('2026-11-01', '2027-02-01')).toEqual(['2026-11-01', '2026-12-01', '2027-01-01', '2027-02-01']);
  });

  it('ending early closes the window with the current month, or before the start if it had not begun', () => {
    expect(endedWindow({ start_month: '2026-03-01', end_month: '2026-08-01' }, '2026-05-01')).toEqual({ end_month: '2026-05-01' });
    expect(endedWindow({ start_month: '2026-06-01', end_month: '2026-08-01' }, '2026-05-01')).toEqual({ end_month: '2026-05-01' });
    expect(endedWindow({ start_month: '2026-03-01', end_month: '2026-04-01' }, '2026-05-01')).toEqual({ end_month: '2026-04-01' });
  });

  it('transitions: pending → approved | rejected | withdrawn; approved → ended; nothing else', () => {
    expect(nextStatus('pending', 'approve')).toBe('approved');
    expect(nextStatus('pending', 'reject')).toBe('rejected');
    expect(nextStatus('pending', 'withdraw')).toBe('withdrawn');
    expect(nextStatus('pending', 'end')).toBeNull();
    expect(nextStatus('approved', 'end')).toBe('ended');
    expect(nextStatus('approved', 'withdraw')).toBeNull();
    expect(nextStatus('approved', 'approve')).toBeNull();
    expect(nextStatus('rejected', 'approve')).toBeNull();
    expect(nextStatus('ended', 'end')).toBeNull();
  });
});

describe('the proposal', () => {
  it('names each bad field; bokmål required, the others optional; months as YYYY-MM', () => {
    const ok = proposalSchema.safeParse({
      owner_unit_id: 'o1',
      text_nb: ' Godt skilta. ',
      text_nn: '',
      start_month: '2026-04',
      end_month: '2026-06-01',
    });
    expect(ok.success && ok.data).toEqual({
      owner_unit_id: 'o1',
      text_nb: 'Godt skilta.',
      text_nn: undefined,
      text_en: undefined,
      start_month: '2026-04-01',
      end_month: '2026-06-01',
    });
    const bad = proposalSchema.safeParse({
      owner_unit_id: 'o1',
      text_nb: '  ',
      text_en: 'x'.repeat(301),
      start_month: '2026-13',
      end_month: 'soon',
    });
    expect(bad.success).toBe(false);
    expect(bad.error!.issues.map((i) => i.path.join('.')).sort()).toEqual(['end_month', 'start_month', 'text_en', 'text_nb']);
  });

  it('falls back to bokmål where a translation is missing', () => {
    expect(textIn({ nb: 'Bokmål', en: 'English' }, 'en')).toBe('English');
    expect(textIn({ nb: 'Bokmål', en: 'English' }, 'nn')).toBe('Bokmål');
    expect(textIn({ nb: 'Bokmål', nn: '' }, 'nn')).toBe('Bokmål');
  });
});

describe('the survey form part', () => {
  it('reads lq_<id> fields: 1..6, dk, blank; anything else is an error naming the field', () => {
    expect(parseLocalAnswers({ lq_3: '5', lq_4: 'dk', lq_5: '', s_time: '4', other: 'x' })).toEqual({
      ok: true,
      answered: true,
      answers: [
        { questionId: 3, value: 5 },
        { questionId: 4, value: null },
      ],
    });
    expect(parseLocalAnswers({ s_time: '4' })).toEqual({ ok: true, answered: false, answers: [] });
    const bad = parseLocalAnswers({ lq_3: '7', lq_4: ['1', '2'] });
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.errors.map((e) => e.field)).toEqual(['lq_3', 'lq_4']);
  });
});

describe('results per period', () => {
  const counts = (month: string, byValue: Record<number, number>) =>
    Object.entries(byValue).map(([value, answers]) => ({ month, value: Number(value), answers }));

  it('n, mean, share agreeing (4–6, as the national statements), distribution and "don\'t know" for a released period', () => {
    const r = localResults({
      counts: counts('2026-03-01', { 0: 2, 2: 1, 4: 1, 5: 2, 6: 2 }),
      window: { start: '2026-03-01', end: '2026-03-01' },
      currentMonth: '2026-05-01',
      finalThrough: '2026-03-01',
      kind: 'month',
      k: 5,
    });
    expect(r.periods).toEqual([
      {
        period: '2026-03',
        from: '2026-03-01',
        to: '2026-04-01',
        figure: { suppressed: false, n: 6, mean: 4.67, share_agree: 0.833, distribution: [0, 1, 0, 1, 2, 2], dont_know: 2 },
      },
    ]);
  });

  it('below k: suppressed and marked, never zero; "don\'t know" does not count toward k; empty months look like small ones', () => {
    const r = localResults({
      counts: [...counts('2026-03-01', { 0: 5, 6: 4 })],
      window: { start: '2026-03-01', end: '2026-05-01' },
      currentMonth: '2026-05-01',
      finalThrough: '2026-04-01',
      kind: 'month',
      k: 5,
    });
    expect(r.periods.map((p) => [p.period, p.figure])).toEqual([
      ['2026-03', { suppressed: true, reason: 'too_few_answers', n_min: 5 }],
      ['2026-04', { suppressed: true, reason: 'too_few_answers', n_min: 5 }],
      // May is not final: its answers are not even counted yet.
      ['2026-05', { suppressed: true, reason: 'period_open', n_min: 5 }],
    ]);
  });

  it('complementary suppression, decided as periods close: a small month is not left derivable from its tertial minus the month shown before', () => {
    const input = {
      counts: [...counts('2026-03-01', { 5: 6 }), ...counts('2026-04-01', { 1: 2 })],
      window: { start: '2026-03-01', end: '2026-04-01' },
      currentMonth: '2026-06-01',
      k: 5,
    };
    // In April only March is final: it is shown.
    const april = localResults({ ...input, finalThrough: '2026-03-01', kind: 'month' });
    expect(april.periods.map((p) => [p.period, p.figure.suppressed ? p.figure.reason : p.figure.n])).toEqual([
      ['2026-03', 6],
      ['2026-04', 'period_open'],
    ]);
    // Once April is final, the window's tertial minus March would be April's two answers: the tertial is withheld, March stays.
    const later = { ...input, finalThrough: '2026-05-01' };
    expect(
      localResults({ ...later, kind: 'month' }).periods.map((p) => [p.period, p.figure.suppressed ? p.figure.reason : p.figure.n]),
    ).toEqual([
      ['2026-03', 6],
      ['2026-04', 'too_few_answers'],
    ]);
    const tertials = localResults({ ...later, kind: 'tertial' });
    expect(tertials.periods).toHaveLength(1);
    expect(tertials.periods[0].figure).toMatchObject({ suppressed: true, reason: 'disclosure_control' });
  });

  it('property: no released period minus released periods inside it leaves fewer than k answers, across levels too', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 4 }), fc.integer({ min: 5, max: 30 })), {
          minLength: 12,
          maxLength: 12,
        }),
        fc.constantFrom(3, 5),
        (perMonth, k) => {
          const input = {
            counts: perMonth.flatMap((n, i) => (n > 0 ? counts(`2026-${String(i + 1).padStart(2, '0')}-01`, { 3: n }) : [])),
            window: { start: '2026-01-01', end: '2026-12-01' },
            currentMonth: '2027-02-01',
            finalThrough: '2026-12-01',
            k,
          };
          const released = (['month', 'tertial', 'year'] as const).flatMap((kind) =>
            localResults({ ...input, kind }).periods.flatMap((p) =>
              p.figure.suppressed ? [] : [{ from: p.from, to: p.to, n: p.figure.n }],
            ),
          );
          // Months alike in every released period form one block; a reader learns at most each block's total.
          const blocks = new Map<string, number>();
          perMonth.forEach((n, i) => {
            const month = `2026-${String(i + 1).padStart(2, '0')}-01`;
            const signature = released
              .filter((p) => p.from <= month && month < p.to)
              .map((p) => p.from + p.to)
              .join(' ');
            if (n > 0 && signature) blocks.set(signature, (blocks.get(signature) ?? 0) + n);
          });
          for (const [signature, n] of blocks) expect(n, `block ${signature}`).toBeGreaterThanOrEqual(k);
          for (const outer of released) {
            for (const inner of released) {
              if (inner === outer || inner.from < outer.from || inner.to > outer.to) continue;
              const left = outer.n - inner.n;
              expect(left === 0 || left >= k, `${outer.from}..${outer.to} minus ${inner.from}..${inner.to} leaves ${left}`).toBe(true);
            }
          }
        },
      ),
      { numRuns: Number(process.env.LOCAL_DISCLOSURE_RUNS ?? 300) },
    );
  });

  it('only months from the start to the end or the current month; nothing before the start', () => {
    expect(
      localResults({
        counts: [],
        window: { start: '2026-05-01', end: '2026-06-01' },
        currentMonth: '2026-04-01',
        finalThrough: '2026-02-01',
        kind: 'month',
        k: 5,
      }).periods,
    ).toEqual([]);
    expect(
      localResults({ counts: [], window: null, currentMonth: '2026-04-01', finalThrough: '2026-02-01', kind: 'month', k: 5 }).periods,
    ).toEqual([]);
    const r = localResults({
      counts: [],
      window: { start: '2026-03-01', end: '2026-12-01' },
      currentMonth: '2026-05-01',
      finalThrough: '2026-03-01',
      kind: 'year',
      k: 5,
    });
    expect(r.months).toEqual({ from: '2026-03-01', to: '2026-05-01' });
    expect(r.periods.map((p) => p.period)).toEqual(['2026']);
  });
});
