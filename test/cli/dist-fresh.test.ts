import { mkdirSync, mkdtempSync, renameSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { distIsFresh } from '../../bin/dist-fresh.js';

/**
 * bin/brukerstemme.js runs dist/ only while it is fresh: an edited, added, deleted or renamed source
 * is never shadowed by an older build. The stamp lists what it covers (scripts/build.mjs writes it);
 * these write one by hand, as the build does, with times set apart by a minute.
 */
let root: string;
const minute = 60_000;
const at = (path: string, ms: number) => utimesSync(path, new Date(ms), new Date(ms));
const t0 = Date.now() - 10 * minute;

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'bs-fresh-'));
  mkdirSync(join(root, 'src', 'qmethod'), { recursive: true });
  mkdirSync(join(root, 'dist'));
  writeFileSync(join(root, 'src', 'cli.ts'), '');
  writeFileSync(join(root, 'src', 'qmethod', 'cli.ts'), '');
  for (const p of ['src/cli.ts', 'src/qmethod/cli.ts', 'src/qmethod', 'src']) at(join(root, p), t0);
  writeFileSync(join(root, 'dist', 'BUILT'), `${new Date(t0 + minute).toISOString()}\n.\ncli.ts\nqmethod\nqmethod/cli.ts\nend\n`);
  at(join(root, 'dist', 'BUILT'), t0 + minute);
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('distIsFresh', () => {
  it('is fresh while nothing listed is newer than the stamp', () => {
    expect(distIsFresh(root)).toBe(true);
  });

  it('is stale without a stamp, or with a stamp that does not list what it covers (an older build, a cut-short write)', () => {
    writeFileSync(join(root, 'dist', 'BUILT'), `${new Date(t0 + minute).toISOString()}\n`);
    at(join(root, 'dist', 'BUILT'), t0 + minute);
    expect(distIsFresh(root)).toBe(false);
    writeFileSync(join(root, 'dist', 'BUILT'), `${new Date(t0 + minute).toISOString()}\n.\ncli.ts\n`);
    at(join(root, 'dist', 'BUILT'), t0 + minute);
    expect(distIsFresh(root)).toBe(false);
    rmSync(join(root, 'dist', 'BUILT'));
    expect(distIsFresh(root)).toBe(false);
  });

  it('is stale once a source is edited in place (only the file’s time changes)', () => {
    at(join(root, 'src', 'qmethod', 'cli.ts'), t0 + 2 * minute);
    expect(distIsFresh(root)).toBe(false);
  });

  it('is stale once a source is added, deleted or renamed (its folder’s time changes)', () => {
    writeFileSync(join(root, 'src', 'qmethod', 'new.ts'), '');
    expect(distIsFresh(root)).toBe(false);
  });

  it('is stale once a listed source is gone, whatever the times', () => {
    renameSync(join(root, 'src', 'qmethod', 'cli.ts'), join(root, 'src', 'qmethod', 'main.ts'));
    at(join(root, 'src', 'qmethod'), t0);
    expect(distIsFresh(root)).toBe(false);
  });

  it('is stale once a folder is added, even one holding only old files', () => {
    mkdirSync(join(root, 'src', 'extra'));
    writeFileSync(join(root, 'src', 'extra', 'a.ts'), '');
    at(join(root, 'src', 'extra', 'a.ts'), t0);
    at(join(root, 'src', 'extra'), t0);
    expect(distIsFresh(root)).toBe(false);
  });
});
