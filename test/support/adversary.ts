/**
 * The determined reader's solver, independent of the server's code: from the coverage of every
 * figure one reader harvested (over HTTP, at every visit), find any group of answers whose total
 * a linear combination of those figures yields, and that is smaller than the rules allow.
 *
 * Atoms are the answers of one counselor registered at one unit in one month (for one measure);
 * a figure is the set of atoms it sums. Counts are public (answer counts are shown), so empty atoms
 * are known zeros and are left out. A group's total is derivable when its indicator lies in the row
 * space of the harvested figures, i.e. is orthogonal to every vector of their null space.
 *
 * Groups searched (each over every subset of months):
 *  unit       — a unit with everything beneath it;
 *  direct     — the answers registered on one unit itself;
 *  leaf       — one counselor's answers at one unit;
 *  minus      — a unit with everything beneath it (or the answers registered on it), less any of its
 *               leaves of counselors the reader may see one by one: a team minus the colleagues who
 *               shared with the reader;
 *  counselor  — one counselor's answers at every unit together (a counselor who moved);
 *  pairs      — the answers registered on two different units in one month each, together.
 * The server guarantees the first four; the last two are the residual, measured (not asserted).
 * A group is unsafe when it is not empty and has fewer than k answers, or comes from fewer than m
 * counselors — unless every counselor in it is one the reader may see one by one (then k is the
 * rule), or it holds m − 1 counselors besides the reader and is what is left of a unit once the reader's own answers
 * (and colleagues the reader sees, derivable over the same months) are taken off: an insider knows
 * their own share (the rule of three: "my team without me").
 */

export interface Atom {
  unit: string;
  counselor: string;
  month: string;
  /** Answers on the scale for the measure (don't-know answers are not part of a figure). */
  n: number;
}

export type Family = 'unit' | 'direct' | 'leaf' | 'minus' | 'counselor' | 'pairs';

export interface Disclosure {
  family: Family;
  group: string;
  months: string[];
  answers: number;
  counselors: number;
}

export interface ReaderFacts {
  /** Counselors the reader may see one by one (themself; shares with them at any visit; an office policy). */
  transparent: ReadonlySet<string>;
  /** The reader's own employee id (their answers make them an insider of a unit). */
  self: string;
  k: number;
  m: number;
}

export interface Tree {
  parentOf(unit: string): string | null;
  units: readonly string[];
}

/** Null-space basis of the rows (each a list of atom indexes with coefficient 1): one vector per atom, `dims` long. */
export function nullSpace(rows: ReadonlyArray<readonly number[]>, atoms: number): { dims: number; of: Float64Array[] } {
  const matrix = rows.map((r) => {
    const v = new Float64Array(atoms);
    for (const a of r) v[a] = 1;
    return v;
  });
  const pivots: number[] = [];
  let rank = 0;
  for (let col = 0; col < atoms && rank < matrix.length; col++) {
    let best = rank;
    for (let r = rank + 1; r < matrix.length; r++) if (Math.abs(matrix[r][col]) > Math.abs(matrix[best][col])) best = r;
    if (Math.abs(matrix[best][col]) < 1e-9) continue;
    [matrix[rank], matrix[best]] = [matrix[best], matrix[rank]];
    const lead = matrix[rank][col];
    for (let c = col; c < atoms; c++) matrix[rank][c] /= lead;
    for (let r = 0; r < matrix.length; r++) {
      if (r === rank) continue;
      const factor = matrix[r][col];
      if (Math.abs(factor) < 1e-12) continue;
      for (let c = col; c < atoms; c++) matrix[r][c] -= factor * matrix[rank][c];
    }
    pivots.push(col);
    rank++;
  }
  const isPivot = new Set(pivots);
  const free = Array.from({ length: atoms }, (_, c) => c).filter((c) => !isPivot.has(c));
  const of = Array.from({ length: atoms }, () => new Float64Array(free.length));
  free.forEach((f, j) => {
    of[f][j] = 1;
    pivots.forEach((p, i) => (of[p][j] = -matrix[i][f]));
  });
  return { dims: free.length, of };
}

