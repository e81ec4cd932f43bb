import { readFileSync, writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { StatsInputError } from '../stats/index.ts';
import { compareGroupsByItem } from './analysis.ts';
import { formatTableCsv, parseAnswersCsv } from './csv.ts';

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
    .action((answersPath: string, opts: { group: string; out: string; items?: string; reference?: string }) => {
      try {
        const text = readFileSync(answersPath, 'utf8');
        const items = opts.items?.split(',').map((s) => s.trim()).filter((s) => s !== '');
        const parsed = parseAnswersCsv(text, opts.group, items);
        const rows = compareGroupsByItem(parsed.respondents, parsed.items, { referenceGroup: opts.reference });
        writeFileSync(opts.out, formatTableCsv(rows));
        for (const r of rows) if (r.note) console.error(`item ${r.item}, group ${r.group}: no test (${r.note})`);
        console.log(`Wrote ${rows.length} rows (${parsed.items.length} items, ${parsed.respondents.length} respondents) to ${opts.out}`);
      } catch (error) {
        if (error instanceof StatsInputError || (error as NodeJS.ErrnoException).code === 'ENOENT') {
          console.error(`staff analyze: ${(error as Error).message}`);
          process.exitCode = 1;
          return;
        }
        throw error;
      }
    });
}
