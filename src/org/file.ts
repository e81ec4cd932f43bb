import { readFile } from 'node:fs/promises';
import { parse } from 'csv-parse/sync';
import type { Database } from '../db/database.ts';
import { AppError } from '../core/errors.ts';
import { orgInputSchema, type OrgInput } from './schema.ts';
import { applyOrg, type OrgChangeSummary } from './service.ts';

/**
 * Reads an organisation file: JSON `{ units: [...], employees: [...] }`, or CSV with one row per
 * record and the columns type (unit|employee), id, name, kind, parent_id, owner, unit_id, role,
 * employer, email, active.
 */

/** Problems with an organisation file, each located as the person fixing the file looks for it. */
export class OrgFileError extends Error {
  constructor(public readonly problems: string[]) {
    super(`organisation file refused: ${problems[0]}`);
  }
}

interface OrgFile {
  input: OrgInput;
  /** `units.3.name` → `row 7, column name` for CSV; the path itself for JSON. */
  locate(field: string): string;
}

export async function readOrgFile(path: string): Promise<OrgFile> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new OrgFileError([`cannot read the file: ${(error as Error).message}`]);
  }
  if (path.toLowerCase().endsWith('.json')) {
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch (error) {
      throw new OrgFileError([`not valid JSON: ${(error as Error).message}`]);
    }
    return validated(raw, (field) => field);
  }
  let records: Array<{ record: Record<string, string>; info: { lines: number } }>;
  try {
    records = parse(text, { columns: true, skip_empty_lines: true, trim: true, info: true, bom: true });
  } catch (error) {
    throw new OrgFileError([`not valid CSV: ${(error as Error).message}`]);
  }
  const unknownType = records.find(({ record }) => record.type !== 'unit' && record.type !== 'employee');
  if (unknownType)
    throw new OrgFileError([`row ${unknownType.info.lines}, column type: must be "unit" or "employee", not "${unknownType.record.type}"`]);
  const blankToNull = (v: string | undefined) => (v === undefined || v === '' ? null : v);
  const flag = (v: string | undefined) =>
    v === undefined || v === '' ? undefined : !['false', '0', 'no', 'nei'].includes(v.toLowerCase());
  const unitRows = records.filter(({ record }) => record.type === 'unit');
  const employeeRows = records.filter(({ record }) => record.type === 'employee');
  const units = unitRows.map(({ record: r }) => ({
    id: r.id,
    kind: r.kind,
    name: r.name,
    parent_id: blankToNull(r.parent_id),
    owner: r.owner || undefined,
    active: flag(r.active),
  }));
  const employees = employeeRows.map(({ record: r }) => ({
    id: r.id,
    name: r.name,
    unit_id: r.unit_id,
    role: r.role,
    employer: r.employer || undefined,
    email: blankToNull(r.email),
    active: flag(r.active),
  }));
  return validated({ units, employees }, (field) => {
    const [list, index, ...column] = field.split('.');
    const row = (list === 'units' ? unitRows : list === 'employees' ? employeeRows : [])[Number(index)];
    return row ? `row ${row.info.lines}, column ${column.join('.') || 'id'}` : field;
  });
}

function validated(raw: unknown, locate: (field: string) => string): OrgFile {
  const result = orgInputSchema.safeParse(raw);
  if (!result.success)
    throw new OrgFileError(result.error.issues.map((issue) => `${locate(issue.path.join('.') || '(file)')}: ${issue.message}`));
  return { input: result.data, locate };
}

/** Reads and applies an organisation file; every problem, in the file or against the register, is an OrgFileError and nothing is written. */
export async function importOrgFile(db: Database, path: string, now: Date): Promise<OrgChangeSummary> {
  const file = await readOrgFile(path);
  try {
    return await applyOrg(db, file.input, now);
  } catch (error) {
    if (error instanceof AppError) throw new OrgFileError(error.fields.map((f) => `${file.locate(f.field)}: ${f.message}`));
    throw error;
  }
}
