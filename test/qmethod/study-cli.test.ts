import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli.ts';
import { openDatabase } from '../../src/db/database.ts';
import { parseSortsCsv } from '../../src/qmethod/formats.ts';
import { gridPositions, symmetricGrid } from '../../src/qmethod/grid.ts';
import { participantForToken, submitSort } from '../../src/qmethod/study.ts';

const work = mkdtempSync(join(tmpdir(), 'qmethod-study-cli-'));
const saved = { DATA_DIR: process.env.DATA_DIR, DATABASE_URL: process.env.DATABASE_URL, PUBLIC_URL: process.env.PUBLIC_URL };
afterAll(() => {
  for (const [k, v] of Object.entries(saved)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  rmSync(work, { recursive: true, force: true });
});

async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  process.env.DATA_DIR = join(work, 'data');
  delete process.env.DATABASE_URL;
  process.env.PUBLIC_URL = 'https://brukerstemme.example';
  const out: string[] = [];
  const err: string[] = [];
  const log = vi.spyOn(console, 'log').mockImplementation((...parts: unknown[]) => void out.push(parts.join(' ')));
  const error = vi.spyOn(console, 'error').mockImplementation((...parts: unknown[]) => void err.push(parts.join(' ')));
  const previous = process.exitCode;
  process.exitCode = undefined;
  try {
    await main(['node', 'brukerstemme', 'qmethod', ...args]);
    return { code: Number(process.exitCode ?? 0), stdout: out.join('\n'), stderr: err.join('\n') };
  } finally {
    process.exitCode = previous;
    log.mockRestore();
    error.mockRestore();
  }
}

const GRID = symmetricGrid([1, 2, 3]); // −2…+2, 9 cards
const setup = {
  title: 'Liten studie',
  languages: ['nb'],
  instructions: { nb: 'Sorter utsagnene.' },
  presort: false,
  statements: Array.from({ length: 9 }, (_, i) => ({ id: `u${i + 1}`, text: { nb: `Utsagn ${i + 1}` } })),
  grid: GRID,
};

describe('researcher flow on the command line: create, open, invite, collect, export, analyse', () => {
  it('runs end to end against the configured database', async () => {
    const setupPath = join(work, 'study.json');
    writeFileSync(setupPath, JSON.stringify(setup));
    const created = await cli('study-create', setupPath);
    expect(created.code).toBe(0);
    const studyId = created.stdout.trim();
    expect(studyId).toMatch(/^[0-9a-f-]{36}$/);

    const broken = join(work, 'broken.json');
    writeFileSync(broken, JSON.stringify({ ...setup, grid: symmetricGrid([1, 2, 2]) }));
    const refused = await cli('study-create', broken);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/grid holds 8 cards but the Q-set has 9 statements/);

    expect((await cli('study-open', studyId)).code).toBe(0);
    const invited = await cli('invite', studyId, 'K1', 'K2', 'K3', 'K4');
    const links = invited.stdout.split('\n').map((line) => line.split('\t'));
    expect(links.map((l) => l[0])).toEqual(['K1', 'K2', 'K3', 'K4']);
    expect(links.every((l) => l[1].startsWith('https://brukerstemme.example/q/'))).toBe(true);

    // Participants sort (here straight through the store, as the sorting page does).
    const positions = gridPositions(GRID);
    const sorts = [0, 1, 2, 3].map((k) =>
      Object.fromEntries(setup.statements.map((s, i) => [s.id, positions[(i * (k % 2 ? 2 : 4) + k) % 9]])),
    );
    const handle = await openDatabase({ dataDir: join(work, 'data', 'pglite') });
    try {
      for (const [k, [, link]] of links.entries()) {
        const p = (await participantForToken(handle.db, link.split('/q/')[1]))!;
        if (k < 3) await submitSort(handle.db, p.participantId, { placements: sorts[k] });
      }
    } finally {
      await handle.close();
    }

    const csv = join(work, 'sorts.csv');
    const exported = await cli('study-sorts', studyId, '--out', csv);
    expect(exported.stdout).toMatch(/Wrote 3 submitted sorts of 9 statements/);
    const data = parseSortsCsv(readFileSync(csv, 'utf8'));
    expect(data.participants).toEqual(['K1', 'K2', 'K3']);
    expect(data.values.map((row) => row[1])).toEqual(setup.statements.map((s) => sorts[1][s.id]));

    const analysed = await cli('analyze', csv, '--factors', '1', '--flag-threshold', '0.1', '--out', join(work, 'result'));
    expect(analysed.code).toBe(0);
    expect(readFileSync(join(work, 'result', 'arrays.csv'), 'utf8').split('\n')[0]).toBe('statement,f1');

    expect((await cli('study-sorts', 'no-such-study', '--out', csv)).stderr).toMatch(/There is no study "no-such-study"/);
    // About ten separate processes, each opening the database: minutes on a busy 2-core machine, not seconds.
  }, 300_000);
});
