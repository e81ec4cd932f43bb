import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import type { AppContext } from '../core/context.ts';
import { loadUnitTree } from '../access/actor.ts';
import { ancestors, canViewUnit, officeOf, type Actor, type UnitTree } from '../access/scope.ts';
import { AGREE_FROM, loadInstrument, NATIONAL_INSTRUMENT } from '../instrument/instrument.ts';
import { closingRulesOf, lastFinalMonth } from '../time/closing.ts';
import { yearPeriods } from './audit.ts';
import { commentRelease, type CommentRelease } from './comments.ts';
import type { Figure } from './figures.ts';
import { loadReleaseTable, OVERALL, thresholdsOf } from './group-store.ts';
import type { Thresholds } from './relations.ts';
import { auditReader, groupSubject, leafSubject, type LeafTally, type ReaderRelease } from './reader.ts';

/**
 * The database edge of disclosure control for one reader (reader.ts): gathers the answers of the
 * offices where the reader may see someone one by one, the group cells the reader's role opens, and
 * what the reader was shown before; decides; and records what a page shows.
 */

export interface Reader {
  actor: Actor;
  /** Counselors whose figures this reader may see one by one, the reader included (sharing/transparency.ts). */
  figures: ReadonlySet<string>;
  /** Counselors whose comments this reader may read, the reader included. */
  comments: ReadonlySet<string>;
}

export interface InstrumentKey {
  id: string;
  version: number;
}

/** Where a counselor has answers: a unit (their leaf) under an instrument version in a year. */
export interface LeafRef {
  counselorId: string;
  unitId: string;
  instrument: InstrumentKey;
  year: number;
}

export interface ShownEntry {
  /** leafSubject(counselor, unit) or groupSubject(unit). */
  subject: string;
  instrument: InstrumentKey;
  period: string;
  /** Measure indexes shown; `'comments'` for a comment batch. */
  measures: Array<number | 'comments'>;
}

export interface ReaderView {
  reader: Reader;
  tree: UnitTree;
  /** The last final month (YYYY-MM-01). */
  finalThrough: string;
  /** A counselor's leaves, newest year first. */
  leavesOf(counselorId: string): LeafRef[];
  leaf(ref: LeafRef, period: string, measure: number): Figure;
  /** Answers behind a leaf's period (a count, shown as counts are). */
  answers(ref: LeafRef, period: string): number;
  withheld(ref: LeafRef, period: string): boolean;
  /** A counselor's figure over every unit they answered for in a period, under an instrument version (reader.ts). */
  combined(counselorId: string, instrument: InstrumentKey, period: string, measure: number): Figure;
  /** May a comparison average (the overall rating of a unit the reader belongs to) be shown? */
  comparisonShown(unitId: string, period: string): boolean;
  /** May this leaf's comment batch for a closed tertial be shown? */
  leafComments(ref: LeafRef, tertial: string): boolean;
  /**
   * May this team's comment batch for a closed tertial be shown to this reader, given the comments
   * they may read one by one? null where they read nobody's there: the group rule alone decides.
   */
  teamComments(unitId: string, tertial: string): boolean | null;
  /** Writes what a page or export showed into the reader's history. */
  record(entries: ShownEntry[]): Promise<void>;
}

/** The units a reader sees as comparison averages: their team, office and the nation. */
export function comparisonUnits(actor: Actor, tree: UnitTree): string[] {
  const own = tree.get(actor.unitId);
  const office = officeOf(tree, actor.unitId);
  const root = [own, ...ancestors(tree, actor.unitId)].filter(Boolean).at(-1);
  return [...new Set([own?.kind === 'team' ? own.id : null, office?.id ?? null, root?.id ?? null].filter((u): u is string => u !== null))];
}

const MEASURES_OF = (statements: number) => statements + 2;
const HISTORY_COMMENTS = -1;

