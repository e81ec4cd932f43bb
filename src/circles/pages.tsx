import type React from 'react';
import {
  Alert,
  BodyLong,
  BodyShort,
  Button,
  Checkbox,
  CheckboxGroup,
  Heading,
  Radio,
  RadioGroup,
  Select,
  TextField,
  Textarea,
  VStack,
} from '@navikt/ds-react';
import { staffPage, type ShellFrame } from '../web/shell.tsx';
import { DataTable } from '../web/data-table.tsx';
import { AreaCheckboxes, areaList } from '../web/areas.tsx';
import { ScrubSubmit } from '../web/scrub-confirm.tsx';
import { pageNames } from '../i18n/vocabulary.ts';
import { translator, type Lang } from '../i18n/index.ts';
import { formatDate, formatDateTime } from '../i18n/format.ts';
import { zonedParts } from '../time/zone.ts';
import { circleMessages } from './messages.ts';
import { DISCUSSION_RETENTION_DAYS, NOTE_MAX, notesOpen, STRUCTURE_STEPS, STRUCTURES, TOPIC_MAX } from './core.ts';
import type { CircleSummary, CircleView, HeldCount, Person, SessionView } from './store.ts';
import type { MyRequest, RequestToMe } from './discussions.ts';
import type { SessionNote } from './session-notes.ts';

type T = ReturnType<typeof translator<keyof (typeof circleMessages)['en']>>;

const title = (lang: Lang) => translator(pageNames, lang)('circles');

/** One session: when, where, who leads it, the theme, the tags, and its structure's steps as a short agenda. */
function Session({
  s,
  t,
  lang,
  timeZone,
  cancel,
  notes,
  level = '3',
}: {
  s: SessionView;
  t: T;
  lang: Lang;
  timeZone: string;
  cancel?: string;
  /** The session's page with the group's notes. */
  notes?: string;
  /** Its heading's level: 3 in a list under a section, 2 on its own page. */
  level?: '2' | '3';
}) {
  const when = formatDateTime(lang, s.startsAt, timeZone);
  return (
    <li className="bs-section">
      <Heading level={level} size="small">
        {when}
        {s.cancelledAt ? ` · ${t('cancelled')}` : ''}
      </Heading>
      <BodyLong>{s.theme}</BodyLong>
      <BodyShort size="small">
        {[s.place, s.videoLink ? t('videoMeeting') : null].filter(Boolean).join(' · ')}
        {s.videoLink ? (
          <>
            {' '}
            {/* A long address may break anywhere, or it widens a phone's page. */}
            <a href={s.videoLink} style={{ overflowWrap: 'anywhere' }}>
              {s.videoLink}
            </a>
          </>
        ) : null}
      </BodyShort>
      <BodyShort size="small">{t('facilitatedBy', { name: s.facilitator.name })}</BodyShort>
      {s.areas.length > 0 ? <BodyShort size="small">{areaList(lang, s.areas)}</BodyShort> : null}
      {s.structure ? (
        <>
          <BodyShort size="small" weight="semibold">
            {t('agenda')}: {t(`structure_${s.structure}`)}
          </BodyShort>
          <ol>
            {STRUCTURE_STEPS[s.structure].map((step) => (
              <li key={step}>{t(`step_${step}` as Parameters<T>[0])}</li>
            ))}
          </ol>
        </>
      ) : null}
      {notes ? (
        <BodyShort size="small">
          {/* A target of at least 24 px, apart from the cancel button below (WCAG 2.5.8). */}
          <a href={notes} style={{ display: 'inline-block', paddingBlock: '0.25rem' }}>
            {t('notesLink', { when })}
          </a>
        </BodyShort>
      ) : null}
      {cancel && !s.cancelledAt ? (
        <form method="post" action={cancel}>
          <Button type="submit" size="small" variant="secondary">
            {t('cancel', { when })}
          </Button>
        </form>
      ) : null}
    </li>
  );
}