/** The 0/1 vectors x (over `columns`) with Σ x_j columns_j = 0, found through a reduced basis of that solution space. */
function zeroOneSolutions(columns: Float64Array[], dims: number): number[][] {
  const J = columns.length;
  if (J === 0) return [];
  // Solutions of Z x = 0, Z being dims × J.
  const z = Array.from({ length: dims }, (_, i) => Float64Array.from(columns, (c) => c[i]));
  const pivots: number[] = [];
  let rank = 0;
  for (let col = 0; col < J && rank < dims; col++) {
    let best = rank;
    for (let r = rank + 1; r < dims; r++) if (Math.abs(z[r][col]) > Math.abs(z[best][col])) best = r;
    if (Math.abs(z[best][col]) < 1e-9) continue;
    [z[rank], z[best]] = [z[best], z[rank]];
    const lead = z[rank][col];
    for (let c = col; c < J; c++) z[rank][c] /= lead;
    for (let r = 0; r < dims; r++) {
      if (r === rank) continue;
      const factor = z[r][col];
      if (Math.abs(factor) < 1e-12) continue;
      for (let c = col; c < J; c++) z[r][c] -= factor * z[rank][c];
    }
    pivots.push(col);
    rank++;
  }
  const isPivot = new Set(pivots);
  const free = Array.from({ length: J }, (_, c) => c).filter((c) => !isPivot.has(c));
  // A solution is fixed by its values on the free columns; a 0/1 solution has 0/1 there.
  const out: number[][] = [];
  if (free.length > 16) throw new Error(`adversary: ${free.length} free months, too many to enumerate`);
  for (let mask = 1; mask < 1 << free.length; mask++) {
    const x = new Array<number>(J).fill(0);
    free.forEach((f, i) => (x[f] = mask & (1 << i) ? 1 : 0));
    pivots.forEach((p, i) => {
      let v = 0;
      free.forEach((f) => (v -= z[i][f] * x[f]));
      x[p] = v;
    });
    if (x.every((v) => Math.abs(v) < 1e-7 || Math.abs(v - 1) < 1e-7)) out.push(x.map((v) => Math.round(v)));
  }
  return out;
}

