import { randomUUID } from 'node:crypto';
import type { AppContext } from '../core/context.ts';
import { addDays, localDate, zonedTimeToInstant } from '../time/zone.ts';
import { STRUCTURES } from './core.ts';
import { AREAS } from '../i18n/vocabulary.ts';
import { createCircle, joinCircle, officeStaff } from './store.ts';

/** The group's notes of a held session: what was tried and what comes next, never about a user. */
const NOTES = [
  'Vi delte hvordan vi åpner møtet. Forslag: si tidlig hva brukeren kan forvente av oss, og hva vi forventer.\nNeste gang: prøve det i tre møter hver og ta med erfaringene.',
  'Gjennomgang av ny rutine. Uklart hvem som sender påminnelse i digital dialog; vi spør fagansvarlig.\nTil neste gang: hver tar med ett eksempel (uten personopplysninger).',
  'Refleksjonsrunde om å forklare vedtak som går imot. Det hjelper å skille mellom regelverket og vår vurdering.\nVi prøver ut en fast formulering fram til neste samling.',
  'Tilbakemeldingene sier at flere savner å vite neste steg. Vi avslutter møtene med «hva skjer nå» og skriver det i aktivitetsplanen.',
];

/** A couple of discussion requests ("Drøft en sak"), so /me and /groups show the notices. */
const REQUESTS: Array<{ asker: string; to: { employee: string } | { group: 'fjordby' }; topic: string; daysAgo: number }> = [
  { asker: 'demo-v03', to: { employee: 'demo-v01' }, topic: 'Hvordan forklarer du avslag på AAP i digital dialog?', daysAgo: 2 },
  { asker: 'demo-v04', to: { group: 'fjordby' }, topic: 'Brukere som ikke møter: erfaringer med påminnelser', daysAgo: 5 },
  { asker: 'demo-v01', to: { employee: 'demo-v02' }, topic: 'Tolk på video: hvordan la du opp møtet?', daysAgo: 1 },
];

const THEMES = [
  'Når brukeren ikke møter opp',
  'Avslag på AAP: å forklare et vedtak som går imot',
  'Lav score på «veilederen forklarte»: hva gjør vi?',
  'Ny rutine for aktivitetsplan i digital dialog',
  'Skjønn mot regel i sosialhjelpssaker',
  'Tolk i videomøter',
  'Sykepenger og arbeidsgiver: når skal vi ringe?',
  'Det gikk galt: hva lærte vi?',
];

/**
 * The demo's kollegaveiledning: the Fjordby group the sharing demo made (three members) and one in
 * Dalheim, each with a season of sessions every three weeks — past ones held (one cancelled) and
 * some ahead — so /groups, a group's page and the leaders' counts show something; the held sessions
 * with the group's notes, and a few discussion requests. Inserted directly: the demo sends no
 * calendar e-mail.
 */
export async function seedDemoCircles(ctx: AppContext): Promise<void> {
  const fjordby = await ctx.db
    .selectFrom('colleague_group')
    .select(['id', 'created_by'])
    .where('created_by', '=', 'demo-v02')
    .executeTakeFirst();
  const dalheimStaff = await ctx.db
    .selectFrom('employee')
    .innerJoin('unit', 'unit.id', 'employee.unit_id')
    .select('employee.id')
    .where('unit.parent_id', '=', 'demo-dalheim')
    .where('employee.role', '=', 'counselor')
    .orderBy('employee.id')
    .limit(5)
    .execute();
  const groups: Array<{ id: number; members: string[] }> = [];
  if (fjordby) {
    const members = await ctx.db
      .selectFrom('colleague_group_member')
      .select('employee_id')
      .where('group_id', '=', fjordby.id)
      .where('removed_at', 'is', null)
      .execute();
    // demo-v01 (the counselor the README suggests) joined later, so their pages show the group's sessions and notes.
    if (!members.some((m) => m.employee_id === 'demo-v01')) await joinCircle(ctx, 'demo-v01', Number(fjordby.id));
    groups.push({ id: Number(fjordby.id), members: [...members.map((m) => m.employee_id), 'demo-v01'] });
  }
  if (dalheimStaff.length >= 3) {
    const [creator, ...rest] = dalheimStaff.map((e) => e.id);
    const staff = new Set((await officeStaff(ctx, creator)).map((p) => p.id));
    const members = rest.filter((id) => staff.has(id));
    groups.push({ id: await createCircle(ctx, creator, 'Fagforum torsdag', members), members: [creator, ...members] });
  }
  const zone = ctx.config.TIME_ZONE;
  const today = localDate(ctx.now(), zone);
  for (const [g, group] of groups.entries()) {
    for (let i = 0; i < 8; i++) {
      const day = addDays(today, -105 + i * 21 + g);
      const [year, month, dayOfMonth] = day.split('-').map(Number);
      const startsAt = zonedTimeToInstant({ year, month, day: dayOfMonth, hour: 9, minute: 0 }, zone);
      const endsAt = zonedTimeToInstant({ year, month, day: dayOfMonth, hour: 10, minute: 30 }, zone);
      const session = await ctx.db
        .insertInto('circle_session')
        .values({
          group_id: group.id,
          starts_at: startsAt,
          ends_at: endsAt,
          place: i % 3 === 2 ? null : 'Møterom Fjellet',
          video_link: i % 3 === 0 ? null : 'https://video.nav.example/kollegaveiledning',
          facilitator_id: group.members[i % group.members.length],
          theme: THEMES[(i + g * 3) % THEMES.length],
          structure: i % 4 === 3 ? null : STRUCTURES[i % STRUCTURES.length],
          areas: [AREAS[i % AREAS.length], AREAS[(i + 2 + g) % AREAS.length]],
          uid: `${randomUUID()}@brukerstemme`,
          cancelled_at: i === 2 ? startsAt : null,
          sequence: i === 2 ? 1 : 0,
          created_by: group.members[0],
          created_at: new Date(startsAt.getTime() - 14 * 24 * 3600 * 1000),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      // The held sessions (all but the cancelled one, before today) have the group's notes.
      if (i !== 2 && endsAt.getTime() < ctx.now().getTime()) {
        await ctx.db
          .insertInto('circle_session_note')
          .values({
            session_id: Number(session.id),
            text: NOTES[(i + g) % NOTES.length],
            updated_by: group.members[i % group.members.length],
            updated_at: new Date(endsAt.getTime() + 3600 * 1000),
          })
          .execute();
      }
    }
  }
  const fjordbyId = fjordby ? Number(fjordby.id) : null;
  for (const r of REQUESTS) {
    if ('group' in r.to && fjordbyId === null) continue;
    await ctx.db
      .insertInto('circle_discussion')
      .values({
        asker_id: r.asker,
        recipient_id: 'employee' in r.to ? r.to.employee : null,
        group_id: 'group' in r.to ? fjordbyId : null,
        topic: r.topic,
        created_at: new Date(ctx.now().getTime() - r.daysAgo * 24 * 3600 * 1000),
      })
      .execute();
  }
}
