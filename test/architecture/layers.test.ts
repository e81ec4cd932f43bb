import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * The house rules for src/, read from the import statements (static, type-only and dynamic alike):
 * - the composition roots (the files directly in src/: app.ts, cli.ts, server.ts, worker.ts, …) wire features;
 *   no module below imports them;
 * - the shared leaves (time, i18n, files, contacts, validation, stats, db, core, ledger) import only other leaves;
 * - no cycle between files, and no cycle between modules (two or more modules that reach one another through their
 *   imports) beyond the ones listed in KNOWN_MODULE_CYCLES, which may only shrink: a new cycle fails here.
 */
const src = fileURLToPath(new URL('../../src/', import.meta.url));
const LEAVES = new Set(['time', 'i18n', 'files', 'contacts', 'validation', 'stats', 'db', 'core', 'ledger']);

/** Module cycles still to be taken apart (a shared part moved down): none left; a new one fails here. */
const KNOWN_MODULE_CYCLES: ReadonlyArray<readonly string[]> = [];

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return filesUnder(path);
    return /\.(ts|tsx)$/.test(name) && !name.endsWith('.d.ts') ? [path] : [];
  });
}

const files = filesUnder(src);
const IMPORT = /(?:^|[\s;])(?:import|export)\s+(?:type\s+)?(?:[^'"]*?\sfrom\s+)?['"](\.[^'"]+)['"]|import\(\s*['"](\.[^'"]+)['"]\s*\)/g;
const importsOf = new Map<string, string[]>();
for (const file of files) {
  const text = readFileSync(file, 'utf8');
  const targets: string[] = [];
  for (const match of text.matchAll(IMPORT)) targets.push(normalize(join(dirname(file), match[1] ?? match[2])));
  importsOf.set(file, targets);
}
/** The module of a file: its folder under src/, or '' for a composition root. */
const moduleOf = (file: string) => {
  const parts = relative(src, file).split('/');
  return parts.length > 1 ? parts[0] : '';
};
const name = (file: string) => relative(src, file);

describe('layers of src/', () => {
  it('finds the imports it checks (so an empty result means something)', () => {
    expect(files.length).toBeGreaterThan(100);
    expect(importsOf.get(join(src, 'cli.ts'))!.length).toBeGreaterThan(3);
  });

  it('no module imports a composition root', () => {
    const offending = files.flatMap((f) =>
      moduleOf(f) === ''
        ? []
        : importsOf
            .get(f)!
            .filter((t) => moduleOf(t) === '')
            .map((t) => `${name(f)} → ${name(t)}`),
    );
    expect(offending).toEqual([]);
  });

  it('the shared leaves import only shared leaves', () => {
    const offending = files.flatMap((f) =>
      LEAVES.has(moduleOf(f))
        ? importsOf
            .get(f)!
            .filter((t) => !LEAVES.has(moduleOf(t)))
            .map((t) => `${name(f)} → ${name(t)}`)
        : [],
    );
    expect(offending).toEqual([]);
  });

  it('no file imports itself through others', () => {
    const state = new Map<string, 'open' | 'done'>();
    const cycles: string[] = [];
    const visit = (file: string, path: string[]) => {
      if (state.get(file) === 'done') return;
      if (state.get(file) === 'open') {
        cycles.push([...path.slice(path.indexOf(file)), file].map(name).join(' → '));
        return;
      }
      state.set(file, 'open');
      for (const t of importsOf.get(file) ?? []) if (importsOf.has(t)) visit(t, [...path, file]);
      state.set(file, 'done');
    };
    for (const f of files) visit(f, []);
    expect(cycles).toEqual([]);
  });

  it('no cycle between modules, of any length, beyond the known ones (which may only shrink)', () => {
    const edges = new Map<string, Set<string>>();
    for (const f of files) {
      for (const t of importsOf.get(f)!) {
        const [a, b] = [moduleOf(f), moduleOf(t)];
        if (a !== b && a !== '' && b !== '') edges.set(a, new Set([...(edges.get(a) ?? []), b]));
      }
    }
    // Modules that reach each other (Tarjan's strongly connected components): each one of more than one module is a cycle.
    const index = new Map<string, number>();
    const low = new Map<string, number>();
    const stack: string[] = [];
    const cycles: string[] = [];
    const connect = (v: string) => {
      index.set(v, index.size);
      low.set(v, index.get(v)!);
      stack.push(v);
      for (const w of edges.get(v) ?? []) {
        if (!index.has(w)) {
          connect(w);
          low.set(v, Math.min(low.get(v)!, low.get(w)!));
        } else if (stack.includes(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
      }
      if (low.get(v) !== index.get(v)) return;
      const component: string[] = [];
      for (let w = stack.pop()!; ; w = stack.pop()!) {
        component.push(w);
        if (w === v) break;
      }
      if (component.length > 1) cycles.push(component.sort().join(' ↔ '));
    };
    for (const v of [...edges.keys()].sort()) if (!index.has(v)) connect(v);
    expect(cycles.sort()).toEqual(KNOWN_MODULE_CYCLES.map((c) => [...c].sort().join(' ↔ ')).sort());
  });
});