/** A headed list of sessions (the coming ones, or those held), or a line saying there are none. */
function SessionSection({
  id,
  heading,
  empty,
  sessions,
  t,
  lang,
  timeZone,
  links = () => ({}),
}: {
  id: string;
  heading: string;
  empty: string;
  sessions: SessionView[];
  t: T;
  lang: Lang;
  timeZone: string;
  /** Each session's cancel and notes links, where it has them. */
  links?: (s: SessionView) => { cancel?: string; notes?: string };
}) {
  return (
    <section aria-labelledby={id}>
      <Heading level="2" size="medium" id={id} spacing>
        {heading}
      </Heading>
      {sessions.length === 0 ? <BodyShort>{empty}</BodyShort> : null}
      <ul className="bs-plain-list">
        {sessions.map((s) => (
          <Session key={s.id} s={s} t={t} lang={lang} timeZone={timeZone} {...links(s)} />
        ))}
      </ul>
    </section>
  );
}

export interface GroupsPageData {
  frame: ShellFrame;
  circles: CircleSummary[];
  upcoming: SessionView[];
  colleagues: Person[];
  employeeId: string;
  timeZone: string;
  leader: { k: number; rows: HeldCount[] } | null;
  /** Whether the reader may create a group (in an office). */
  inOffice: boolean;
  discussions: { toMe: RequestToMe[]; mine: MyRequest[] };
  /** The request form as sent, when the scrubber found something in the topic. */
  ask?: { values: AskValues; scrubWarning: boolean };
}

export function groupsPage(data: GroupsPageData, lang: Lang): string {
  const t = translator(circleMessages, lang);
  const mine = data.circles.filter((c) => c.member);
  const others = data.circles.filter((c) => !c.member);
  const body: React.ReactNode[] = [
    <BodyLong key="intro">{t('intro')}</BodyLong>,
    <section key="mine" aria-labelledby="mine-heading">
      <Heading level="2" size="medium" id="mine-heading" spacing>
        {t('myGroups')}
      </Heading>
      {mine.length === 0 ? <BodyShort>{t('noGroups')}</BodyShort> : null}
      <ul>
        {mine.map((c) => (
          <li key={c.id}>
            <a href={`/groups/${c.id}?lang=${lang}`}>{t('open', { name: c.name })}</a> · {t('membersCount', { count: c.memberCount })}
            <form method="post" action={`/groups/${c.id}/leave?lang=${lang}`}>
              <Button type="submit" size="xsmall" variant="tertiary">
                {t('leave', { name: c.name })}
              </Button>
            </form>
          </li>
        ))}
      </ul>
    </section>,
    <SessionSection
      key="upcoming"
      id="upcoming-heading"
      heading={t('upcoming')}
      empty={t('noUpcoming')}
      sessions={data.upcoming.map((s) => ({ ...s, theme: `${s.groupName}: ${s.theme}` }))}
      t={t}
      lang={lang}
      timeZone={data.timeZone}
    />,
  ];
  body.push(
    <section key="discuss" aria-labelledby="discuss-heading">
      <Heading level="2" size="medium" id="discuss-heading" spacing>
        {t('discussHeading')}
      </Heading>
      <BodyLong spacing>{t('discussIntro', { days: DISCUSSION_RETENTION_DAYS })}</BodyLong>
      <AskForm
        colleagues={data.colleagues.filter((c) => c.id !== data.employeeId)}
        groups={mine.map((c) => ({ id: c.id, name: c.name }))}
        lang={lang}
        values={data.ask?.values}
        scrubWarning={data.ask?.scrubWarning}
      />
      <Discussions
        toMe={data.discussions.toMe}
        mine={data.discussions.mine}
        lang={lang}
        timeZone={data.timeZone}
        back="groups"
        headingLevel="2"
      />
    </section>,
  );
  if (others.length > 0) {
    body.push(
      <section key="others" aria-labelledby="others-heading">
        <Heading level="2" size="medium" id="others-heading" spacing>
          {t('otherGroups')}
        </Heading>
        <ul>
          {others.map((c) => (
            <li key={c.id}>
              {c.name} · {t('membersCount', { count: c.memberCount })}
              <form method="post" action={`/groups/${c.id}/join?lang=${lang}`}>
                <Button type="submit" size="xsmall" variant="secondary">
                  {t('join', { name: c.name })}
                </Button>
              </form>
            </li>
          ))}
        </ul>
      </section>,
    );
  }
  if (data.inOffice) {
    body.push(
      <section key="create" aria-labelledby="create-heading">
        <Heading level="2" size="medium" id="create-heading" spacing>
          {t('createHeading')}
        </Heading>
        <form method="post" action={`/groups?lang=${lang}`}>
          <VStack gap="space-16" align="start">
            <TextField label={t('groupName')} name="name" maxLength={100} />
            <CheckboxGroup legend={t('members')} description={t('createIntro')} name="members">
              {data.colleagues
                .filter((c) => c.id !== data.employeeId)
                .map((c) => (
                  <Checkbox key={c.id} name="members" value={c.id}>
                    {c.name}
                  </Checkbox>
                ))}
            </CheckboxGroup>
            <Button type="submit">{t('create')}</Button>
          </VStack>
        </form>
      </section>,
    );
  }
  if (data.leader) {
    const { k, rows } = data.leader;
    body.push(
      <section key="leader" aria-labelledby="leader-heading">
        <Heading level="2" size="medium" id="leader-heading" spacing>
          {t('leadersHeading')}
        </Heading>
        <BodyLong spacing>{t('leadersIntro', { k })}</BodyLong>
        <DataTable
          lang={lang}
          caption={t('leadersHeading')}
          narrow="stack"
          rows={rows}
          rowKey={(r) => `${r.officeId}-${r.period}`}
          columns={[
            { header: t('office'), cell: (r) => r.officeName, rowHeader: true },
            { header: t('period'), cell: (r) => r.period },
            { header: t('sessionsHeld'), cell: (r) => (r.sessions === null ? t('fewerThan', { k }) : String(r.sessions)), numeric: true },
          ]}
        />
      </section>,
    );
  }
  return staffPage({ lang, title: title(lang), frame: data.frame, body });
}

