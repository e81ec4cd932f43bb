import type { AppContext } from '../core/context.ts';
import { grantRole, loadUnitTree } from '../access/actor.ts';
import { ensureSnapshot } from '../disclosure/group-store.ts';
import { yearsStillChanging } from '../disclosure/refresher.ts';
import { createApiKey } from '../auth/api-keys.ts';
import { BENEFITS, CHANNELS, INNSATSGRUPPER, MEETING_KINDS, type MeetingEvent } from '../intake/schema.ts';
import { ingestMeetings, monthOf } from '../intake/service.ts';
import { applyOrg } from '../org/service.ts';
import { orgInputSchema } from '../org/schema.ts';
import { NATIONAL_INSTRUMENT } from '../instrument/instrument.ts';
import { DEMO_DROPPING_COUNSELOR, DEMO_RESPONSE_RATES, seedDemoMonitoring } from '../monitoring/demo.ts';
import { seedDemoReporting } from '../reporting/demo.ts';
import { seedDemoSharing } from '../sharing/demo.ts';
import { seedDemoCircles } from '../circles/demo.ts';
import { seedDemoCompetence } from '../competence/demo.ts';
import { seedDemoLocalQuestions } from '../localquestions/demo.ts';

/**
 * The demo: one county, two offices, five teams, 40 counselors and two leaders, a year of simulated
 * answers with realistic variation and response rates (not the pilot's 96 % positive), a few new
 * counselors whose groups are still under the threshold, and a handful of fresh meetings so the
 * dispatch worker has invitations to send to the dev outbox.
 */

/** Small seeded generator (mulberry32), so the demo is the same on every machine. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FIRST = [
  'Kari',
  'Ola',
  'Ingrid',
  'Per',
  'Aisha',
  'Jonas',
  'Sofie',
  'Magnus',
  'Nora',
  'Emil',
  'Fatima',
  'Henrik',
  'Ida',
  'Sander',
  'Maja',
  'Tobias',
  'Leah',
  'Mats',
  'Sara',
  'Even',
  'Hanne',
  'Ali',
  'Tone',
  'Knut',
];
const LAST = [
  'Nordmann',
  'Hansen',
  'Berg',
  'Olsen',
  'Khan',
  'Lie',
  'Johansen',
  'Larsen',
  'Dahl',
  'Haugen',
  'Bakke',
  'Moen',
  'Solberg',
  'Ahmed',
  'Strand',
  'Lund',
  'Eide',
  'Vik',
  'Nguyen',
  'Aas',
];

const TEAMS = [
  { id: 'demo-fjordby-arbeid', office: 'demo-fjordby', name: 'Team Arbeid', counselors: 10 },
  { id: 'demo-fjordby-ungdom', office: 'demo-fjordby', name: 'Team Ungdom', counselors: 8 },
  { id: 'demo-fjordby-helse', office: 'demo-fjordby', name: 'Team Helse og arbeid', counselors: 8 },
  { id: 'demo-dalheim-oppfolging', office: 'demo-dalheim', name: 'Team Oppfølging', counselors: 7 },
  { id: 'demo-dalheim-sosial', office: 'demo-dalheim', name: 'Team Sosiale tjenester', counselors: 7 },
];

/** What users wrote, in the language they answered in (the same twelve in each, so the draw is the same). */
const COMMENTS: Record<'nb' | 'nn' | 'en', string[]> = {
  nb: [
    'Veilederen lyttet og forsto situasjonen min.',
    'Jeg skulle ønske vi hadde mer tid.',
    'Fikk endelig en plan jeg tror på.',
    'Møtet startet sent, men ellers greit.',
    'Jeg forstår fortsatt ikke hva som skjer med søknaden min.',
    'Følte meg respektert.',
    'Vanskelig å få tak i noen mellom møtene.',
    'Veilederen var godt forberedt og kjente saken min.',
    'Det var fint å møtes på video, slapp å reise.',
    'NAV sitt regelverk er urettferdig, men veilederen gjorde sitt beste.',
    'Ring meg gjerne på 912 34 567 om dere vil vite mer.',
    'Tusen takk til {name} for god hjelp!',
  ],
  nn: [
    'Rettleiaren lytta og forstod situasjonen min.',
    'Eg skulle ønskje vi hadde meir tid.',
    'Fekk endeleg ein plan eg trur på.',
    'Møtet starta seint, men elles greitt.',
    'Eg forstår framleis ikkje kva som skjer med søknaden min.',
    'Kjende meg respektert.',
    'Vanskeleg å få tak i nokon mellom møta.',
    'Rettleiaren var godt førebudd og kjende saka mi.',
    'Det var fint å møtast på video, slapp å reise.',
    'Regelverket til NAV er urettferdig, men rettleiaren gjorde sitt beste.',
    'Ring meg gjerne på 912 34 567 om de vil vite meir.',
    'Tusen takk til {name} for god hjelp!',
  ],
  en: [
    'The counselor listened and understood my situation.',
    'I wish we had more time.',
    'Finally got a plan I believe in.',
    'The meeting started late, but otherwise fine.',
    'I still do not understand what is happening with my application.',
    'Felt respected.',
    'Hard to reach anyone between meetings.',
    'The counselor was well prepared and knew my case.',
    'It was good to meet on video, no travelling.',
    "NAV's rules are unfair, but the counselor did their best.",
    'Feel free to call me on 912 34 567 if you want to know more.',
    'Many thanks to {name} for the good help!',
  ],
};