export async function openReaderView(ctx: AppContext, reader: Reader, opts: { tree?: UnitTree } = {}): Promise<ReaderView> {
  const tree = opts.tree ?? (await loadUnitTree(ctx.db));
  const thresholds = thresholdsOf(ctx);
  const finalThrough = lastFinalMonth(ctx.now(), closingRulesOf(ctx.config));
  // Shown before counts as seen: a revoked share leaves what was shown known (disclosure_history).
  const history = new Map<string, number[]>();
  for (const r of await ctx.db
    .selectFrom('disclosure_history')
    .select(['subject', 'instrument_id', 'instrument_version', 'year', 'shown'])
    .where('reader_id', '=', reader.actor.employeeId)
    .execute()) {
    history.set(`${r.subject}|${r.instrument_id}|${r.instrument_version}|${r.year}`, r.shown);
  }
  const seenBefore = new Set([...history.keys()].filter((key) => !key.startsWith('unit|')).map((key) => key.slice(0, key.indexOf('|'))));
  const transparent = [...new Set([...reader.figures, ...reader.comments, reader.actor.employeeId, ...seenBefore])];

  // Where the transparent counselors have answers, by instrument version and year (final months only).
  const placed = (
    await sql<{ unit_id: string; counselor_id: string; instrument_id: string; instrument_version: number; year: number }>`
      select distinct unit_id, counselor_id, instrument_id, instrument_version, extract(year from month)::int as year
      from response
      where counselor_id in (${sql.join(transparent)}) and month <= ${finalThrough}::date`.execute(ctx.db)
  ).rows.filter((r) => tree.has(r.unit_id));
  const regionRoot = (unitId: string) => officeOf(tree, unitId)?.id ?? unitId;
  const subtreeOf = (root: string): string[] => {
    const unit = tree.get(root)!;
    // An office: everything beneath it. A unit above offices (answers registered on a county): itself only.
    if (unit.kind !== 'office') return [root];
    return [...tree.values()].filter((u) => u.id === root || ancestors(tree, u.id).some((a) => a.id === root)).map((u) => u.id);
  };
  const regionUnits = [...new Set(placed.flatMap((p) => subtreeOf(regionRoot(p.unit_id))))];

  // Every answer in those regions, per unit, counselor, month and measure.
  const tallies = new Map<string, LeafTally[]>();
  if (regionUnits.length > 0) {
    const rows = (
      await sql<
        Omit<LeafTally, 'distribution'> & {
          instrument_id: string;
          instrument_version: number;
          d1: number;
          d2: number;
          d3: number;
          d4: number;
          d5: number;
          d6: number;
        }
      >`
        select r.instrument_id, r.instrument_version, r.unit_id as "unitId", r.counselor_id as "counselorId", to_char(r.month, 'YYYY-MM-DD') as month,
               (a.idx - 1)::int as measure, count(a.v)::int as n, coalesce(sum(a.v), 0)::int as sum,
               count(*) filter (where a.v >= ${sql.lit(AGREE_FROM)})::int as positive, count(*) filter (where a.v is null)::int as "dontKnow",
               count(*) filter (where a.v = 1)::int as d1, count(*) filter (where a.v = 2)::int as d2, count(*) filter (where a.v = 3)::int as d3,
               count(*) filter (where a.v = 4)::int as d4, count(*) filter (where a.v = 5)::int as d5, count(*) filter (where a.v = 6)::int as d6
        from response r cross join lateral unnest(r.answers || array[r.overall, r.nav_general]) with ordinality as a(v, idx)
        where r.unit_id in (${sql.join(regionUnits)}) and r.month <= ${finalThrough}::date
        group by 1, 2, 3, 4, 5, 6`.execute(ctx.db)
    ).rows;
    for (const { instrument_id, instrument_version, d1, d2, d3, d4, d5, d6, ...t } of rows) {
      const key = `${instrument_id}|${instrument_version}|${t.month.slice(0, 4)}`;
      const list = tallies.get(key) ?? [];
      list.push({ ...t, distribution: [d1, d2, d3, d4, d5, d6] });
      tallies.set(key, list);
    }
  }

  const periodBit = (year: number) => new Map(yearPeriods(year).map((p, i) => [p.key, i]));
  /** The reader's history of one instrument version and year: figure masks per subject. */
  const historyOf = (instrument: InstrumentKey, year: number, measureCount: number) => {
    const out = new Map<string, number[]>();
    const suffix = `|${instrument.id}|${instrument.version}|${year}`;
    for (const [key, masks] of history) if (key.endsWith(suffix)) out.set(key.slice(0, -suffix.length), masks.slice(0, measureCount));
    return out;
  };
  const shownBefore = (subject: string, instrument: InstrumentKey, year: number, period: string, measure: number, measureCount: number) => {
    const masks = history.get(`${subject}|${instrument.id}|${instrument.version}|${year}`);
    if (!masks) return false;
    const bit = periodBit(year).get(period);
    const index = measure === HISTORY_COMMENTS ? measureCount : measure;
    return bit !== undefined && ((masks[index] ?? 0) & (1 << bit)) !== 0;
  };

  // Group cells for the national instrument's years: units in the regions and above them.
  const national: InstrumentKey = { id: NATIONAL_INSTRUMENT.id, version: NATIONAL_INSTRUMENT.version };
  const isNational = (i: InstrumentKey) => i.id === national.id && i.version === national.version;
  const nationalYears = [
    ...new Set(placed.filter((p) => isNational({ id: p.instrument_id, version: p.instrument_version })).map((p) => p.year)),
  ];
  const comparison = new Set(comparisonUnits(reader.actor, tree));
  const groupUnits = [...new Set([...regionUnits, ...regionUnits.flatMap((u) => ancestors(tree, u).map((a) => a.id)), ...comparison])];
  const { table } = nationalYears.length > 0 ? await loadReleaseTable(ctx, nationalYears, tree, groupUnits) : { table: null };
  const groupCell = (unitId: string, period: string) => {
    try {
      return table?.cell(unitId, period) ?? null;
    } catch {
      return null;
    }
  };
  const seesAbove = (office: string) => ancestors(tree, office).some((a) => canViewUnit(reader.actor, tree, a.id));

  // One audit per instrument version and year, each run only when a page asks for it (a team page
  // needs only the comment decisions, which are cheap).
  const releases = new Map<string, { readonly release: ReaderRelease; measureCount: number; readonly comments: CommentRelease }>();
  const measureCountOf = async (instrument: InstrumentKey) => {
    if (isNational(instrument)) return MEASURES_OF(NATIONAL_INSTRUMENT.statements.length);
    return MEASURES_OF((await loadInstrument(ctx.db, instrument.id, instrument.version))?.statements.length ?? 0);
  };
  const keys = [...new Set(placed.map((p) => `${p.instrument_id}|${p.instrument_version}|${p.year}`))];
  for (const key of keys) {
    const [id, version, year] = [key.split('|')[0], Number(key.split('|')[1]), Number(key.split('|')[2])];
    const instrument = { id, version };
    const measureCount = await measureCountOf(instrument);
    const withGroups = isNational(instrument);
    const group = (unitId: string, period: string, measure: number) => {
      if (!withGroups) return 'hidden' as const;
      const cell = groupCell(unitId, period);
      if (!cell || !cell.closed || cell.measures[measure]?.suppressed !== false) return 'hidden' as const;
      if (canViewUnit(reader.actor, tree, unitId)) return 'shown' as const;
      if (comparison.has(unitId) && measure === OVERALL) return 'candidate' as const;
      return 'hidden' as const;
    };
    const rows = tallies.get(key) ?? [];
    const audit = () =>
      auditReader({
        tree,
        year,
        measureCount,
        finalThrough,
        thresholds,
        reader: reader.actor.employeeId,
        transparent: new Set(reader.figures),
        seenBefore: new Set([...seenBefore].filter((c) => !reader.figures.has(c))),
        tallies: rows,
        group,
        groupReleased: (unitId, period, measure) =>
          withGroups && groupCell(unitId, period)?.closed === true && groupCell(unitId, period)?.measures[measure]?.suppressed === false,
        answersOf: (unitId, month) => (withGroups ? (groupCell(unitId, month)?.answers ?? 0) : 0),
        countsOf: (unitId, month, measure) => {
          const [n, counselors] = (withGroups ? groupCell(unitId, month)?.counts?.[measure] : undefined) ?? [0, 0];
          return { n, counselors };
        },
        seesAbove,
        shownBefore: (subject, period, measure) => shownBefore(subject, instrument, year, period, measure, measureCount),
      });
    // The same reader with the same answers, group table and shares gets the same decisions: kept in
    // memory (auditCache), valid while everything shown since was shown by them (history only grows).
    const figures = () => {
      const { slot, digest } = auditDigest({
        reader,
        year,
        instrument,
        measureCount,
        finalThrough,
        thresholds,
        seenBefore: [...seenBefore],
        rows,
        groupStates: withGroups
          ? groupUnits.flatMap((u) =>
              yearPeriods(year).flatMap((p) =>
                Array.from(
                  { length: measureCount },
                  (_, m) =>
                    `${u}@${p.key}#${m}:${group(u, p.key, m)}:${groupCell(u, p.key)?.counts?.[m]?.join('/') ?? ''}:${groupCell(u, p.key)?.answers ?? 0}`,
                ),
              ),
            )
          : [],
      });
      const pinsNow = historyOf(instrument, year, measureCount);
      const cached = auditCache.get(slot);
      if (
        cached?.digest === digest &&
        [...pinsNow].every(([subject, masks]) =>
          masks.every((bits, m) => (bits & ~((cached.pins.get(subject)?.[m] ?? 0) | (cached.released.get(subject)?.[m] ?? 0))) === 0),
        )
      ) {
        return cached.release;
      }
      const release = audit();
      rememberAudit(slot, {
        digest,
        release,
        pins: pinsNow,
        released: releasedMasks(release, rows, comparison, year, measureCount, reader),
        weight: rows.length + 1,
      });
      return release;
    };
    const comments = () =>
      commentRelease({
        tree,
        year,
        finalThrough,
        thresholds,
        reader: reader.actor.employeeId,
        transparent: new Set(reader.comments),
        tallies: rows.filter((t) => t.measure === 0),
        teamBatch: (unitId, tertial) =>
          withGroups &&
          canViewUnit(reader.actor, tree, unitId) &&
          reader.actor.leaderOf.length > 0 &&
          (groupCell(unitId, tertial)?.released ?? false),
        shownBefore: (subject, tertial) => shownBefore(subject, instrument, year, tertial, HISTORY_COMMENTS, measureCount),
      });
    let release: ReaderRelease | undefined;
    let commentDecisions: CommentRelease | undefined;
    releases.set(key, {
      get release() {
        return (release ??= figures());
      },
      measureCount,
      get comments() {
        return (commentDecisions ??= comments());
      },
    });
  }
  const releaseOf = (instrument: InstrumentKey, year: number) => releases.get(`${instrument.id}|${instrument.version}|${year}`);
  const yearOf = (period: string) => Number(period.slice(0, 4));
  const counts = new Map<string, number>();
  for (const [key, rows] of tallies) {
    const [id, version] = key.split('|');
    for (const t of rows) {
      if (t.measure !== 0) continue;
      for (const p of yearPeriods(Number(t.month.slice(0, 4)))) {
        if (!p.months.includes(Number(t.month.slice(5, 7)) - 1)) continue;
        const k = `${id}|${version}|${leafSubject(t.counselorId, t.unitId)}@${p.key}`;
        counts.set(k, (counts.get(k) ?? 0) + t.n + t.dontKnow);
      }
    }
  }

  return {
    reader,
    tree,
    finalThrough,
    leavesOf(counselorId) {
      return placed
        .filter((p) => p.counselor_id === counselorId)
        .map((p) => ({ counselorId, unitId: p.unit_id, instrument: { id: p.instrument_id, version: p.instrument_version }, year: p.year }))
        .sort(
          (a, b) =>
            b.year - a.year ||
            a.unitId.localeCompare(b.unitId) ||
            a.instrument.id.localeCompare(b.instrument.id) ||
            b.instrument.version - a.instrument.version,
        );
    },
    leaf(ref, period, measure) {
      const found = releaseOf(ref.instrument, yearOf(period));
      if (!found || !reader.figures.has(ref.counselorId)) return { suppressed: true, reason: 'too_few_answers', n_min: thresholds.answers };
      return found.release.leaf(ref.counselorId, ref.unitId, period, measure);
    },
    answers(ref, period) {
      return counts.get(`${ref.instrument.id}|${ref.instrument.version}|${leafSubject(ref.counselorId, ref.unitId)}@${period}`) ?? 0;
    },
    withheld(ref, period) {
      return releaseOf(ref.instrument, yearOf(period))?.release.withheld(ref.counselorId, ref.unitId, period) ?? false;
    },
    combined(counselorId, instrument, period, measure) {
      const found = releaseOf(instrument, yearOf(period));
      if (!found || !reader.figures.has(counselorId)) return { suppressed: true, reason: 'too_few_answers', n_min: thresholds.answers };
      return found.release.combined(counselorId, period, measure);
    },
    comparisonShown(unitId, period) {
      const found = releaseOf(national, yearOf(period));
      if (found) return found.release.groupShown(unitId, period, OVERALL);
      // No answers of the reader's own (or of anyone they see one by one) that year: as released.
      const cell = groupCell(unitId, period);
      return cell !== null && cell.closed && !cell.measures[OVERALL].suppressed;
    },
    leafComments(ref, tertial) {
      if (!reader.comments.has(ref.counselorId)) return false;
      return releaseOf(ref.instrument, yearOf(tertial))?.comments.leaf(ref.counselorId, ref.unitId, tertial) ?? false;
    },
    teamComments(unitId, tertial) {
      return releaseOf(national, yearOf(tertial))?.comments.team(unitId, tertial) ?? null;
    },
    async record(entries) {
      const rows = new Map<string, { subject: string; instrument: InstrumentKey; year: number; shown: number[] }>();
      for (const e of entries) {
        const year = yearOf(e.period);
        const found = releaseOf(e.instrument, year);
        const measureCount = found?.measureCount ?? MEASURES_OF(NATIONAL_INSTRUMENT.statements.length);
        const key = `${e.subject}|${e.instrument.id}|${e.instrument.version}|${year}`;
        const row = rows.get(key) ?? {
          subject: e.subject,
          instrument: e.instrument,
          year,
          shown: [...(history.get(key) ?? new Array<number>(measureCount + 1).fill(0))],
        };
        const bit = periodBit(year).get(e.period);
        if (bit === undefined) continue;
        for (const m of e.measures) {
          const index = m === 'comments' ? measureCount : m;
          row.shown[index] = (row.shown[index] ?? 0) | (1 << bit);
        }
        rows.set(key, row);
      }
      const changed = [...rows.entries()].filter(([key, r]) => JSON.stringify(history.get(key)) !== JSON.stringify(r.shown));
      if (changed.length === 0) return;
      await ctx.db
        .insertInto('disclosure_history')
        .values(
          changed.map(([, r]) => ({
            reader_id: reader.actor.employeeId,
            subject: r.subject,
            instrument_id: r.instrument.id,
            instrument_version: r.instrument.version,
            year: r.year,
            shown: r.shown,
          })),
        )
        .onConflict((oc) =>
          oc.columns(['reader_id', 'subject', 'instrument_id', 'instrument_version', 'year']).doUpdateSet({
            // Bits only accumulate, whoever wrote last.
            shown: sql`array(select coalesce(a.x, 0) | coalesce(b.x, 0) from unnest(disclosure_history.shown) with ordinality a(x, i) full join unnest(excluded.shown) with ordinality b(x, i) using (i) order by i)`,
          }),
        )
        .execute();
      for (const [key, r] of changed) history.set(key, r.shown);
    },
  };
}

