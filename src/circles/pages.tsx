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
import { pageNames } from '../i18n/vocabulary.ts';
import { translator, type Lang } from '../i18n/index.ts';
import { formatDateTime } from '../i18n/format.ts';
import { circleMessages } from './messages.ts';
import { AREAS, STRUCTURE_STEPS, STRUCTURES } from './core.ts';
import type { CircleSummary, CircleView, HeldCount, Person, SessionView } from './store.ts';

type T = ReturnType<typeof translator<keyof (typeof circleMessages)['en']>>;

const title = (lang: Lang) => translator(pageNames, lang)('circles');

/** One session: when, where, who leads it, the theme, the tags, and its structure's steps as a short agenda. */
function Session({ s, t, lang, timeZone, cancel }: { s: SessionView; t: T; lang: Lang; timeZone: string; cancel?: string }) {
  const when = formatDateTime(lang, s.startsAt, timeZone);
  return (
    <li className="bs-section">
      <Heading level="3" size="small">
        {when}
        {s.cancelledAt ? ` · ${t('cancelled')}` : ''}
      </Heading>
      <BodyLong>{s.theme}</BodyLong>
      <BodyShort size="small">
        {[s.place, s.videoLink ? t('videoMeeting') : null].filter(Boolean).join(' · ')}
        {s.videoLink ? (
          <>
            {' '}
            <a href={s.videoLink}>{s.videoLink}</a>
          </>
        ) : null}
      </BodyShort>
      <BodyShort size="small">{t('facilitatedBy', { name: s.facilitator.name })}</BodyShort>
      {s.areas.length > 0 ? <BodyShort size="small">{s.areas.map((a) => t(`area_${a}` as Parameters<T>[0])).join(', ')}</BodyShort> : null}
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
    <section key="upcoming" aria-labelledby="upcoming-heading">
      <Heading level="2" size="medium" id="upcoming-heading" spacing>
        {t('upcoming')}
      </Heading>
      {data.upcoming.length === 0 ? <BodyShort>{t('noUpcoming')}</BodyShort> : null}
      <ul className="bs-plain-list">
        {data.upcoming.map((s) => (
          <Session key={s.id} s={{ ...s, theme: `${s.groupName}: ${s.theme}` }} t={t} lang={lang} timeZone={data.timeZone} />
        ))}
      </ul>
    </section>,
  ];
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
      <section aria-labelledby="upcoming-heading">
        <Heading level="2" size="medium" id="upcoming-heading" spacing>
          {t('upcomingHeading')}
        </Heading>
        {upcoming.length === 0 ? <BodyShort>{t('noSessions')}</BodyShort> : null}
        <ul className="bs-plain-list">
          {upcoming.map((s) => (
            <Session key={s.id} s={s} t={t} lang={lang} timeZone={data.timeZone} cancel={`${base}/sessions/${s.id}/cancel?lang=${lang}`} />
          ))}
        </ul>
      </section>
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
            <CheckboxGroup legend={t('areas')} name="areas" defaultValue={v.areas ?? []}>
              {AREAS.map((a) => (
                <Checkbox key={a} name="areas" value={a}>
                  {t(`area_${a}`)}
                </Checkbox>
              ))}
            </CheckboxGroup>
            {data.scrubWarning ? (
              <>
                <Button type="submit">{t('editFirst')}</Button>
                <Button type="submit" name="confirm" value="anyway" variant="secondary">
                  {t('saveAnyway')}
                </Button>
              </>
            ) : (
              <Button type="submit">{t('plan')}</Button>
            )}
          </VStack>
        </form>
      </section>
      <section aria-labelledby="past-heading">
        <Heading level="2" size="medium" id="past-heading" spacing>
          {t('pastHeading')}
        </Heading>
        {past.length === 0 ? <BodyShort>{t('noSessions')}</BodyShort> : null}
        <ul className="bs-plain-list">
          {past.map((s) => (
            <Session key={s.id} s={s} t={t} lang={lang} timeZone={data.timeZone} />
          ))}
        </ul>
      </section>
    </>
  );
  return staffPage({ lang, title: `${title(lang)}: ${data.group.name}`, frame: data.frame, body });
}
