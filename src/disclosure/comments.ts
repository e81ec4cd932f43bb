import type { UnitTree } from '../access/scope.ts';
import { addMonths, parsePeriodKey } from '../time/periods.ts';
import type { Thresholds } from './relations.ts';
import { groupSubject, leafSubject, type LeafTally } from './reader.ts';

/**
 * Which comment batches one reader may read, pure. Comments are released in batches per closed
 * tertial, for a group of at least MIN_ANSWERS_COMMENTS answers: a team's (for its leaders), or one
 * counselor's at one unit (their own, or shared with the reader, or opened by an office policy).
 * Text is not a sum: a team's batch beside the batches of counselors who shared theirs leaves the
 * rest of the team's comments standing out by elimination. So where a reader would see both, the
 * rest must itself be a group that could have its own batch — MIN_ANSWERS_COMMENTS answers from m
 * counselors (m − 1 where the reader is one of the team) — or the reader sees less: colleagues'
 * batches first, then the team's, their own last; never a batch they were shown before.
 */

export interface CommentRelease {
  leaf(counselorId: string, unitId: string, tertial: string): boolean;
  /** null for a team where the reader sees nobody one by one: the group rule alone decides. */
  team(unitId: string, tertial: string): boolean | null;
}

export function commentRelease(input: {
  tree: UnitTree;
  year: number;
  finalThrough: string;
  thresholds: Thresholds;
  reader: string;
  /** Counselors whose comments the reader may read (the reader included). */
  transparent: ReadonlySet<string>;
  /** One measure's tallies: n + dontKnow is the number of answers. */
  tallies: readonly LeafTally[];
  /** The reader's role opens this team's batch (a leader, the team released for the tertial). */
  teamBatch: (unitId: string, tertial: string) => boolean;
  shownBefore: (subject: string, tertial: string) => boolean;
}): CommentRelease {
  const { thresholds } = input;
  const k = thresholds.comments;
  const tertials = [1, 2, 3]
    .map((t) => `${input.year}-T${t}`)
    .filter((key) => addMonths(parsePeriodKey(key)!.to, -1) <= input.finalThrough);
  const tertialOf = (month: string) => `${month.slice(0, 4)}-T${Math.floor((Number(month.slice(5, 7)) - 1) / 4) + 1}`;
  // Answers per unit, counselor and tertial.
  const answers = new Map<string, Map<string, number>>();
  for (const t of input.tallies) {
    if (t.month.slice(0, 10) > input.finalThrough || Number(t.month.slice(0, 4)) !== input.year) continue;
    const key = `${t.unitId}@${tertialOf(t.month)}`;
    const byCounselor = answers.get(key) ?? new Map<string, number>();
    byCounselor.set(t.counselorId, (byCounselor.get(t.counselorId) ?? 0) + t.n + t.dontKnow);
    answers.set(key, byCounselor);
  }
  const leaves = new Set<string>();
  const teams = new Set<string>();
  for (const tertial of tertials) {
    for (const [key, byCounselor] of answers) {
      if (!key.endsWith(`@${tertial}`)) continue;
      const unitId = key.slice(0, key.lastIndexOf('@'));
      const total = [...byCounselor.values()].reduce((s, n) => s + n, 0);
      const open = [...byCounselor.entries()].filter(([c, n]) => input.transparent.has(c) && n >= k).map(([c]) => c);
      const team = input.tree.get(unitId)?.kind === 'team' && total >= k && input.teamBatch(unitId, tertial);
      const shown = new Set(open);
      let teamShown = team;
      const restSafe = () => {
        if (!teamShown || shown.size === 0) return true;
        const rest = [...byCounselor.entries()].filter(([c, n]) => !shown.has(c) && n > 0);
        const restAnswers = rest.reduce((s, [, n]) => s + n, 0);
        // m − 1 others where the reader takes their own batch off; their own comments left in the rest do not count.
        const m = shown.has(input.reader) ? Math.max(1, thresholds.counselors - 1) : thresholds.counselors;
        return restAnswers === 0 || (restAnswers >= k && rest.length >= m);
      };
      const pinned = (c: string) => input.shownBefore(leafSubject(c, unitId), tertial);
      for (const c of [...shown].filter((c) => c !== input.reader && !pinned(c)).sort()) {
        if (restSafe()) break;
        shown.delete(c);
      }
      if (!restSafe() && !input.shownBefore(groupSubject(unitId), tertial)) teamShown = false;
      if (!restSafe() && shown.has(input.reader) && !pinned(input.reader)) shown.delete(input.reader);
      for (const c of shown) leaves.add(`${leafSubject(c, unitId)}@${tertial}`);
      if (teamShown) teams.add(`${unitId}@${tertial}`);
    }
  }
  return {
    leaf: (counselorId, unitId, tertial) => leaves.has(`${leafSubject(counselorId, unitId)}@${tertial}`),
    team: (unitId, tertial) => (answers.has(`${unitId}@${tertial}`) ? teams.has(`${unitId}@${tertial}`) : null),
  };
}
