import { readFile } from 'node:fs/promises';
import { parse } from 'csv-parse/sync';
import { orgInputSchema, type OrgInput } from './schema.ts';
import { parseInput } from '../web/errors.ts';

/**
 * Reads an organisation file: JSON `{ units: [...], employees: [...] }`, or CSV with one row per
 * record and the columns type (unit|employee), id, name, kind, parent_id, owner, unit_id, role,
 * employer, email, active.
 */
export async function readOrgFile(path: string): Promise<OrgInput> {
  const text = await readFile(path, 'utf8');
  if (path.toLowerCase().endsWith('.json')) return parseInput(orgInputSchema, JSON.parse(text));
  const rows = parse(text, { columns: true, skip_empty_lines: true, trim: true }) as Array<Record<string, string>>;
  const blankToNull = (v: string | undefined) => (v === undefined || v === '' ? null : v);
  const flag = (v: string | undefined) => (v === undefined || v === '' ? undefined : !['false', '0', 'no', 'nei'].includes(v.toLowerCase()));
  const units = rows
    .filter((r) => r.type === 'unit')
    .map((r) => ({ id: r.id, kind: r.kind, name: r.name, parent_id: blankToNull(r.parent_id), owner: r.owner || undefined, active: flag(r.active) }));
  const employees = rows
    .filter((r) => r.type === 'employee')
    .map((r) => ({ id: r.id, name: r.name, unit_id: r.unit_id, role: r.role, employer: r.employer || undefined, email: blankToNull(r.email), active: flag(r.active) }));
  const unknownTypes = rows.map((r, i) => ({ r, i })).filter(({ r }) => r.type !== 'unit' && r.type !== 'employee');
  if (unknownTypes.length > 0) {
    throw new Error(`Row ${unknownTypes[0].i + 2}: type must be "unit" or "employee", not "${unknownTypes[0].r.type}"`);
  }
  return parseInput(orgInputSchema, { units, employees });
}
