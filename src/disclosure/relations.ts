/**
 * Disclosure control for group figures, pure. The server decides here, once for the whole table
 * of (unit × fixed period) cells, which figures may be released; every page, export and API reads
 * the same released table, so no sequence of allowed queries sees a different pattern.
 *
 * Rules (PRODUCT.md, privacy):
 * - Primary suppression: a group figure needs at least k answers and at least m counselors with
 *   answers (a unit's figure must not be one person's figure in disguise).
 * - Every cell is also part of linear relations: a unit's figure is the sum of its sub-units'
 *   (office = Σ teams + answers registered directly at the office), a year's the sum of its
 *   tertials, a tertial's the sum of its months. Complementary suppression: the suppressed parts of
 *   a relation are either none, or at least two that together cover at least k answers and m
 *   counselors (or are the total itself), so subtraction yields nothing smaller than a releasable
 *   group. This holds for every relation whose total could be released on its own, and for a total
 *   that is suppressed only as a complement too: otherwise, once a reader has that total another
 *   way (say a county minus its other offices), the parts beneath it fall open. A suppressed total
 *   needs at least one suppressed part, or it could be added up. Complements are chosen among the
 *   parts, smallest first.
 * - A reader is assumed to know which groups are empty (answer counts are shown). So a total and
 *   its only non-empty part are one figure: both are released or both suppressed. Without this, an
 *   office whose answers all came in January would be suppressed for January and released for the
 *   tertial — the same figure.
 * The rules are applied until nothing changes (suppression only grows, so this ends). They ensure
 * that a released figure minus one released figure inside it leaves nothing, or at least k answers
 * from at least m counselors. Longer chains of sums and differences are the linear audit's work
 * (linear-audit.ts); test/support/disclosure-oracle.ts lists what is checked and what is not.
 */

export interface Thresholds {
  /** k: answers a figure needs. */
  answers: number;
  /** Answers a group needs before its free-text comments are released. */
  comments: number;
  /** m: counselors with answers a group figure must cover. */
  counselors: number;
}

export interface Cell {
  id: string;
  /** Answers behind the figure. */
  n: number;
  /** Counselors with answers in the cell. */
  counselors: ReadonlySet<string>;
  /** A part that is never shown on its own (e.g. answers registered directly at an office). */
  hidden?: boolean;
  /**
   * Never shown, but a reader may work it out when it is a releasable group on its own: what is
   * left of a team once the figures of its counselors that a reader may see are taken off.
   */
  opaque?: boolean;
  /** Counselors a group needs here, when not the thresholds' m (1 for one counselor a reader may see; m − 1 among an insider's colleagues). */
  minCounselors?: number;
}

/**
 * Decisions that cannot change: true for a figure already released (a reader may have it), false
 * for one that stays suppressed. Complements are chosen among the other cells, by priority (lowest
 * first), then fewest answers.
 */
export interface SuppressOptions {
  fixed?: ReadonlyMap<string, boolean>;
  priority?: (id: string) => number;
}

/** total = Σ parts, for the answers behind each cell. */
export interface Relation {
  total: string;
  parts: string[];
}

export function tooSmall(cell: Cell, t: Thresholds): boolean {
  return cell.n < t.answers || cell.counselors.size < (cell.minCounselors ?? t.counselors);
}

export function primarySuppressed(cell: Cell, t: Thresholds): boolean {
  return cell.hidden === true || tooSmall(cell, t);
}

