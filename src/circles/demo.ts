import { randomUUID } from 'node:crypto';
import type { AppContext } from '../core/context.ts';
import { addDays, localDate, zonedTimeToInstant } from '../time/zone.ts';
import { AREAS, STRUCTURES } from './core.ts';
import { createCircle, officeStaff } from './store.ts';

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
 * some ahead — so /groups, a group's page and the leaders' counts show something. Inserted directly:
 * the demo sends no calendar e-mail.
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
    groups.push({ id: Number(fjordby.id), members: members.map((m) => m.employee_id) });
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
      await ctx.db
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
        .execute();
    }
  }
}
