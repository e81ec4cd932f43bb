import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import type { Command } from 'commander';
import type { ExtractionMethod, ManualRotation, RotationMethod } from './analysis.ts';
import { InvalidInputError, QmethodError } from './errors.ts';
import type { GridColumn, QSortData } from './grid.ts';
import type { FlagOverride, FlagThreshold } from './scores.ts';
import type { AppContext, OpenApp } from '../core/context.ts';
import type { DatabaseHandle } from '../db/database.ts';
import { reportError } from '../core/cli-errors.ts';

/*
 * Registering these commands loads only errors.ts (small, no imports): the analysis, the file
 * formats and the database are imported inside the action that needs them.
 */

const collect = (value: string, previous: string[]) => [...previous, value];

async function readSorts(path: string): Promise<QSortData> {
  const text = readFileSync(path, 'utf8');
  const { parsePqmethodDat, parseSortsCsv } = await import('./formats.ts');
  return extname(path).toLowerCase() === '.dat' ? parsePqmethodDat(text).data : parseSortsCsv(text);
}

async function writeSorts(path: string, data: QSortData, title: string): Promise<void> {
  const { writePqmethodDat, writeSortsCsv } = await import('./formats.ts');
  writeFileSync(path, extname(path).toLowerCase() === '.dat' ? writePqmethodDat(data, title) : writeSortsCsv(data));
}

function parseFactorCount(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidInputError(`--factors must be a whole number of at least 1, not "${value}".`);
  return n;
}

function parseThreshold(value: string): FlagThreshold {
  if (value === 'p05' || value === '0.05' || value === '.05') return 'p05';
  if (value === 'p01' || value === '0.01' || value === '.01') return 'p01';
  const n = Number(value);
  if (!Number.isFinite(n)) throw new InvalidInputError(`--flag-threshold takes p05, p01 or a loading such as 0.42, not "${value}".`);
  return n;
}

/** "-5:1,-4:2,…" → grid columns. */
function parseGrid(value: string): GridColumn[] {
  return value.split(',').map((part) => {
    const match = /^\s*([+-]?\d+)\s*:\s*(\d+)\s*$/.exec(part);
    if (!match) throw new InvalidInputError(`--grid takes position:count pairs such as -1:2,0:3,1:2; "${part}" is not one.`);
    return { position: Number(match[1]), count: Number(match[2]) };
  });
}

function factorIndex(name: string, factors: number, option: string): number {
  const match = /^f?(\d+)$/i.exec(name.trim());
  const index = match ? Number(match[1]) - 1 : -1;
  if (index < 0 || index >= factors) throw new InvalidInputError(`${option}: "${name}" is not one of the factors f1…f${factors}.`);
  return index;
}

function parseFlagOverrides(values: string[], flagged: boolean, data: QSortData, factors: number): FlagOverride[] {
  const option = flagged ? '--flag' : '--unflag';
  return values.map((value) => {
    const at = value.lastIndexOf(':');
    const participant = data.participants.indexOf(value.slice(0, at));
    if (at < 0 || participant < 0)
      throw new InvalidInputError(`${option} takes PARTICIPANT:fN with a participant of the file; "${value}" is not one.`);
    return { participant, factor: factorIndex(value.slice(at + 1), factors, option), flagged };
  });
}

function parseRotations(values: string[], factors: number): ManualRotation[] {
  return values.map((value) => {
    const [a, b, degrees, ...rest] = value.split(',');
    if (degrees === undefined || rest.length > 0 || !Number.isFinite(Number(degrees))) {
      throw new InvalidInputError(`--rotate takes fA,fB,DEGREES such as f1,f2,15; "${value}" is not that.`);
    }
    return { factorA: factorIndex(a, factors, '--rotate'), factorB: factorIndex(b, factors, '--rotate'), degrees: Number(degrees) };
  });
}

interface AnalyzeOptions {
  factors: string;
  extraction: string;
  rotation: string;
  out: string;
  flagThreshold: string;
  grid?: string;
  flag: string[];
  unflag: string[];
  rotate: string[];
}