export interface PlanValues {
  date?: string;
  starts?: string;
  ends?: string;
  place?: string;
  video_link?: string;
  facilitator_id?: string;
  theme?: string;
  structure?: string;
  areas?: string[];
}

export interface GroupPageData {
  frame: ShellFrame;
  group: CircleView;
  sessions: SessionView[];
  now: Date;
  timeZone: string;
  employeeId: string;
  /** The form as sent, when the theme needs a second look (the scrubber found something). */
  values?: PlanValues;
  scrubWarning?: boolean;
}

export function groupPage(data: GroupPageData, lang: Lang): string {
  const t = translator(circleMessages, lang);
  const v = data.values ?? {};
  const base = `/groups/${data.group.id}`;
  const upcoming = data.sessions.filter((s) => s.endsAt.getTime() > data.now.getTime());
  const past = data.sessions.filter((s) => s.endsAt.getTime() <= data.now.getTime()).reverse();
  const body = (
    <>
      <section aria-labelledby="members-heading">
        <Heading level="2" size="medium" id="members-heading" spacing>
          {t('membersHeading')}
        </Heading>
        <ul>
          {data.group.members.map((m) => (
            <li key={m.id}>{m.name}</li>
          ))}
        </ul>
      </section>
      <SessionSection
        id="upcoming-heading"
        heading={t('upcomingHeading')}
        empty={t('noSessions')}
        sessions={upcoming}
        t={t}
        lang={lang}
        timeZone={data.timeZone}
        links={(s) => ({
          cancel: `${base}/sessions/${s.id}/cancel?lang=${lang}`,
          notes: notesOpen(s, data.now) ? `${base}/sessions/${s.id}?lang=${lang}` : undefined,
        })}
      />
      <section aria-labelledby="plan-heading">
        <Heading level="2" size="medium" id="plan-heading" spacing>
          {t('planHeading')}
        </Heading>
        {data.scrubWarning ? (
          <Alert variant="warning" className="bs-section" role="alert">
            <Heading level="3" size="small" spacing>
              {t('scrubTitle')}
            </Heading>
            <BodyLong>{t('scrubBody')}</BodyLong>
          </Alert>
        ) : null}
        <form method="post" action={`${base}/sessions?lang=${lang}`}>
          <VStack gap="space-16" align="start">
            <BodyShort size="small">{t('timeZoneNote', { zone: data.timeZone })}</BodyShort>
            <TextField label={t('date')} name="date" defaultValue={v.date} autoComplete="off" />
            <TextField label={t('starts')} name="starts" type="time" defaultValue={v.starts} />
            <TextField label={t('ends')} name="ends" type="time" defaultValue={v.ends} />
            <TextField label={t('place')} name="place" description={t('placeHint')} maxLength={200} defaultValue={v.place} />
            <TextField label={t('videoLink')} name="video_link" type="url" maxLength={500} defaultValue={v.video_link} />
            <Select label={t('facilitator')} name="facilitator_id" defaultValue={v.facilitator_id ?? data.employeeId}>
              {data.group.members.map((m) => (
                <option key={m.id} value={m.id}>
                  {m.name}
                </option>
              ))}
            </Select>
            <Textarea label={t('theme')} name="theme" description={t('themeHint')} maxLength={500} defaultValue={v.theme} />
            <RadioGroup legend={t('structure')} name="structure" defaultValue={v.structure ?? ''}>
              <Radio value="">{t('structureNone')}</Radio>
              {STRUCTURES.map((s) => (
                <Radio key={s} value={s}>
                  {t(`structure_${s}`)}
                </Radio>
              ))}
            </RadioGroup>
            <AreaCheckboxes lang={lang} legend={t('areas')} selected={v.areas ?? []} />
            <ScrubSubmit warned={!!data.scrubWarning} submit={t('plan')} editFirst={t('editFirst')} anyway={t('saveAnyway')} />
          </VStack>
        </form>
      </section>
      <SessionSection
        id="past-heading"
        heading={t('pastHeading')}
        empty={t('noSessions')}
        sessions={past}
        t={t}
        lang={lang}
        timeZone={data.timeZone}
        links={(s) => ({ notes: s.cancelledAt ? undefined : `${base}/sessions/${s.id}?lang=${lang}` })}
      />
    </>
  );
  return staffPage({ lang, title: `${title(lang)}: ${data.group.name}`, frame: data.frame, body });
}