/** Every unsafe group the harvested figures give away (empty when the reader learns nothing they should not). */
export function disclosures(input: {
  atoms: readonly Atom[];
  figures: ReadonlyArray<ReadonlySet<number>>;
  tree: Tree;
  reader: ReaderFacts;
  families?: readonly Family[];
}): Disclosure[] {
  const { tree, reader } = input;
  const families = new Set(input.families ?? (['unit', 'direct', 'leaf', 'minus'] as Family[]));
  const live = input.atoms.map((a, i) => ({ ...a, index: i })).filter((a) => a.n > 0);
  if (live.length === 0 || input.figures.length === 0) return [];
  const position = new Map(live.map((a, i) => [a.index, i]));
  const rows = input.figures.map((f) => [...f].flatMap((i) => (position.has(i) ? [position.get(i)!] : []))).filter((r) => r.length > 0);
  const { dims, of } = nullSpace(rows, live.length);

  const within = (unit: string, root: string) => {
    for (let u: string | null = unit; u; u = tree.parentOf(u)) if (u === root) return true;
    return false;
  };
  const groups: Array<{ family: Family; name: string; atoms: typeof live }> = [];
  for (const u of tree.units) {
    const sub = (a: (typeof live)[number]) => within(a.unit, u);
    const here = (a: (typeof live)[number]) => a.unit === u;
    if (families.has('unit')) groups.push({ family: 'unit', name: u, atoms: live.filter(sub) });
    if (families.has('direct')) groups.push({ family: 'direct', name: u, atoms: live.filter(here) });
    if (!families.has('minus')) continue;
    for (const [scope, pick] of [
      [u, sub],
      [`${u} itself`, here],
    ] as const) {
      const atoms = live.filter(pick);
      const leaves = [...new Set(atoms.filter((a) => reader.transparent.has(a.counselor)).map((a) => `${a.counselor}@${a.unit}`))].sort();
      if (leaves.length > 10) throw new Error(`adversary: ${leaves.length} leaves under ${scope}, too many subsets`);
      for (let mask = 1; mask < 1 << leaves.length; mask++) {
        const off = new Set(leaves.filter((_, i) => mask & (1 << i)));
        groups.push({
          family: 'minus',
          name: `${scope} − ${[...off].join(' − ')}`,
          atoms: atoms.filter((a) => !off.has(`${a.counselor}@${a.unit}`)),
        });
      }
    }
  }
  const counselors = [...new Set(live.map((a) => a.counselor))];
  for (const c of counselors) {
    if (families.has('counselor')) groups.push({ family: 'counselor', name: c, atoms: live.filter((a) => a.counselor === c) });
    if (families.has('leaf')) {
      for (const u of new Set(live.filter((a) => a.counselor === c).map((a) => a.unit))) {
        groups.push({ family: 'leaf', name: `${c}@${u}`, atoms: live.filter((a) => a.counselor === c && a.unit === u) });
      }
    }
  }

  /** Is this set of atoms' total derivable (in the row space of the figures)? */
  const derivable = (atoms: ReadonlyArray<(typeof live)[number]>) => {
    const z = new Float64Array(dims);
    for (const a of atoms) {
      const row = of[position.get(a.index)!];
      for (let d = 0; d < dims; d++) z[d] += row[d];
    }
    return z.every((x) => Math.abs(x) < 1e-7);
  };
  /**
   * An insider's group: what is left of a unit once the reader's own answers and derivable colleagues are taken off,
   * over the group's months and any months besides in which the unit holds only such answers (the unit's tertial less
   * the reader and a colleague over it is the group, though the colleague alone was in its first month).
   */
  const insiderComplement = (atoms: ReadonlyArray<(typeof live)[number]>, months: readonly string[], who: ReadonlySet<string>) => {
    // m − 1 others: the reader's own answers left in the group (not taken off) do not make one of them.
    if ([...who].filter((c) => c !== reader.self).length < Math.max(1, reader.m - 1)) return false;
    const inGroup = new Set(atoms.map((a) => a.index));
    return tree.units.some((u) => {
      if (!atoms.every((a) => within(a.unit, u))) return false;
      const inUnit = live.filter((a) => within(a.unit, u));
      const takeable = (a: (typeof live)[number]) => a.counselor === reader.self || reader.transparent.has(a.counselor);
      const extra = [...new Set(inUnit.filter((a) => !months.includes(a.month)).map((a) => a.month))].filter((m) =>
        inUnit.every((a) => a.month !== m || takeable(a)),
      );
      if (extra.length > 8) throw new Error(`adversary: ${extra.length} extra months, too many subsets`);
      for (let mask = 0; mask < 1 << extra.length; mask++) {
        const span = [...months, ...extra.filter((_, i) => mask & (1 << i))];
        const others = inUnit.filter((a) => span.includes(a.month) && !inGroup.has(a.index));
        if (!others.some((a) => a.counselor === reader.self)) continue;
        if (!others.every(takeable)) continue;
        // Each colleague's part taken off must be derivable by itself. A colleague may be taken off in some months and
        // stay in the group in others (a team's tertial less me, less a colleague, less that colleague's one known month):
        // the group then still holds m − 1 others and tells no counselor in it more than the insider's group it came from.
        const leaves = new Set(others.filter((a) => a.counselor !== reader.self).map((a) => `${a.counselor}@${a.unit}`));
        if ([...leaves].every((key) => derivable(others.filter((a) => `${a.counselor}@${a.unit}` === key)))) return true;
      }
      return false;
    });
  };

  const found: Disclosure[] = [];
  const seen = new Set<string>();
  if (families.has('pairs')) {
    const cells = new Map<string, typeof live>();
    for (const a of live) cells.set(`${a.unit}|${a.month}`, [...(cells.get(`${a.unit}|${a.month}`) ?? []), a]);
    const keys = [...cells.keys()];
    for (let i = 0; i < keys.length; i++) {
      for (let j = i + 1; j < keys.length; j++) {
        if (keys[i].split('|')[0] === keys[j].split('|')[0]) continue;
        const atoms = [...cells.get(keys[i])!, ...cells.get(keys[j])!];
        const answers = atoms.reduce((s, a) => s + a.n, 0);
        const who = new Set(atoms.map((a) => a.counselor));
        const unsafe = answers < reader.k || (who.size < reader.m && ![...who].every((c) => reader.transparent.has(c)));
        if (unsafe && derivable(atoms))
          found.push({ family: 'pairs', group: `${keys[i]} + ${keys[j]}`, months: [], answers, counselors: who.size });
      }
    }
  }
  for (const g of groups) {
    if (g.atoms.length === 0) continue;
    const months = [...new Set(g.atoms.map((a) => a.month))].sort();
    const columns = months.map((m) => {
      const z = new Float64Array(dims);
      for (const a of g.atoms)
        if (a.month === m) {
          const row = of[position.get(a.index)!];
          for (let d = 0; d < dims; d++) z[d] += row[d];
        }
      return z;
    });
    for (const x of dims === 0 ? allSubsets(months.length) : zeroOneSolutions(columns, dims)) {
      const chosen = months.filter((_, j) => x[j] === 1);
      const atoms = g.atoms.filter((a) => chosen.includes(a.month));
      const answers = atoms.reduce((s, a) => s + a.n, 0);
      const who = new Set(atoms.map((a) => a.counselor));
      const allSeen = [...who].every((c) => reader.transparent.has(c));
      const unsafe = answers > 0 && (answers < reader.k || (who.size < reader.m && !allSeen && !insiderComplement(atoms, chosen, who)));
      if (!unsafe) continue;
      // The same answers found through two families are one finding.
      const key = atoms
        .map((a) => a.index)
        .sort((p, q) => p - q)
        .join(',');
      if (seen.has(key)) continue;
      seen.add(key);
      found.push({ family: g.family, group: g.name, months: chosen, answers, counselors: who.size });
    }
  }
  return found;
}

/** With an empty null space every figure's atoms are known one by one: every subset of months is derivable. */
function allSubsets(n: number): number[][] {
  const out: number[][] = [];
  for (let mask = 1; mask < 1 << n; mask++) out.push(Array.from({ length: n }, (_, j) => (mask & (1 << j) ? 1 : 0)));
  return out;
}
