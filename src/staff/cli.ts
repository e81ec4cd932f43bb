import { readFileSync, writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { reportError } from '../core/cli-errors.ts';

/** Registers `brukerstemme staff analyze ANSWERS.csv --group COLUMN --out TABLE.csv`. */
export function registerStaffCommands(program: Command): void {
  const staff = program.command('staff').description('analyses of staff surveys');
  staff
    .command('analyze')
    .description('share positive (4–5) per item and group, logistic regression with group as predictor, markers * p<0.10, ** p<0.05')
    .argument('<answers>', 'ANSWERS.csv: one row per respondent, the group column and one column per item (1–5, empty = no answer)')
    .requiredOption('--group <column>', 'the column holding the group (e.g. role)')
    .requiredOption('--out <file>', 'where to write TABLE.csv')
    .option('--items <columns>', 'comma-separated item columns (default: every column but the group)')
    .option('--reference <group>', 'the group others are compared with (default: the largest)')
    .option('--min-answers <n>', 'groups with fewer respondents are left out, cells with fewer answers are blank (default: MIN_ANSWERS, 5)')
    .action(async (answersPath: string, opts: { group: string; out: string; items?: string; reference?: string; minAnswers?: string }) => {
      // Loaded here so that registering the command (every start of the command line) costs nothing.
      const [{ StatsInputError }, { loadConfig }, { P_FLOOR, P_FLOOR_TEXT }, { staffTable }] = await Promise.all([
        import('../stats/index.ts'),
        import('../core/config.ts'),
        import('./pvalue.ts'),
        import('./table.ts'),
      ]);
      try {
        const minAnswers = opts.minAnswers === undefined ? loadConfig().MIN_ANSWERS : Number(opts.minAnswers);
        if (!Number.isInteger(minAnswers) || minAnswers < 1) {
          console.error(`staff analyze: --min-answers must be a whole number of at least 1, got "${opts.minAnswers}"`);
          process.exitCode = 1;
          return;
        }
        const text = readFileSync(answersPath, 'utf8');
        const items = opts.items
          ?.split(',')
          .map((s) => s.trim())
          .filter((s) => s !== '');
        // The same function the web page's download uses (src/staff/table.ts).
        const table = staffTable({ csv: text, group: opts.group, items, reference: opts.reference, minAnswers });
        writeFileSync(opts.out, table.csv);
        if (table.leftOut.groups > 0) {
          console.error(
            `${table.leftOut.groups} group(s) with fewer than ${minAnswers} respondents left out (${table.leftOut.respondents} respondents)`,
          );
        }
        for (const r of table.rows) {
          if (r.status === 'not testable')
            console.error(`item ${r.item}, group ${r.group}: not testable (${r.note?.replace(/^not testable: /, '') ?? 'no test'})`);
          else if (r.note) console.error(`item ${r.item}, group ${r.group}: no test (${r.note})`);
        }
        const tiny = table.rows.filter((r) => r.pValue !== null && r.pValue < P_FLOOR);
        if (tiny.length > 0) {
          console.error(
            `${tiny.length} p-value(s) ${P_FLOOR_TEXT} (written as numbers in p_value, e.g. item ${tiny[0].item}, group ${tiny[0].group}: ${tiny[0].pValue!.toPrecision(6)})`,
          );
        }
        console.log(
          `Wrote ${table.rows.length} rows (${table.parsed.items.length} items, ${table.parsed.respondents.length} respondents) to ${opts.out}`,
        );
      } catch (error) {
        if (error instanceof StatsInputError || (error as NodeJS.ErrnoException).syscall !== undefined) {
          reportError('staff analyze', error);
          process.exitCode = 1;
          return;
        }
        throw error;
      }
    });
}
