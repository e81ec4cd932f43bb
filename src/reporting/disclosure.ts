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
 *   tertials, a tertial's the sum of its months. Complementary suppression: when a relation's total
 *   is released, the suppressed parts are either none, or at least two that together cover at
 *   least k answers and m counselors (or are the total itself) — so subtraction yields nothing
 *   smaller than a releasable group. When a total is suppressed, at least one of its parts is too,
 *   or the total could be added up. Complements are always chosen among parts, smallest first.
 * The rules are applied until nothing changes (suppression only grows, so this ends).
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
}

/** total = Σ parts, for the answers behind each cell. */
export interface Relation {
  total: string;
  parts: string[];
}

export function primarySuppressed(cell: Cell, t: Thresholds): boolean {
  return cell.hidden === true || cell.n < t.answers || cell.counselors.size < t.counselors;
}

/** The ids of every suppressed cell (primary and complementary). `initially` adds cells to suppress from the start. */
export function suppress(cells: ReadonlyMap<string, Cell>, relations: Relation[], t: Thresholds, initially: Iterable<string> = []): Set<string> {
  const suppressed = new Set<string>(initially);
  for (const cell of cells.values()) if (primarySuppressed(cell, t)) suppressed.add(cell.id);

  const relationsOf = new Map<string, number[]>();
  relations.forEach((r, i) => {
    for (const id of [r.total, ...r.parts]) {
      const list = relationsOf.get(id) ?? [];
      list.push(i);
      relationsOf.set(id, list);
    }
  });
  const nOf = (id: string) => cells.get(id)?.n ?? 0;
  const smallestReleased = (ids: string[]) =>
    ids
      .filter((id) => !suppressed.has(id) && nOf(id) > 0)
      .sort((a, b) => nOf(a) - nOf(b) || (a < b ? -1 : a > b ? 1 : 0))[0];

  const queue = relations.map((_, i) => i);
  const queued = new Set(queue);
  for (let head = 0; head < queue.length; head++) {
    const index = queue[head];
    queued.delete(index);
    const relation = relations[index];
    const pick = needsComplement(relation, cells, suppressed, t) ? smallestReleased(relation.parts) : undefined;
    if (!pick) continue;
    suppressed.add(pick);
    // The relation itself may need more, and every relation the new cell sits in must be looked at again.
    for (const i of [index, ...(relationsOf.get(pick) ?? [])]) {
      if (!queued.has(i)) {
        queued.add(i);
        queue.push(i);
      }
    }
  }
  return suppressed;
}

/** Does this relation, as it stands, let a reader derive something smaller than a releasable group? */
export function needsComplement(relation: Relation, cells: ReadonlyMap<string, Cell>, suppressed: ReadonlySet<string>, t: Thresholds): boolean {
  const total = cells.get(relation.total);
  if (!total || total.n === 0) return false;
  const hiddenParts = relation.parts.filter((id) => suppressed.has(id) && (cells.get(id)?.n ?? 0) > 0);
  if (suppressed.has(relation.total)) return hiddenParts.length === 0;
  if (hiddenParts.length === 0) return false;
  const residualN = hiddenParts.reduce((s, id) => s + cells.get(id)!.n, 0);
  if (residualN === total.n) return false;
  if (hiddenParts.length < 2 || residualN < t.answers) return true;
  // Union of the hidden parts' counselors, stopping as soon as there are m.
  const residualCounselors = new Set<string>();
  for (const id of hiddenParts) {
    for (const c of cells.get(id)!.counselors) {
      residualCounselors.add(c);
      if (residualCounselors.size >= t.counselors) return false;
    }
  }
  return true;
}