// ----- "Drøft en sak", the member's own page (/me), a session's notes -----

const clock = (at: Date, timeZone: string) => {
  const p = zonedParts(at, timeZone);
  return `${String(p.hour).padStart(2, '0')}:${String(p.minute).padStart(2, '0')}`;
};

/** Where a request's buttons send the reader back to: their own page or /groups. */
export type Back = 'me' | 'groups';

/** The requests to the reader (to mark done) and their own (to withdraw), on /me and /groups alike. */
export function Discussions({
  toMe,
  mine,
  lang,
  timeZone,
  back,
  headingLevel,
}: {
  toMe: RequestToMe[];
  mine: MyRequest[];
  lang: Lang;
  timeZone: string;
  back: Back;
  headingLevel: '2' | '3';
}) {
  const t = translator(circleMessages, lang);
  const asked = (at: Date) => t('discussAsked', { date: formatDate(lang, at, timeZone) });
  const sub = headingLevel === '2' ? '3' : '4';
  return (
    <>
      <Heading level={sub} size="small" spacing>
        {t('discussToMe')}
      </Heading>
      {toMe.length === 0 ? <BodyShort spacing>{t('discussNone')}</BodyShort> : null}
      <ul className="bs-plain-list">
        {toMe.map((r) => (
          <li key={r.id} className="bs-section">
            <BodyShort>
              {r.groupName
                ? t('discussWantsGroup', { name: r.askerName, group: r.groupName, topic: r.topic })
                : t('discussWants', { name: r.askerName, topic: r.topic })}
            </BodyShort>
            <BodyShort size="small">{asked(r.createdAt)}</BodyShort>
            <form method="post" action={`/groups/discussions/${r.id}/done?lang=${lang}`}>
              <input type="hidden" name="back" value={back} />
              <Button type="submit" size="xsmall" variant="secondary">
                {t('discussMarkDone', { topic: r.topic })}
              </Button>
            </form>
          </li>
        ))}
      </ul>
      <Heading level={sub} size="small" spacing>
        {t('discussMine')}
      </Heading>
      {mine.length === 0 ? <BodyShort spacing>{t('discussNone')}</BodyShort> : null}
      <ul className="bs-plain-list">
        {mine.map((r) => (
          <li key={r.id} className="bs-section">
            <BodyShort>{t('discussMineItem', { to: r.to, topic: r.topic })}</BodyShort>
            <BodyShort size="small">
              {asked(r.createdAt)} ·{' '}
              {r.kind === 'employee'
                ? r.done > 0
                  ? t('discussMarkedDone')
                  : t('discussOpen')
                : t('discussDoneOf', { done: r.done, count: r.recipients })}
            </BodyShort>
            <form method="post" action={`/groups/discussions/${r.id}/withdraw?lang=${lang}`}>
              <input type="hidden" name="back" value={back} />
              <Button type="submit" size="xsmall" variant="tertiary">
                {t('discussWithdraw', { topic: r.topic })}
              </Button>
            </form>
          </li>
        ))}
      </ul>
    </>
  );
}

