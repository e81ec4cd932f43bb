import { createReadStream } from 'node:fs';
import { parse } from 'csv-parse';
import cliProgress from 'cli-progress';
import type { AppContext } from '../core/context.ts';
import { AppError } from '../core/errors.ts';
import { meetingEventSchema } from './schema.ts';
import { ingestMeetings, referenceProblems, type MeetingReference } from './service.ts';

/**
 * Batch file import for case systems that deliver files instead of calling the API. The file is
 * validated whole first, so a bad line means nothing is written; then it is registered in batches,
 * each all-or-nothing and idempotent, so an interrupted import can simply be run again.
 *
 * CSV columns are the API's field names (external_id, starts_at, counselor_id, unit_id, channel,
 * meeting_kind, email, mobile, language, sensitive, protected_address, age_band, innsatsgruppe,
 * benefit, recent_adverse_decision, interpreter_used, first_meeting). Empty cells mean "not given";
 * booleans are true/false.
 */

const BOOLEAN_COLUMNS = new Set(['sensitive', 'protected_address', 'recent_adverse_decision', 'interpreter_used', 'first_meeting']);

export function csvRowToEvent(row: Record<string, string>): Record<string, unknown> {
  const event: Record<string, unknown> = {};
  for (const [column, raw] of Object.entries(row)) {
    const value = raw.trim();
    if (value === '') continue;
    if (BOOLEAN_COLUMNS.has(column)) {
      const lower = value.toLowerCase();
      event[column] =
        lower === 'true' || lower === '1' || lower === 'ja' ? true : lower === 'false' || lower === '0' || lower === 'nei' ? false : value;
    } else event[column] = value;
  }
  return event;
}

async function* rows(path: string): AsyncGenerator<{ line: number; event: Record<string, unknown> }> {
  const file = createReadStream(path);
  const parser = file.pipe(parse({ columns: true, skip_empty_lines: true, bom: true }));
  // pipe() does not pass on a read error (a missing file): without this it would end the process.
  file.on('error', (error) => parser.destroy(error));
  let line = 1;
  for await (const record of parser as AsyncIterable<Record<string, string>>) {
    line++;
    yield { line, event: csvRowToEvent(record) };
  }
}

export type ImportResult =
  | { ok: true; total: number; created: number; duplicate: number; conflict: number }
  | { ok: false; errors: Array<{ line: number; field: string; message: string }> };

export async function importMeetingsFile(
  ctx: AppContext,
  path: string,
  opts: { batchSize?: number; progress?: boolean } = {},
): Promise<ImportResult> {
  const batchSize = opts.batchSize ?? 1000;
  const errors: Array<{ line: number; field: string; message: string }> = [];
  let total = 0;
  // Only what the reference check needs is kept per line, so a large file stays small in memory.
  const references: Array<MeetingReference & { line: number }> = [];
  for await (const { line, event } of rows(path)) {
    total++;
    const parsed = meetingEventSchema.safeParse(event);
    if (!parsed.success)
      for (const issue of parsed.error.issues) errors.push({ line, field: issue.path.join('.') || '(row)', message: issue.message });
    else references.push({ line, counselor_id: parsed.data.counselor_id, unit_id: parsed.data.unit_id, starts_at: parsed.data.starts_at });
  }
  // Counselors, units and times the meetings may not have are found before anything is written, too.
  for (const problem of await referenceProblems(ctx, references))
    errors.push({ line: references[problem.index].line, field: problem.field, message: problem.message });
  if (errors.length > 0) return { ok: false, errors: errors.sort((a, b) => a.line - b.line) };

  const bar = opts.progress
    ? new cliProgress.SingleBar(
        { format: 'Importing {bar} {value}/{total} events | {eta_formatted} left' },
        cliProgress.Presets.shades_classic,
      )
    : null;
  bar?.start(total, 0);
  const counts = { created: 0, duplicate: 0, conflict: 0 };
  let batch: Array<{ line: number; event: Record<string, unknown> }> = [];
  const flush = async () => {
    if (batch.length === 0) return;
    try {
      const results = await ingestMeetings(
        ctx,
        `import:${path.split('/').pop()}`,
        batch.map((b) => b.event),
      );
      for (const r of results) counts[r.status]++;
    } catch (error) {
      // A reference problem found only now (the register changed meanwhile): report by file line, stop (earlier batches stay, re-running is safe).
      if (error instanceof AppError) {
        const lineOf = (field: string) => batch[Number(field.split('.')[1])]?.line ?? 0;
        bar?.stop();
        throw new ImportError(
          error.fields.map((f) => ({ line: lineOf(f.field), field: f.field.split('.').slice(2).join('.'), message: f.message })),
        );
      }
      throw error;
    }
    bar?.increment(batch.length);
    batch = [];
  };
  try {
    for await (const row of rows(path)) {
      batch.push(row);
      if (batch.length >= batchSize) await flush();
    }
    await flush();
  } catch (error) {
    if (error instanceof ImportError) return { ok: false, errors: error.errors };
    throw error;
  } finally {
    bar?.stop();
  }
  return { ok: true, total, ...counts };
}

class ImportError extends Error {
  constructor(public readonly errors: Array<{ line: number; field: string; message: string }>) {
    super('import failed');
  }
}
