import type { FastifyInstance } from 'fastify';
import type { Database } from '../../src/db/database.ts';
import { activeColumns, CASE_MIX_COVARIATES, type CaseMixProfile } from '../../src/fairness/coding.ts';
import { addUnit, emptyPooled, type UnitItemStats } from '../../src/fairness/model.ts';
import { addCell } from '../../src/fairness/store.ts';
import { NATIONAL_INSTRUMENT } from '../../src/instrument/instrument.ts';
import { SeededRandom } from '../../src/stats/index.ts';

export const AGE = ['18_29', '30_39', '40_49', '50_66', '67_plus', null] as const;
export const BENEFIT = ['none', 'aap', 'dagpenger', 'sykepenger', 'sosialhjelp', null] as const;
export const INNSATS = ['standard', 'situasjonsbestemt', 'spesielt_tilpasset', 'varig_tilpasset', null] as const;

export interface CaseMixResponse {
  counselor_id: string;
  unit_id: string;
  month: string;
  age_band: string | null;
  benefit: string | null;
  innsatsgruppe: string | null;
  recent_adverse_decision: boolean | null;
  interpreter_used: boolean | null;
  first_meeting: boolean | null;
  /** Default in_person. */
  channel?: string;
  answers: Array<number | null>;
  overall: number | null;
}

/** Random answers with a varied case mix (some fields missing, some "don't know"), seeded. */
export function randomResponses(
  random: SeededRandom,
  count: number,
  where: { counselors: Array<[string, string]>; months: string[] },
): CaseMixResponse[] {
  const pick = <T>(values: readonly T[]) => values[random.integer(values.length)];
  const statements = NATIONAL_INSTRUMENT.statements.length;
  return Array.from({ length: count }, () => {
    const [counselor_id, unit_id] = pick(where.counselors);
    const adverse = random.next() < 0.1 ? null : random.next() < 0.2;
    const base = 4.5 - (adverse ? 1 : 0) + random.normal(0, 0.8);
    const value = () => (random.next() < 0.08 ? null : Math.max(1, Math.min(6, Math.round(base + random.normal(0, 0.7)))));
    return {
      counselor_id,
      unit_id,
      month: pick(where.months),
      age_band: pick(AGE),
      benefit: pick(BENEFIT),
      innsatsgruppe: pick(INNSATS),
      recent_adverse_decision: adverse,
      interpreter_used: random.next() < 0.1 ? null : random.next() < 0.1,
      first_meeting: random.next() < 0.3 ? null : random.next() < 0.2,
      answers: Array.from({ length: statements }, value),
      overall: value(),
    };
  });
}

export async function insertCaseMixResponses(db: Database, rows: CaseMixResponse[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 500) {
    await db
      .insertInto('response')
      .values(
        rows.slice(i, i + 500).map((r) => ({
          instrument_id: NATIONAL_INSTRUMENT.id,
          instrument_version: NATIONAL_INSTRUMENT.version,
          channel: 'in_person',
          meeting_kind: 'follow_up',
          language: 'nb',
          nav_general: 4,
          comment: null,
          ...r,
        })),
      )
      .execute();
  }
}

/** Three more offices (one in a second county), counselors in them, and analysts, on top of SMALL_ORG. */
export const FAIR_ORG = {
  units: [
    { id: 'o2', kind: 'office', name: 'NAV Bakkeby', parent_id: 'c1' },
    { id: 'c2', kind: 'county', name: 'Annetfylke', parent_id: null },
    { id: 'o3', kind: 'office', name: 'NAV Elvedal', parent_id: 'c2' },
    { id: 'o4', kind: 'office', name: 'NAV Dalstad', parent_id: 'c2' },
  ],
  employees: [
    { id: 'w1', name: 'Wenche Bakke', unit_id: 'o2', role: 'counselor' },
    { id: 'w2', name: 'Willy Bakke', unit_id: 'o2', role: 'counselor' },
    { id: 'w3', name: 'Wivi Bakke', unit_id: 'o2', role: 'counselor' },
    { id: 'x1', name: 'Xenia Elv', unit_id: 'o3', role: 'counselor' },
    { id: 'x2', name: 'Xander Elv', unit_id: 'o3', role: 'counselor' },
    { id: 'x3', name: 'Ximena Elv', unit_id: 'o3', role: 'counselor' },
    { id: 'y1', name: 'Yngve Dal', unit_id: 'o4', role: 'counselor' },
    { id: 'a1', name: 'Anne Analytiker', unit_id: 'c1', role: 'staff' },
    { id: 'a2', name: 'Arne Nasjonal', unit_id: 'c1', role: 'staff' },
    { id: 'a3', name: 'Ada Admin', unit_id: 'c1', role: 'staff' },
  ],
} as const;

/** Counselor → unit at the meeting, for every counselor of SMALL_ORG and FAIR_ORG. */
export const FAIR_COUNSELORS: Array<[string, string]> = [
  ['v1', 't1'],
  ['v2', 't1'],
  ['v3', 't1'],
  ['v4', 't2'],
  ['v5', 't2'],
  ['v6', 't2'],
  ['w1', 'o2'],
  ['w2', 'o2'],
  ['w3', 'o2'],
  ['x1', 'o3'],
  ['x2', 'o3'],
  ['x3', 'o3'],
];

/** One answer to a simulated item: the unit it counts for, its case mix and its value. */
export interface SimulatedAnswer {
  unit: string;
  profile: CaseMixProfile;
  y: number;
}

/** The stored form (per-unit n, Σy, Σy², Σx; national Σxxᵀ, Σxy) of simulated answers, built as the refresh builds it. */
export function storedForm(answers: SimulatedAnswer[]) {
  const k = CASE_MIX_COVARIATES.length;
  const units = new Map<string, UnitItemStats>();
  const pooled = emptyPooled(k);
  for (const a of answers) {
    const active = activeColumns(a.profile);
    const sumX = new Float64Array(k);
    for (const i of active) sumX[i] = 1;
    addUnit(units, a.unit, { n: 1, sumY: a.y, sumYY: a.y * a.y, sumX });
    addCell(pooled, active, 1, a.y, a.y * a.y);
  }
  return { units: [...units.values()], pooled };
}

/** The session cookie of an employee signed in with the dev login. */
export async function loginCookie(app: FastifyInstance, employeeId: string): Promise<string> {
  const res = await app.inject({ method: 'POST', url: '/login', payload: { employee_id: employeeId } });
  if (res.statusCode !== 303) throw new Error(`login of ${employeeId} answered ${res.statusCode}`);
  return `bs_session=${res.cookies.find((c) => c.name === 'bs_session')!.value}`;
}

/** GET as a signed-in employee: the status, the JSON body (null for a page) and the text. */
export async function getAs<T>(app: FastifyInstance, employeeId: string, url: string): Promise<{ status: number; body: T; text: string }> {
  const res = await app.inject({ method: 'GET', url, headers: { cookie: await loginCookie(app, employeeId) } });
  const json = res.headers['content-type']?.toString().startsWith('application/json');
  return { status: res.statusCode, body: (json ? res.json() : null) as T, text: res.body };
}
