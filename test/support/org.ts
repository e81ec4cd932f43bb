import type { OrgInput } from '../../src/org/schema.ts';
import { orgInputSchema } from '../../src/org/schema.ts';

/** A small organisation: one county, one office with two teams, six counselors and a leader. */
export const SMALL_ORG: OrgInput = orgInputSchema.parse({
  units: [
    { id: 'c1', kind: 'county', name: 'Testfylke', parent_id: null },
    { id: 'o1', kind: 'office', name: 'NAV Testby', parent_id: 'c1' },
    { id: 't1', kind: 'team', name: 'Team Arbeid', parent_id: 'o1' },
    { id: 't2', kind: 'team', name: 'Team Ungdom', parent_id: 'o1' },
  ],
  employees: [
    { id: 'v1', name: 'Kari Nordmann', unit_id: 't1', role: 'counselor' },
    { id: 'v2', name: 'Ola Hansen', unit_id: 't1', role: 'counselor' },
    { id: 'v3', name: 'Ingrid Berg', unit_id: 't1', role: 'counselor', employer: 'municipal' },
    { id: 'v4', name: 'Per Olsen', unit_id: 't2', role: 'counselor' },
    { id: 'v5', name: 'Aisha Khan', unit_id: 't2', role: 'counselor' },
    { id: 'v6', name: 'Jonas Lie', unit_id: 't2', role: 'counselor' },
    { id: 'l1', name: 'Lise Leder', unit_id: 'o1', role: 'leader' },
  ],
});
