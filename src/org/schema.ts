import { z } from 'zod';
import { singleLineText } from '../validation/text.ts';

/** Input schemas for the organisation: units (county → office → team) and employees. */

const id = singleLineText()
  .trim()
  .min(1)
  .max(100)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._:-]*$/, 'letters, digits and . _ : - only');

export const unitInputSchema = z.object({
  id,
  kind: z.enum(['nation', 'county', 'office', 'team']),
  name: singleLineText().trim().min(1).max(200),
  parent_id: id.nullish().transform((v) => v ?? null),
  owner: z.enum(['state', 'municipal', 'partnership']).default('state'),
  active: z.boolean().default(true),
});

export const employeeInputSchema = z.object({
  id,
  name: singleLineText().trim().min(1).max(200),
  unit_id: id,
  role: z.enum(['counselor', 'leader', 'staff']),
  employer: z.enum(['state', 'municipal']).default('state'),
  email: z
    .string()
    .trim()
    .email()
    .nullish()
    .transform((v) => v ?? null),
  active: z.boolean().default(true),
});

export const orgInputSchema = z.object({
  units: z.array(unitInputSchema).default([]),
  employees: z.array(employeeInputSchema).default([]),
});

export type UnitInput = z.infer<typeof unitInputSchema>;
export type EmployeeInput = z.infer<typeof employeeInputSchema>;
export type OrgInput = z.infer<typeof orgInputSchema>;

/** A unit may only sit under the kind above it. */
export const PARENT_KIND: Record<UnitInput['kind'], UnitInput['kind'] | null> = {
  nation: null,
  county: 'nation',
  office: 'county',
  team: 'office',
};