export interface AskValues {
  to?: string;
  topic?: string;
}

/** The form to ask a colleague or one of one's groups for a talk (on /groups). */
export function AskForm({
  colleagues,
  groups,
  lang,
  values,
  scrubWarning,
}: {
  colleagues: Person[];
  groups: Array<{ id: number; name: string }>;
  lang: Lang;
  values?: AskValues;
  scrubWarning?: boolean;
}) {
  const t = translator(circleMessages, lang);
  if (colleagues.length === 0 && groups.length === 0) return <BodyShort>{t('discussNoOne')}</BodyShort>;
  return (
    <>
      {scrubWarning ? (
        <Alert variant="warning" className="bs-section" role="alert">
          <Heading level="3" size="small" spacing>
            {t('discussScrubTitle')}
          </Heading>
          <BodyLong>{t('discussScrubBody')}</BodyLong>
        </Alert>
      ) : null}
      <form method="post" action={`/groups/discussions?lang=${lang}`}>
        <VStack gap="space-16" align="start">
          <Select label={t('discussTo')} name="to" defaultValue={values?.to ?? ''}>
            <option value="">{t('discussChoose')}</option>
            {groups.length > 0 ? (
              <optgroup label={t('discussGroups')}>
                {groups.map((g) => (
                  <option key={g.id} value={`group:${g.id}`}>
                    {g.name}
                  </option>
                ))}
              </optgroup>
            ) : null}
            {colleagues.length > 0 ? (
              <optgroup label={t('discussColleagues')}>
                {colleagues.map((c) => (
                  <option key={c.id} value={`employee:${c.id}`}>
                    {c.name}
                  </option>
                ))}
              </optgroup>
            ) : null}
          </Select>
          <TextField
            label={t('discussTopic')}
            name="topic"
            description={t('discussTopicHint')}
            maxLength={TOPIC_MAX}
            defaultValue={values?.topic}
            autoComplete="off"
          />
          <ScrubSubmit
            warned={!!scrubWarning}
            submit={t('discussSend')}
            editFirst={t('discussEditFirst')}
            anyway={t('discussSendAnyway')}
          />
        </VStack>
      </form>
    </>
  );
}

/**
 * Kollegaveiledning on the member's own page (/me): their coming sessions (date, time, place or link,
 * group, theme) and the discussion requests to them and from them.
 */
