/**
 * Dummy coding of the case mix recorded with a meeting, the covariates of the fair comparison.
 *
 * - Each categorical field gets one 0/1 column per level except its reference level (the most common,
 *   unremarkable situation), so a coefficient reads "this group answers so much higher or lower than the
 *   reference group, other things equal".
 * - A missing value gets its own column per field (missing-indicator coding): case systems differ in what
 *   they send, and dropping answers without case mix would drop whole offices. Columns that turn out
 *   constant or collinear in a year's data are dropped before fitting (see model.ts).
 * - under_18 is never invited; should one appear it counts with 18_29 (the youth band, cut at 30).
 * - channel (phone, video, digital dialogue against in person) is recorded with every meeting and is not the
 *   counselor's choice alone (the user's situation and the office's practice decide it too), and users rate the
 *   channels differently, so it is adjusted for; it is never missing, so it has no missing column.
 * - meeting_kind is left out: the counselor records it, and what it says about the case the benefit says already.
 * - innsatsgruppe is set by the rated counselor, so it is kept apart: the main model leaves it out, and
 *   the report shows what adding it would change (PRODUCT.md: covariates the counselor sets can be gamed).
 */
export type CaseMixField =
  'age_band' | 'benefit' | 'recent_adverse_decision' | 'interpreter_used' | 'first_meeting' | 'channel' | 'innsatsgruppe';

export interface Covariate {
  /** Stable name, e.g. "benefit:aap" or "age_band:missing". */
  name: string;
  field: CaseMixField;
  /** Values of the field coded 1 in this column; null means "the field is missing". */
  values: ReadonlyArray<string | boolean> | null;
  /** Set by the rated counselor (kept out of the main model). */
  counselorSet: boolean;
}

const categorical = (
  field: CaseMixField,
  levels: ReadonlyArray<readonly [string, ReadonlyArray<string>]>,
  counselorSet = false,
): Covariate[] => [
  ...levels.map(([level, values]) => ({ name: `${field}:${level}`, field, values, counselorSet })),
  { name: `${field}:missing`, field, values: null, counselorSet },
];

const flag = (field: CaseMixField): Covariate[] => [
  { name: `${field}:yes`, field, values: [true], counselorSet: false },
  { name: `${field}:missing`, field, values: null, counselorSet: false },
];

/** Reference levels: age 30–39, no benefit, no adverse decision, no interpreter, not a first meeting, in person, innsatsgruppe standard. */
export const CASE_MIX_COVARIATES: readonly Covariate[] = [
  ...categorical('age_band', [
    ['18_29', ['18_29', 'under_18']],
    ['40_49', ['40_49']],
    ['50_66', ['50_66']],
    ['67_plus', ['67_plus']],
  ]),
  ...categorical(
    'benefit',
    [
      'aap',
      'dagpenger',
      'sykepenger',
      'uforetrygd',
      'sosialhjelp',
      'kvalifiseringsstonad',
      'tiltakspenger',
      'overgangsstonad',
      'other',
    ].map((b) => [b, [b]] as const),
  ),
  ...flag('recent_adverse_decision'),
  ...flag('interpreter_used'),
  ...flag('first_meeting'),
  ...(['phone', 'video', 'digital_dialogue'] as const).map((level) => ({
    name: `channel:${level}`,
    field: 'channel' as const,
    values: [level],
    counselorSet: false,
  })),
  ...categorical(
    'innsatsgruppe',
    [
      ['situasjonsbestemt', ['situasjonsbestemt']],
      ['spesielt_tilpasset', ['spesielt_tilpasset']],
      ['varig_tilpasset', ['varig_tilpasset']],
    ],
    true,
  ),
];

export const CASE_MIX_NAMES: readonly string[] = CASE_MIX_COVARIATES.map((c) => c.name);

/** One answer's recorded case mix (as stored in `response`). */
export type CaseMixProfile = Partial<Record<CaseMixField, string | boolean | null>>;

/** Indices of the columns that are 1 for this profile (at most one per field), so sums stay sparse. */
export function activeColumns(profile: CaseMixProfile, covariates: readonly Covariate[] = CASE_MIX_COVARIATES): number[] {
  const active: number[] = [];
  covariates.forEach((c, i) => {
    const value = profile[c.field];
    const missing = value === null || value === undefined;
    if (c.values === null ? missing : !missing && c.values.includes(value)) active.push(i);
  });
  return active;
}

/** The dense 0/1 row for a profile (tests and simulations). */
export function codeProfile(profile: CaseMixProfile, covariates: readonly Covariate[] = CASE_MIX_COVARIATES): number[] {
  const row = new Array<number>(covariates.length).fill(0);
  for (const i of activeColumns(profile, covariates)) row[i] = 1;
  return row;
}