/** A bad file or option (or a file that cannot be read) is one line and exit code 1; anything else goes up to main. */
function fail(command: string, error: unknown): void {
  if (error instanceof QmethodError || (error as NodeJS.ErrnoException).syscall !== undefined) {
    reportError(`qmethod ${command}`, error);
    process.exitCode = 1;
    return;
  }
  throw error;
}

/** Runs `body` against the configured database (opened by the composition root's `openApp`) and closes it again. */
async function withApp<T>(openApp: OpenApp, body: (ctx: AppContext & { handle: DatabaseHandle }) => Promise<T>): Promise<T> {
  const { loadConfig } = await import('../core/config.ts');
  const ctx = await openApp(loadConfig());
  try {
    return await body(ctx);
  } finally {
    await ctx.handle.close();
  }
}

/** Registers `brukerstemme qmethod analyze|convert|study-create|study-open|study-close|invite|study-sorts`. */
/** The Q-method commands; those that use the database open it with `openApp` (from src/app.ts, loaded when a command runs). */
export function registerQmethodCommands(program: Command, openApp: OpenApp): void {
  const qmethod = program.command('qmethod').description('Q-method studies: by-person factor analysis of Q-sorts');

  qmethod
    .command('analyze')
    .description('full Q analysis: extraction, rotation, flagging, factor scores and arrays, distinguishing and consensus statements')
    .argument(
      '<sorts>',
      'SORTS.csv: first column statement ids, then one column per participant (header = participant ids), values = grid positions; or a PQMethod .DAT file',
    )
    .requiredOption('--factors <n>', 'number of factors to extract')
    .option('--extraction <method>', 'pca or centroid', 'pca')
    .option('--rotation <method>', 'varimax or none', 'varimax')
    .requiredOption(
      '--out <dir>',
      'directory for loadings.csv, flags.csv, zscores.csv, arrays.csv, distinguishing.csv, consensus.csv, factors.csv, score-correlations.csv',
    )
    .option(
      '--flag-threshold <level>',
      'automatic flag: p05 (|a| ≥ 1.96/√statements), p01 (2.58/√statements) or a fixed loading such as 0.42; always also a² > h²/2',
      'p05',
    )
    .option(
      '--grid <columns>',
      "the study grid as position:count pairs (e.g. -2:1,-1:2,0:3,1:2,2:1); default: the first sort's distribution",
    )
    .option('--flag <participant:fN>', 'flag a sort on a factor by hand (repeatable)', collect, [])
    .option('--unflag <participant:fN>', 'remove an automatic flag (repeatable)', collect, [])
    .option(
      '--rotate <fA,fB,degrees>',
      'judgemental rotation of two factors after the rotation method (repeatable, applied in order)',
      collect,
      [],
    )
    .action(async (sortsPath: string, opts: AnalyzeOptions) => {
      try {
        const [{ analyzeQSorts }, { analysisFiles }] = await Promise.all([import('./analysis.ts'), import('./output.ts')]);
        const data = await readSorts(sortsPath);
        const factors = parseFactorCount(opts.factors);
        const result = analyzeQSorts(data, {
          factors,
          extraction: opts.extraction as ExtractionMethod,
          rotation: opts.rotation as RotationMethod,
          flagThreshold: parseThreshold(opts.flagThreshold),
          grid: opts.grid === undefined ? undefined : parseGrid(opts.grid),
          flagOverrides: [...parseFlagOverrides(opts.unflag, false, data, factors), ...parseFlagOverrides(opts.flag, true, data, factors)],
          manualRotations: parseRotations(opts.rotate, factors),
        });
        // Everything is computed before the directory is touched, so a failure writes nothing.
        const files = analysisFiles(result);
        mkdirSync(opts.out, { recursive: true });
        for (const [name, content] of Object.entries(files)) writeFileSync(join(opts.out, name), content);
        // As R qmethod: a factor without flagged sorts leaves its cells empty, with a warning; exit status 0.
        for (const f of result.unflaggedFactors) {
          const name = result.factorNames[f];
          console.error(
            `qmethod analyze: warning: no sort is flagged on factor ${name}; its z-scores, factor array, standard error and score correlations are left empty, ` +
              `and the distinguishing and consensus statements are found among the other factors. ` +
              `Look at loadings.csv and flag by hand (--flag PARTICIPANT:${name}), or extract fewer factors.`,
          );
        }
        const perFactor = result.characteristics.map((c, f) => `${result.factorNames[f]}: ${c.definingSorts}`).join(', ');
        console.log(
          `Analysed ${data.participants.length} sorts of ${data.statements.length} statements (${result.options.extraction}, ${result.options.rotation}); ` +
            `flag threshold ${result.flagThreshold.toFixed(4)}; defining sorts ${perFactor}. Wrote ${Object.keys(files).length} files to ${opts.out}`,
        );
      } catch (error) {
        fail('analyze', error);
      }
    });

  qmethod
    .command('convert')
    .description('convert sorts between CSV (statements × participants) and PQMethod .DAT, by file extension')
    .argument('<input>', 'a .csv or .dat file')
    .argument('<output>', 'a .csv or .dat file')
    .option('--title <text>', 'study title for a .DAT file', 'Q study')
    .action(async (input: string, output: string, opts: { title: string }) => {
      try {
        const data = await readSorts(input);
        await writeSorts(output, data, opts.title);
        console.log(`Wrote ${data.participants.length} sorts of ${data.statements.length} statements to ${output}`);
      } catch (error) {
        fail('convert', error);
      }
    });

  qmethod
    .command('study-create')
    .description(
      'create a Q study (draft) from a JSON set-up: title, languages, instructions, presort, statements [{id, text}], grid [{position, count}], postsortQuestions',
    )
    .argument('<setup>', 'STUDY.json')
    .action(async (setupPath: string) => {
      try {
        const input: unknown = JSON.parse(readFileSync(setupPath, 'utf8'));
        const { createStudy } = await import('./study.ts');
        const id = await withApp(openApp, (ctx) => createStudy(ctx.db, input));
        console.log(id);
      } catch (error) {
        fail(
          'study-create',
          error instanceof SyntaxError ? new InvalidInputError(`${setupPath} is not valid JSON: ${error.message}`) : error,
        );
      }
    });

  for (const [name, status] of [
    ['study-open', 'open'],
    ['study-close', 'closed'],
  ] as const) {
    qmethod
      .command(name)
      .description(status === 'open' ? 'open a draft study for sorting' : 'close an open study')
      .argument('<study>', 'study id')
      .action(async (studyId: string) => {
        try {
          const { setStudyStatus } = await import('./study.ts');
          await withApp(openApp, (ctx) => setStudyStatus(ctx.db, studyId, status));
          console.log(`Study ${studyId} is ${status}.`);
        } catch (error) {
          fail(name, error);
        }
      });
  }

  qmethod
    .command('invite')
    .description("add participants by pseudonymous label and print each one's personal sorting link (shown once; only a hash is stored)")
    .argument('<study>', 'study id')
    .argument('<labels...>', 'participant labels (1–10 characters)')
    .action(async (studyId: string, labels: string[]) => {
      try {
        const [{ addParticipants }, { publicUrl }] = await Promise.all([import('./study.ts'), import('../core/config.ts')]);
        await withApp(openApp, async (ctx) => {
          const created = await addParticipants(ctx.db, studyId, labels);
          for (const p of created) console.log(`${p.label}\t${publicUrl(ctx.config)}/q/${p.token}`);
        });
      } catch (error) {
        fail('invite', error);
      }
    });

  qmethod
    .command('study-sorts')
    .description('export the submitted sorts of a study as SORTS.csv (for qmethod analyze) or PQMethod .DAT, by extension')
    .argument('<study>', 'study id')
    .requiredOption('--out <file>', 'a .csv or .dat file')
    .action(async (studyId: string, opts: { out: string }) => {
      try {
        const { loadSubmittedSorts } = await import('./study.ts');
        const { data } = await withApp(openApp, (ctx) => loadSubmittedSorts(ctx.db, studyId));
        await writeSorts(opts.out, data, studyId);
        console.log(`Wrote ${data.participants.length} submitted sorts of ${data.statements.length} statements to ${opts.out}`);
      } catch (error) {
        fail('study-sorts', error);
      }
    });
}