export { groupSubject, leafSubject };

/**
 * One entry per reader and page scope (the reader, year, instrument and the units the tallies cover):
 * a new answer changes the digest, and the entry it replaces could never be asked for again, so it
 * goes rather than piling up (a soak, bench/soak.ts, grew the web node by gigabytes an hour when every
 * digest was kept). Bounded too by what the entries hold, not only by their number: a release keeps
 * the tallies it was made from, a counselor's a few hundred, a county analyst's the county's. The
 * least recently stored go first.
 */
const AUDIT_CACHE_ENTRIES = 500;
const AUDIT_CACHE_TALLIES = 400_000;
type AuditEntry = { digest: string; release: ReaderRelease; pins: Map<string, number[]>; released: Map<string, number[]>; weight: number };
const auditCache = new Map<string, AuditEntry>();
let auditCacheWeight = 0;

function rememberAudit(slot: string, entry: AuditEntry): void {
  const previous = auditCache.get(slot);
  if (previous) {
    auditCache.delete(slot);
    auditCacheWeight -= previous.weight;
  }
  auditCache.set(slot, entry);
  auditCacheWeight += entry.weight;
  while (auditCache.size > AUDIT_CACHE_ENTRIES || (auditCacheWeight > AUDIT_CACHE_TALLIES && auditCache.size > 1)) {
    const [oldest, gone] = auditCache.entries().next().value!;
    auditCache.delete(oldest);
    auditCacheWeight -= gone.weight;
  }
}