export interface DemoSummary {
  counselors: number;
  responses: number;
  freshMeetings: number;
  apiKey: string;
  sampleCounselorId: string;
}

export async function seedDemo(ctx: AppContext, seed = 20261123): Promise<DemoSummary> {
  const random = seededRandom(seed);
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)];
  const normal = () => Math.sqrt(-2 * Math.log(random() + 1e-12)) * Math.cos(2 * Math.PI * random());
  const now = ctx.now();

  const units = [
    { id: 'demo-nav', kind: 'nation', name: 'NAV (demo)', parent_id: null },
    { id: 'demo-fylke', kind: 'county', name: 'Demofylke', parent_id: 'demo-nav' },
    { id: 'demo-fjordby', kind: 'office', name: 'NAV Fjordby', parent_id: 'demo-fylke', owner: 'partnership' },
    { id: 'demo-dalheim', kind: 'office', name: 'NAV Dalheim', parent_id: 'demo-fylke', owner: 'partnership' },
    ...TEAMS.map((t) => ({ id: t.id, kind: 'team', name: t.name, parent_id: t.office })),
  ];
  const employees: Array<{ id: string; name: string; unit_id: string; role: string; employer: string }> = [];
  const usedNames = new Set<string>();
  const uniqueName = () => {
    for (;;) {
      const name = `${pick(FIRST)} ${pick(LAST)}`;
      if (!usedNames.has(name)) {
        usedNames.add(name);
        return name;
      }
    }
  };
  let n = 0;
  for (const team of TEAMS) {
    for (let i = 0; i < team.counselors; i++) {
      n++;
      employees.push({
        id: `demo-v${String(n).padStart(2, '0')}`,
        name: uniqueName(),
        unit_id: team.id,
        role: 'counselor',
        // About half the staff of a NAV office are municipal (seed 001).
        employer: team.id.endsWith('sosial') || random() < 0.3 ? 'municipal' : 'state',
      });
    }
  }
  employees.push({ id: 'demo-l1', name: uniqueName(), unit_id: 'demo-fjordby', role: 'leader', employer: 'state' });
  employees.push({ id: 'demo-l2', name: uniqueName(), unit_id: 'demo-dalheim', role: 'leader', employer: 'municipal' });
  // Staff outside the offices: an analyst in the county, one nationally, and the administrator.
  employees.push({ id: 'demo-a1', name: uniqueName(), unit_id: 'demo-fylke', role: 'staff', employer: 'state' });
  employees.push({ id: 'demo-a2', name: uniqueName(), unit_id: 'demo-nav', role: 'staff', employer: 'state' });
  employees.push({ id: 'demo-admin', name: uniqueName(), unit_id: 'demo-nav', role: 'staff', employer: 'state' });
  await applyOrg(ctx.db, orgInputSchema.parse({ units, employees }), now);
  await grantRole(ctx.db, 'demo-a1', 'county_analyst', 'demo-fylke');
  await grantRole(ctx.db, 'demo-a2', 'national_analyst', null);
  await grantRole(ctx.db, 'demo-admin', 'administrator', null);

  const counselors = employees.filter((e) => e.role === 'counselor');
  // Three counselors joined recently: their groups stay under the threshold, so suppression shows.
  const newcomers = new Set(counselors.slice(-3).map((c) => c.id));
  const effect = new Map(counselors.map((c) => [c.id, normal() * 0.35]));

  const rows: Array<Record<string, unknown>> = [];
  for (let monthsAgo = 11; monthsAgo >= 0; monthsAgo--) {
    const monthStart = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - monthsAgo, 15));
    const month = monthOf(monthStart, ctx.config.TIME_ZONE);
    for (const c of counselors) {
      if (newcomers.has(c.id) && monthsAgo > 1) continue;
      // The counselor the monitoring demo flags had few meetings last month, so few answers too.
      const meetings = newcomers.has(c.id) || (c.id === DEMO_DROPPING_COUNSELOR && monthsAgo === 1) ? 6 : 25 + Math.floor(random() * 30);
      for (let m = 0; m < meetings; m++) {
        // The channels in the shares of DEMO_CHANNEL_SHARES (monitoring/demo.ts, which writes the meetings behind the answers).
        const channel = pick(['in_person', 'in_person', 'phone', 'video', 'digital_dialogue'] as const);
        // Response rates differ by channel; non-response is not satisfaction.
        const rate = DEMO_RESPONSE_RATES[channel];
        if (random() > rate) continue;
        const adverse = random() < 0.12;
        const benefit = pick(BENEFITS);
        const innsats = pick(INNSATSGRUPPER);
        const ageBand = pick(['18_29', '30_39', '40_49', '50_66', '67_plus'] as const);
        const latent =
          4.6 +
          (effect.get(c.id) ?? 0) -
          (adverse ? 0.9 : 0) -
          (innsats === 'varig_tilpasset' ? 0.3 : 0) +
          (ageBand === '67_plus' ? 0.2 : 0) +
          normal() * 0.5;
        const item = (shift: number) => (random() < 0.05 ? null : Math.max(1, Math.min(6, Math.round(latent + shift + normal() * 0.8))));
        const answers = NATIONAL_INSTRUMENT.statements.map((_, i) => item([0.1, 0, -0.3, -0.2, -0.4, 0.3][i] ?? 0));
        const wantsComment = random() < 0.22;
        // Drawn in the order the row's fields were drawn before (the demo stays the same), the comment in the answer's language.
        const meetingKind = pick(MEETING_KINDS);
        const language = random() < 0.85 ? 'nb' : random() < 0.5 ? 'nn' : 'en';
        rows.push({
          instrument_id: NATIONAL_INSTRUMENT.id,
          instrument_version: NATIONAL_INSTRUMENT.version,
          counselor_id: c.id,
          unit_id: c.unit_id,
          month,
          channel,
          meeting_kind: meetingKind,
          language,
          age_band: ageBand,
          innsatsgruppe: innsats,
          benefit,
          recent_adverse_decision: adverse,
          interpreter_used: random() < 0.06,
          first_meeting: random() < 0.15,
          answers,
          overall: Math.max(1, Math.min(6, Math.round(latent + normal() * 0.6))),
          nav_general: Math.max(1, Math.min(6, Math.round(latent - 0.8 - (adverse ? 1 : 0) + normal()))),
          comment: wantsComment ? pick(COMMENTS[language]).replace('{name}', c.name.split(' ')[0]) : null,
        });
      }
    }
  }
  for (let i = 0; i < rows.length; i += 1000) {
    await ctx.db
      .insertInto('response')
      .values(rows.slice(i, i + 1000) as never)
      .execute();
  }

  // A few meetings from the last hours, through the real intake path, so invitations go to the outbox.
  const fresh: MeetingEvent[] = Array.from({ length: 12 }, (_, i) => {
    const c = counselors[i * 3];
    const startsAt = new Date(now.getTime() - (3 + i) * 60 * 60 * 1000);
    return {
      external_id: `demo-meeting-${startsAt.getTime()}-${i}`,
      starts_at: startsAt.toISOString(),
      counselor_id: c.id,
      unit_id: c.unit_id,
      channel: CHANNELS[i % CHANNELS.length],
      meeting_kind: 'follow_up',
      email: i % 3 === 2 ? null : `bruker${i}@example.no`,
      mobile: i % 3 === 2 ? `9${String(1000000 + i).padStart(7, '0')}` : null,
      language: (['nb', 'nn', 'en'] as const)[i % 3],
      sensitive: i === 7,
      protected_address: false,
      age_band: i === 5 ? 'under_18' : '30_39',
      benefit: 'aap',
    } as MeetingEvent;
  });
  await ingestMeetings(ctx, 'demo', fresh);
  await seedDemoReporting(ctx);
  await seedDemoSharing(ctx);
  await seedDemoCircles(ctx);
  await seedDemoCompetence(ctx);
  await seedDemoLocalQuestions(ctx, random);
  // Last, so the meeting history covers every answer the other demo parts add: a meeting, invited, behind each.
  await seedDemoMonitoring(ctx);
  // The released table once every demo part is in (the sharing demo reads it before the meetings are).
  const tree = await loadUnitTree(ctx.db);
  for (const year of yearsStillChanging(ctx.now(), ctx.config)) await ensureSnapshot(ctx, year, tree, { force: true });
  const { key } = await createApiKey(ctx.db, 'demo-case-system');
  return {
    counselors: counselors.length,
    responses: rows.length,
    freshMeetings: fresh.length,
    apiKey: key,
    sampleCounselorId: counselors[0].id,
  };
}

/**
 * The demo's fill as `start` records it: 'filling' from before its first row until its last, then
 * 'complete'; null where `start` never filled one (an imported organisation, or a database from
 * before the record was kept).
 */
export async function demoFillState(ctx: AppContext): Promise<'filling' | 'complete' | null> {
  const row = await ctx.db.selectFrom('app_state').select('value').where('key', '=', 'demo_fill').executeTakeFirst();
  return row?.value === 'filling' || row?.value === 'complete' ? row.value : null;
}

export async function recordDemoFill(ctx: AppContext, state: 'filling' | 'complete'): Promise<void> {
  await ctx.db
    .insertInto('app_state')
    .values({ key: 'demo_fill', value: state })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value: state, updated_at: new Date() }))
    .execute();
}

export async function hasOrganisation(ctx: AppContext): Promise<boolean> {
  return Boolean(await ctx.db.selectFrom('unit').select('id').limit(1).executeTakeFirst());
}
