import type { AppContext } from '../core/context.ts';
import type { CompetenceForm } from '../db/schema.ts';
import { addDays, localDate } from '../time/zone.ts';

interface DemoActivity {
  /** Days from today (negative: held). */
  day: number;
  form: CompetenceForm;
  title: string;
  ledBy: string;
  targetGroup: string;
  areas: string[];
  expected: string;
  observed: string | null;
}

/** About one a month over the last year and a couple ahead: a few per tertial, of every form. */
const ACTIVITIES: DemoActivity[] = [
  {
    day: -330,
    form: 'mentor',
    title: 'Mentorordning for nyansatte veiledere',
    ledBy: 'Erfarne veiledere, koordinert av fagkoordinator',
    targetGroup: 'Nyansatte det første halvåret',
    areas: ['oppfolging'],
    expected: 'Nyansatte er trygge i oppfølgingssamtalen og vet hvem de kan spørre.',
    observed: 'Nyansatte sier de spør tidligere. Mentorene ønsker fast tid i kalenderen.',
  },
  {
    day: -290,
    form: 'fagmote',
    title: 'Fagmøte: endringer i AAP-regelverket',
    ledBy: 'Fagkoordinator AAP',
    targetGroup: 'Alle veiledere som følger opp AAP-mottakere',
    areas: ['aap', 'folketrygdloven'],
    expected: 'Alle kan forklare de nye vilkårene med egne ord i møtet med brukeren.',
    observed: 'Færre spørsmål til fagkoordinator etterpå; vedtaksbrevene er fortsatt vanskelige å forklare.',
  },
  {
    day: -240,
    form: 'case_forum',
    title: 'Saksforum: når brukeren er uenig i vedtaket',
    ledBy: 'Teamleder Arbeid',
    targetGroup: 'Veiledere i alle team',
    areas: ['aap', 'oppfolging'],
    expected: 'Felles måte å forklare et avslag på, uten å gjemme seg bak regelverket.',
    observed: 'Vi laget en huskeliste for samtalen etter et avslag.',
  },
  {
    day: -200,
    form: 'course',
    title: 'Kurs i motiverende intervju',
    ledBy: 'Ekstern kursholder',
    targetGroup: 'Veiledere med under to års erfaring',
    areas: ['oppfolging'],
    expected: 'Flere åpne spørsmål og mer lytting i oppfølgingssamtalene.',
    observed: 'Deltakerne øver i par en gang i måneden.',
  },
  {
    day: -160,
    form: 'fagmote',
    title: 'Fagmøte: ny rutine for aktivitetsplanen i digital dialog',
    ledBy: 'Fagkoordinator oppfølging',
    targetGroup: 'Alle veiledere',
    areas: ['oppfolging', 'folketrygdloven'],
    expected: 'Brukeren skal kjenne seg igjen i sin egen aktivitetsplan.',
    observed: 'Planene er kortere og skrevet sammen med brukeren oftere.',
  },
  {
    day: -120,
    form: 'peer_supervision',
    title: 'Kollegaveiledning om tilbakemeldingene fra brukerne',
    ledBy: 'Veiledere på omgang',
    targetGroup: 'Kollegaveiledningsgruppene',
    areas: ['oppfolging'],
    expected: 'Hver gruppe velger ett utsagn fra tilbakemeldingene og prøver noe nytt.',
    observed: 'To grupper prøvde å oppsummere neste steg skriftlig i slutten av møtet.',
  },
  {
    day: -85,
    form: 'case_forum',
    title: 'Saksforum: sykepenger og dialog med arbeidsgiver',
    ledBy: 'Teamleder Helse og arbeid',
    targetGroup: 'Veiledere som følger opp sykmeldte',
    areas: ['sykepenger', 'folketrygdloven'],
    expected: 'Tydeligere når vi ringer arbeidsgiveren, og hvem som gjør det.',
    observed: 'Rutinen er skrevet ned; vi ser på den igjen etter neste tertial.',
  },
  {
    day: -50,
    form: 'fagmote',
    title: 'Fagmøte: endringer i sosialtjenesteloven',
    ledBy: 'Kommunal fagansvarlig',
    targetGroup: 'Kommunalt og statlig ansatte sammen',
    areas: ['sosialtjenesteloven'],
    expected: 'Alle vet hva endringen betyr for veiledningsplikten vår.',
    observed: null,
  },
  {
    day: -20,
    form: 'other',
    title: 'Hospitering hos arbeidsgiverlosen',
    ledBy: 'Markedskontakt',
    targetGroup: 'To veiledere fra hvert team',
    areas: ['dagpenger', 'oppfolging'],
    expected: 'Bedre kjennskap til arbeidsgivere som rekrutterer lokalt.',
    observed: null,
  },
  {
    day: 15,
    form: 'course',
    title: 'Kurs: å skrive vedtak brukeren forstår',
    ledBy: 'Fagkoordinator AAP',
    targetGroup: 'Alle som skriver eller forklarer vedtak',
    areas: ['aap', 'dagpenger'],
    expected: 'Færre kommentarer om at vedtaket var vanskelig å forstå.',
    observed: null,
  },
];

/**
 * The demo's register: for each office with a leader of its own (NAV Fjordby, NAV Dalheim), about one
 * activity a month over the last year — a few each tertial: fagmøter on rule changes, case forums, a
 * mentor scheme, courses, kollegaveiledning — and one ahead; the held ones mostly with an observed
 * outcome, the latest still waiting for one. The offices' lists differ a little (every fourth skipped in
 * turn), so their marks are their own.
 */
export async function seedDemoCompetence(ctx: AppContext): Promise<number> {
  const leaders = await ctx.db
    .selectFrom('employee')
    .innerJoin('unit', 'unit.id', 'employee.unit_id')
    .select(['employee.id as leader', 'unit.id as office'])
    .where('unit.kind', '=', 'office')
    .where('unit.active', '=', true)
    .where('employee.role', '=', 'leader')
    .where('employee.active', '=', true)
    .orderBy('unit.id')
    .orderBy('employee.id')
    .execute();
  const offices = [...new Map(leaders.map((l) => [l.office, l.leader]))];
  const today = localDate(ctx.now(), ctx.config.TIME_ZONE);
  let count = 0;
  for (const [o, [office, leader]] of offices.entries()) {
    const rows = ACTIVITIES.filter((_, i) => (i + o) % 4 !== 3 || i === ACTIVITIES.length - 1).map((a, i) => ({
      office_id: office,
      form: a.form,
      title: a.title,
      led_by: a.ledBy,
      target_group: a.targetGroup,
      held_on: addDays(today, a.day + o * 3),
      areas: a.areas,
      expected_outcome: a.expected,
      observed_outcome: a.day + o * 3 < 0 ? a.observed : null,
      created_by: leader,
      created_at: new Date(ctx.now().getTime() - (40 - i) * 24 * 3600 * 1000),
    }));
    if (rows.length === 0) continue;
    await ctx.db.insertInto('competence_activity').values(rows).execute();
    count += rows.length;
  }
  return count;
}