export function MeCircles({
  upcoming,
  toMe,
  mine,
  lang,
  timeZone,
}: {
  upcoming: SessionView[];
  toMe: RequestToMe[];
  mine: MyRequest[];
  lang: Lang;
  timeZone: string;
}) {
  const t = translator(circleMessages, lang);
  return (
    <section aria-labelledby="circles" className="bs-section">
      <Heading level="2" size="medium" id="circles" spacing>
        {t('meHeading')}
      </Heading>
      <Heading level="3" size="small" spacing>
        {t('meUpcoming')}
      </Heading>
      {upcoming.length === 0 ? (
        <BodyShort spacing>{t('noUpcoming')}</BodyShort>
      ) : (
        <DataTable
          lang={lang}
          caption={t('meUpcoming')}
          narrow="stack"
          rows={upcoming}
          rowKey={(s) => s.id}
          columns={[
            { header: t('colDate'), cell: (s) => formatDate(lang, s.startsAt, timeZone), rowHeader: true },
            { header: t('colTime'), cell: (s) => `${clock(s.startsAt, timeZone)}–${clock(s.endsAt, timeZone)}` },
            {
              header: t('colPlace'),
              cell: (s) => (
                <>
                  {s.place}
                  {s.place && s.videoLink ? ' · ' : null}
                  {s.videoLink ? <a href={s.videoLink}>{t('videoMeeting')}</a> : null}
                </>
              ),
            },
            { header: t('colGroup'), cell: (s) => <a href={`/groups/${s.groupId}?lang=${lang}`}>{s.groupName}</a> },
            { header: t('colTheme'), cell: (s) => s.theme },
          ]}
        />
      )}
      <Heading level="3" size="small" spacing>
        {t('discussHeading')}
      </Heading>
      <Discussions toMe={toMe} mine={mine} lang={lang} timeZone={timeZone} back="me" headingLevel="3" />
      <BodyShort>
        <a href={`/groups?lang=${lang}`}>{t('meMore')}</a>
      </BodyShort>
    </section>
  );
}

export interface SessionPageData {
  frame: ShellFrame;
  group: CircleView;
  session: SessionView;
  note: SessionNote | null;
  now: Date;
  timeZone: string;
  /** The text as sent, when the scrubber found something (to edit or save anyway). */
  draft?: string;
  scrubWarning?: boolean;
}

/** One session of a group, with the group's notes of it (members only). */
export function sessionPage(data: SessionPageData, lang: Lang): string {
  const t = translator(circleMessages, lang);
  const { group, session } = data;
  const when = formatDateTime(lang, session.startsAt, data.timeZone);
  const base = `/groups/${group.id}/sessions/${session.id}`;
  const open = notesOpen(session, data.now);
  const body = (
    <>
      <ul className="bs-plain-list">
        <Session s={session} t={t} lang={lang} timeZone={data.timeZone} level="2" />
      </ul>
      <section aria-labelledby="notes-heading">
        <Heading level="2" size="medium" id="notes-heading" spacing>
          {t('notesHeading')}
        </Heading>
        <BodyLong spacing>{t('notesIntro')}</BodyLong>
        {data.note ? (
          <>
            <BodyLong spacing className="bs-note-text" style={{ whiteSpace: 'pre-wrap' }}>
              {data.note.text}
            </BodyLong>
            <BodyShort size="small" spacing>
              {t('notesUpdated', { when: formatDateTime(lang, data.note.updatedAt, data.timeZone), name: data.note.updatedBy })}
            </BodyShort>
          </>
        ) : (
          <BodyShort spacing>{t('notesNone')}</BodyShort>
        )}
        {session.cancelledAt ? <BodyShort>{t('notesCancelled')}</BodyShort> : null}
        {!session.cancelledAt && !open ? <BodyShort>{t('notesNotYet')}</BodyShort> : null}
        {open ? (
          <>
            {data.scrubWarning ? (
              <Alert variant="warning" className="bs-section" role="alert">
                <Heading level="3" size="small" spacing>
                  {t('notesScrubTitle')}
                </Heading>
                <BodyLong>{t('notesScrubBody')}</BodyLong>
              </Alert>
            ) : null}
            <form method="post" action={`${base}/notes?lang=${lang}`}>
              <VStack gap="space-16" align="start">
                <Textarea
                  label={t('notesLabel')}
                  name="text"
                  description={t('notesHint')}
                  maxLength={NOTE_MAX}
                  defaultValue={data.draft ?? data.note?.text ?? ''}
                />
                <ScrubSubmit
                  warned={!!data.scrubWarning}
                  submit={t('notesSave')}
                  editFirst={t('notesEditFirst')}
                  anyway={t('saveAnyway')}
                />
              </VStack>
            </form>
          </>
        ) : null}
      </section>
      <BodyShort>
        <a href={`/groups/${group.id}?lang=${lang}`}>{t('backToGroup', { name: group.name })}</a>
      </BodyShort>
    </>
  );
  return staffPage({
    lang,
    title: t('sessionTitle', { when }),
    documentTitle: `${t('sessionTitle', { when })} – ${group.name}`,
    frame: data.frame,
    body,
  });
}