function auditDigest(input: {
  reader: Reader;
  year: number;
  instrument: InstrumentKey;
  measureCount: number;
  finalThrough: string;
  thresholds: Thresholds;
  seenBefore: string[];
  rows: readonly LeafTally[];
  groupStates: string[];
}): { slot: string; digest: string } {
  const { actor } = input.reader;
  const units = new Set<string>();
  for (const t of input.rows) units.add(t.unitId);
  const slot = createHash('sha256')
    .update(JSON.stringify([actor.employeeId, input.year, input.instrument, [...units].sort()]))
    .digest('base64');
  const hash = createHash('sha256');
  hash.update(
    JSON.stringify([
      actor.employeeId,
      actor.unitId,
      actor.leaderOf,
      actor.countyAnalystOf,
      actor.nationalAnalyst,
      actor.administrator,
      [...input.reader.figures].sort(),
      input.seenBefore.sort(),
    ]),
  );
  hash.update(JSON.stringify([input.year, input.instrument, input.measureCount, input.finalThrough, input.thresholds]));
  for (const t of input.rows)
    hash.update(
      `${t.unitId}|${t.counselorId}|${t.month}|${t.measure}|${t.n}|${t.sum}|${t.positive}|${t.dontKnow}|${t.distribution.join(',')};`,
    );
  for (const g of input.groupStates) hash.update(g);
  return { slot, digest: hash.digest('base64') };
}

/** What a release shows, as history masks per subject and measure (a bit per fixed period). */
function releasedMasks(
  release: ReaderRelease,
  rows: readonly LeafTally[],
  comparison: ReadonlySet<string>,
  year: number,
  measureCount: number,
  reader: Reader,
): Map<string, number[]> {
  const out = new Map<string, number[]>();
  const periods = yearPeriods(year);
  const mark = (subject: string, bit: number, measure: number) => {
    const masks = out.get(subject) ?? new Array<number>(measureCount).fill(0);
    masks[measure] |= 1 << bit;
    out.set(subject, masks);
  };
  const leaves = new Set(rows.filter((t) => reader.figures.has(t.counselorId)).map((t) => `${t.counselorId}\u0000${t.unitId}`));
  for (const leaf of leaves) {
    const [counselor, unit] = leaf.split('\u0000');
    periods.forEach((p, bit) => {
      for (let m = 0; m < measureCount; m++)
        if (!release.leaf(counselor, unit, p.key, m).suppressed) mark(leafSubject(counselor, unit), bit, m);
    });
  }
  for (const unit of comparison)
    periods.forEach((p, bit) => release.groupShown(unit, p.key, OVERALL) && mark(groupSubject(unit), bit, OVERALL));
  return out;
}