/** The ids of every suppressed cell (primary and complementary). `initially` adds cells to suppress from the start. */
export function suppress(
  cells: ReadonlyMap<string, Cell>,
  relations: Relation[],
  t: Thresholds,
  initially: Iterable<string> = [],
  options: SuppressOptions = {},
): Set<string> {
  const nOf = (id: string) => cells.get(id)?.n ?? 0;
  const fixed = options.fixed ?? new Map<string, boolean>();
  const priority = options.priority ?? (() => 0);

  // Cells holding the same answers: a relation's total and its only non-empty part.
  const parentOf = new Map<string, string>();
  const find = (id: string): string => {
    let root = id;
    for (let up = parentOf.get(root); up !== undefined && up !== root; up = parentOf.get(root)) root = up;
    for (let at = id; at !== root;) {
      const next = parentOf.get(at)!;
      parentOf.set(at, root);
      at = next;
    }
    return root;
  };
  for (const r of relations) {
    if (nOf(r.total) === 0) continue;
    const filled = r.parts.filter((id) => nOf(id) > 0);
    // A decided cell keeps its decision; a reader who may see only one of the two is told nothing new.
    if (filled.length !== 1 || fixed.has(r.total) || fixed.has(filled[0])) continue;
    const [a, b] = [find(r.total), find(filled[0])];
    if (a !== b) parentOf.set(b, a);
  }
  const members = new Map<string, string[]>();
  for (const id of cells.keys()) {
    const root = find(id);
    const list = members.get(root);
    if (list) list.push(id);
    else members.set(root, [id]);
  }
  // A class can be shown unless its answers are too few, or it has no cell that may be shown on its own.
  const primaryOfClass = new Map<string, boolean>();
  for (const [root, ids] of members)
    primaryOfClass.set(
      root,
      tooSmall(cells.get(root)!, t) || ids.every((id) => cells.get(id)!.hidden === true || cells.get(id)!.opaque === true),
    );

  const relationsOf = new Map<string, number[]>();
  relations.forEach((r, i) => {
    for (const id of [r.total, ...r.parts]) {
      const list = relationsOf.get(id) ?? [];
      list.push(i);
      relationsOf.set(id, list);
    }
  });

  const hiddenClasses = new Set<string>();
  for (const [root, primary] of primaryOfClass) if (primary && fixed.get(root) !== true) hiddenClasses.add(root);
  for (const id of initially) if (cells.has(id) && fixed.get(id) !== true) hiddenClasses.add(find(id));
  for (const [id, released] of fixed) if (!released && cells.has(id)) hiddenClasses.add(find(id));
  const isHidden = (id: string) => hiddenClasses.has(find(id));
  const byPreference = (a: string, b: string) => priority(a) - priority(b) || nOf(a) - nOf(b) || (a < b ? -1 : a > b ? 1 : 0);

  const queue = relations.map((_, i) => i);
  const queued = new Set(queue);
  const requeue = (i: number) => {
    if (!queued.has(i)) {
      queued.add(i);
      queue.push(i);
    }
  };
  for (let head = 0; head < queue.length; head++) {
    const index = queue[head];
    queued.delete(index);
    const relation = relations[index];
    if (!needsComplement(relation, cells, isHidden, (id) => primaryOfClass.get(find(id)) === true, t)) continue;
    let pick = relation.parts.filter((id) => !isHidden(id) && nOf(id) > 0 && !fixed.has(id)).sort(byPreference)[0];
    // Every part decided already: a released total that would open one of them is withheld instead.
    if (!pick && !isHidden(relation.total) && !fixed.has(relation.total)) pick = relation.total;
    if (!pick) continue;
    const root = find(pick);
    hiddenClasses.add(root);
    // The relation itself may need more, and every relation a cell of the class sits in must be looked at again.
    requeue(index);
    for (const id of members.get(root) ?? [pick]) for (const i of relationsOf.get(id) ?? []) requeue(i);
  }

  const suppressed = new Set<string>();
  for (const id of cells.keys()) if (isHidden(id)) suppressed.add(id);
  return suppressed;
}

/** Does this relation, as it stands, let a reader derive something smaller than a releasable group? */
export function needsComplement(
  relation: Relation,
  cells: ReadonlyMap<string, Cell>,
  isHidden: (id: string) => boolean,
  isPrimary: (id: string) => boolean,
  t: Thresholds,
): boolean {
  const total = cells.get(relation.total);
  if (!total || total.n === 0) return false;
  const filled = relation.parts.filter((id) => (cells.get(id)?.n ?? 0) > 0);
  // The total is its only non-empty part: one figure, released or suppressed together.
  if (filled.length === 1) return false;
  const hiddenParts = filled.filter(isHidden);
  if (isHidden(relation.total)) {
    if (hiddenParts.length === 0) return true;
    // A total too small to show protects nothing beneath it that is not too small as well.
    if (isPrimary(relation.total)) return false;
  }
  if (hiddenParts.length === 0) return false;
  const residualN = hiddenParts.reduce((s, id) => s + cells.get(id)!.n, 0);
  if (residualN === total.n) return false;
  // A part never shown on its own may be worked out when it is a releasable group by itself.
  if (hiddenParts.length === 1 && cells.get(hiddenParts[0])!.opaque === true) return tooSmall(cells.get(hiddenParts[0])!, t);
  if (hiddenParts.length < 2 || residualN < t.answers) return true;
  // Union of the hidden parts' counselors, stopping as soon as there are m.
  const needed = total.minCounselors ?? t.counselors;
  const residualCounselors = new Set<string>();
  for (const id of hiddenParts) {
    for (const c of cells.get(id)!.counselors) {
      residualCounselors.add(c);
      if (residualCounselors.size >= needed) return false;
    }
  }
  return true;
}
