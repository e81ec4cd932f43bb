import { NATIONAL_INSTRUMENT } from '../instrument/instrument.ts';
import { CommentText } from '../web/comment-text.tsx';
import { staffPage, type ShellFrame } from '../web/shell.tsx';
import { pageNames, type PageId } from '../i18n/vocabulary.ts';
import { FigureTable } from '../reporting/figure-table.tsx';
import { DataTable } from '../web/data-table.tsx';
import type React from 'react';
import { Alert, BodyLong, BodyShort, Button, Checkbox, Heading, Select, TextField, VStack } from '@navikt/ds-react';
import { translator, type Lang } from '../i18n/index.ts';
import { commentsSuppressedText, PeriodNotes } from '../reporting/period-notes.tsx';
import { sharingMessages } from './messages.ts';
import { PolicyNotice, policyMessages } from '../consent/policy-notice.tsx';
import type { AccessReason } from '../consent/access.ts';
import type { GroupView, PolicyRow, ShareRow } from '../consent/store.ts';
import type { ReleasedComment, ModerationItem } from './moderation.ts';
import type { IndividualView } from './individual.ts';
import type { ShareWhat } from '../db/schema.ts';
import { formatDateTime, formatLongDate, formatNumber } from '../i18n/format.ts';

type T = ReturnType<typeof translator<keyof (typeof sharingMessages)['en']>>;

const dateTime = formatDateTime;
const longDate = formatLongDate;
const lowerFirst = (s: string) => s.charAt(0).toLowerCase() + s.slice(1);
const upperFirst = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

function page(lang: Lang, frame: ShellFrame, title: string, body: React.ReactNode): string {
  return staffPage({ lang, title, frame, body });
}

/** A menu page's title: its name in the menu. */
const nameOf = (lang: Lang, page: PageId) => translator(pageNames, lang)(page);

/** The notice a counselor sees about their office's policy, before and while it applies. Exported for other pages (e.g. /me). */
export interface SharingPageData {
  frame: ShellFrame;
  employeeId: string;
  shares: ShareRow[];
  groups: GroupView[];
  colleagues: Array<{ id: string; name: string }>;
  policies: PolicyRow[];
  today: string;
  timeZone: string;
}

function ShareToggle({
  lang,
  t,
  grantee,
  groupId,
  what,
  on,
  who,
}: {
  lang: Lang;
  t: T;
  grantee: 'leader' | 'group';
  groupId: number | null;
  what: ShareWhat;
  on: boolean;
  who: string;
}) {
  const label = t(on ? 'turnOff' : 'turnOn', { what: t(what), who: lowerFirst(who) });
  return (
    <form method="post" action={`/me/sharing/shares?lang=${lang}`}>
      <input type="hidden" name="grantee" value={grantee} />
      {groupId !== null ? <input type="hidden" name="group_id" value={String(groupId)} /> : null}
      <input type="hidden" name="what" value={what} />
      <input type="hidden" name="share" value={on ? 'off' : 'on'} />
      <Button type="submit" size="small" variant={on ? 'secondary' : 'primary'}>
        {label}
      </Button>
    </form>
  );
}

export function sharingPage(data: SharingPageData, lang: Lang): string {
  const t = translator(sharingMessages, lang);
  const active = data.shares.filter((s) => !s.revoked_at);
  const isOn = (grantee: 'leader' | 'group', groupId: number | null, what: ShareWhat) =>
    active.some((s) => s.grantee_kind === grantee && s.group_id === groupId && s.what === what);
  const recipients: Array<{ grantee: 'leader' | 'group'; groupId: number | null; label: string }> = [
    { grantee: 'leader', groupId: null, label: t('withLeader') },
    ...data.groups.map((g) => ({ grantee: 'group' as const, groupId: g.id, label: t('withGroup', { name: g.name }) })),
  ];
  return page(
    lang,
    data.frame,
    nameOf(lang, 'meSharing'),
    <>
      <BodyLong spacing>{t('sharingIntro')}</BodyLong>
      <PolicyNotice policies={data.policies} lang={lang} today={data.today} />
      <section className="bs-section" aria-labelledby="shares-heading">
        <Heading level="2" size="medium" id="shares-heading" spacing>
          {t('shareTableCaption')}
        </Heading>
        {recipients.map((r) => (
          <VStack
            as="section"
            gap="space-12"
            key={`${r.grantee}-${r.groupId ?? ''}`}
            aria-labelledby={`recipient-${r.grantee}-${r.groupId ?? ''}`}
          >
            <Heading level="3" size="small" id={`recipient-${r.grantee}-${r.groupId ?? ''}`} spacing>
              {r.label}
            </Heading>
            {(['figures', 'comments'] as const).map((what) => {
              const on = isOn(r.grantee, r.groupId, what);
              return (
                <VStack key={what} gap="space-4" align="start" className="bs-section">
                  <BodyShort size="small">
                    {upperFirst(t(what))}: {on ? t('sharedOn') : t('notShared')}
                  </BodyShort>
                  <ShareToggle lang={lang} t={t} grantee={r.grantee} groupId={r.groupId} what={what} on={on} who={r.label} />
                </VStack>
              );
            })}
          </VStack>
        ))}
      </section>
      <section className="bs-section" aria-labelledby="groups-heading">
        <Heading level="2" size="medium" id="groups-heading" spacing>
          {t('groupsHeading')}
        </Heading>
        <BodyLong spacing>{t('groupsIntro')}</BodyLong>
        {data.groups.length === 0 ? <BodyShort spacing>{t('noGroups')}</BodyShort> : null}
        {data.groups.map((g) => {
          const owner = g.created_by === data.employeeId;
          const candidates = data.colleagues.filter((c) => !g.members.some((m) => m.id === c.id));
          return (
            <section key={g.id} className="bs-section" aria-labelledby={`group-${g.id}`}>
              <Heading level="3" size="small" id={`group-${g.id}`} spacing>
                {g.name}
              </Heading>
              <BodyShort spacing>{t('members')}:</BodyShort>
              <ul>
                {g.members.map((m) => (
                  <li key={m.id}>
                    {m.name}
                    {owner && m.id !== data.employeeId ? (
                      <form method="post" action={`/me/sharing/groups/${g.id}/members/${encodeURIComponent(m.id)}/remove?lang=${lang}`}>
                        <Button type="submit" size="xsmall" variant="tertiary">
                          {t('removeMember', { name: m.name })}
                        </Button>
                      </form>
                    ) : null}
                  </li>
                ))}
              </ul>
              {owner && candidates.length > 0 ? (
                <form method="post" action={`/me/sharing/groups/${g.id}/members?lang=${lang}`} className="bs-section">
                  <VStack gap="space-8" align="start">
                    <Select label={t('colleague')} name="employee_id" size="small">
                      {candidates.map((c) => (
                        <option key={c.id} value={c.id}>
                          {c.name}
                        </option>
                      ))}
                    </Select>
                    <Button type="submit" size="small" variant="secondary">
                      {t('addMember')}
                    </Button>
                  </VStack>
                </form>
              ) : null}
              <form method="post" action={`/me/sharing/groups/${g.id}/members/${encodeURIComponent(data.employeeId)}/remove?lang=${lang}`}>
                <Button type="submit" size="small" variant="tertiary">
                  {t('leaveGroup')}
                </Button>
              </form>
            </section>
          );
        })}
        <form method="post" action={`/me/sharing/groups?lang=${lang}`} className="bs-section">
          <VStack gap="space-8" align="start">
            <TextField label={t('groupName')} name="name" size="small" maxLength={100} />
            <Button type="submit" size="small" variant="secondary">
              {t('createGroup')}
            </Button>
          </VStack>
        </form>
      </section>
      <section className="bs-section" aria-labelledby="history-heading">
        <Heading level="2" size="medium" id="history-heading" spacing>
          {t('historyHeading')}
        </Heading>
        {data.shares.length === 0 ? (
          <BodyShort>{t('noHistory')}</BodyShort>
        ) : (
          <DataTable
            lang={lang}
            caption={t('historyHeading')}
            narrow="stack"
            rows={data.shares}
            rowKey={(s) => s.id}
            columns={[
              {
                header: t('recipient'),
                cell: (s) => (s.grantee_kind === 'leader' ? t('withLeader') : t('withGroup', { name: s.group_name ?? '' })),
              },
              { header: t('what'), cell: (s) => upperFirst(t(s.what)) },
              { header: t('historyGranted'), cell: (s) => dateTime(lang, s.created_at, data.timeZone) },
              { header: t('historyRevoked'), cell: (s) => (s.revoked_at ? dateTime(lang, s.revoked_at, data.timeZone) : t('stillActive')) },
            ]}
          />
        )}
      </section>
    </>,
  );
}

export interface AuditRow {
  at: Date;
  actor_name: string;
  action: string;
  detail: { what?: string[]; reasons?: Record<string, AccessReason | null> };
}

export function auditPage(frame: ShellFrame, rows: AuditRow[], lang: Lang, timeZone: string): string {
  const t = translator(sharingMessages, lang);
  const actionLabel = (a: string) => (`action_${a}` in sharingMessages.en ? t(`action_${a}` as Parameters<T>[0]) : a);
  return page(
    lang,
    frame,
    nameOf(lang, 'meAudit'),
    <>
      <BodyLong spacing>{t('auditIntro')}</BodyLong>
      {rows.length === 0 ? (
        <BodyShort>{t('auditEmpty')}</BodyShort>
      ) : (
        <DataTable
          lang={lang}
          caption={nameOf(lang, 'meAudit')}
          narrow="stack"
          rows={rows}
          rowKey={(_, i) => i}
          columns={[
            { header: t('when'), cell: (r) => dateTime(lang, r.at, timeZone) },
            { header: t('who'), cell: (r) => r.actor_name },
            {
              header: t('what'),
              cell: (r) =>
                `${actionLabel(r.action)}${r.detail.what?.length ? ` (${r.detail.what.map((w) => t(w as ShareWhat)).join(', ')})` : ''}`,
            },
            {
              header: t('why'),
              cell: (r) =>
                [...new Set(Object.values(r.detail.reasons ?? {}).filter((v): v is AccessReason => Boolean(v)))]
                  .map((x) => t(`reason_${x}`))
                  .join('; '),
            },
          ]}
        />
      )}
    </>,
  );
}

export function counselorCommentsPage(frame: ShellFrame, comments: ReleasedComment[], lang: Lang): string {
  const t = translator(sharingMessages, lang);
  return page(
    lang,
    frame,
    nameOf(lang, 'meComments'),
    <>
      <BodyLong spacing>{t('commentsIntro')}</BodyLong>
      {comments.length === 0 ? <BodyShort>{t('noReleasedComments')}</BodyShort> : null}
      <ul className="bs-comments">
        {comments.map((c) => (
          <li key={c.ref}>
            <BodyLong>
              <CommentText text={c.text} lang={c.lang} pageLang={lang} />
            </BodyLong>
            <BodyShort size="small" className="bs-note">
              {c.month}
            </BodyShort>
            {c.state === 'none' ? (
              <form method="post" action={`/me/comments/report?lang=${lang}`}>
                <input type="hidden" name="ref" value={c.ref} />
                <Button type="submit" size="xsmall" variant="secondary">
                  {t('reportAbusive')}
                </Button>
              </form>
            ) : (
              <BodyShort size="small">{c.state === 'kept' ? t('kept') : t('reported')}</BodyShort>
            )}
          </li>
        ))}
      </ul>
    </>,
  );
}

export function sharedWithMePage(
  frame: ShellFrame,
  list: Array<{ id: string; name: string; reasons: AccessReason[] }>,
  lang: Lang,
): string {
  const t = translator(sharingMessages, lang);
  return page(
    lang,
    frame,
    nameOf(lang, 'sharedWithMe'),
    <>
      <BodyLong spacing>{t('sharedWithMeIntro')}</BodyLong>
      {list.length === 0 ? (
        <BodyShort>{t('nobodyShares')}</BodyShort>
      ) : (
        <ul>
          {list.map((c) => (
            <li key={c.id}>
              <a href={`/employees/${encodeURIComponent(c.id)}/results?lang=${lang}`}>{t('openResults', { name: c.name })}</a>{' '}
              <span className="bs-note">({c.reasons.map((r) => t(`readerReason_${r}`)).join('; ')})</span>
            </li>
          ))}
        </ul>
      )}
    </>,
  );
}

export function individualResultsPage(frame: ShellFrame, view: IndividualView, lang: Lang): string {
  const t = translator(sharingMessages, lang);
  const reasons = [...new Set([view.access.figures, view.access.comments].filter((r): r is AccessReason => r !== null))];
  return page(
    lang,
    frame,
    t('resultsTitle', { name: view.counselor.name }),
    <>
      <Alert variant="info" size="small" className="bs-section">
        <BodyShort spacing>{t('resultsVisibleBecause', { reason: reasons.map((r) => t(`readerReason_${r}`)).join('; ') })}</BodyShort>
        <BodyShort size="small">{t('auditedNote', { name: view.counselor.name })}</BodyShort>
      </Alert>
      {view.access.figures === null ? <BodyShort spacing>{t('figuresNotShared')}</BodyShort> : null}
      {view.access.comments === null ? <BodyShort spacing>{t('commentsNotShared')}</BodyShort> : null}
      <BodyShort spacing size="small">
        <a href={`/api/v1/employees/${encodeURIComponent(view.counselor.id)}/results?lang=${lang}`}>{t('jsonLink')}</a>
      </BodyShort>
      {view.periods.length === 0 ? <BodyShort>{t('noAnswersYet')}</BodyShort> : null}
      {view.periods.map((p) => {
        const headingId = `period-${p.period}-${p.unit.id}-${p.instrument.id}-${p.instrument.version}`;
        return (
          <section key={headingId} className="bs-section" aria-labelledby={headingId}>
            <Heading level="2" size="medium" id={headingId} spacing>
              {t('periodHeading', { period: p.period })}
            </Heading>
            <BodyShort spacing>{t('answers', { n: formatNumber(lang, p.answers) })}</BodyShort>
            <PeriodNotes period={p} lang={lang} showUnit={new Set(view.periods.map((q) => q.unit.id)).size > 1} />
            {p.statements === null || !p.closed ? null : !p.enough_answers ? (
              <BodyShort spacing>{t('notEnough', { k: view.thresholds.answers })}</BodyShort>
            ) : (
              <FigureTable
                caption={t('periodHeading', { period: p.period })}
                first={t('statement')}
                lang={lang}
                rows={[
                  ...p.statements.map((s) => ({ key: s.id, label: s.text, figure: s.figure })),
                  ...(p.overall ? [{ key: 'overall', label: NATIONAL_INSTRUMENT.overall.text[lang], figure: p.overall }] : []),
                  ...(p.nav_general
                    ? [{ key: 'nav_general', label: NATIONAL_INSTRUMENT.navGeneral.text[lang], figure: p.nav_general }]
                    : []),
                ]}
              />
            )}
            {p.comments.suppressed && p.comments.reason === 'not_shared' ? null : (
              <>
                <Heading level="3" size="small" spacing className="bs-subheading">
                  {upperFirst(t('comments'))}
                </Heading>
                {p.comments.suppressed ? (
                  <BodyShort>{commentsSuppressedText(p.comments, lang)}</BodyShort>
                ) : p.comments.items.length === 0 ? (
                  <BodyShort>{t('noComments')}</BodyShort>
                ) : (
                  <ul className="bs-comments">
                    {p.comments.items.map((c, i) => (
                      <li key={i}>
                        <BodyLong>
                          <CommentText text={c.text} lang={c.lang} pageLang={lang} />
                        </BodyLong>
                        <BodyShort size="small" className="bs-note">
                          {c.month}
                        </BodyShort>
                      </li>
                    ))}
                  </ul>
                )}
              </>
            )}
          </section>
        );
      })}
    </>,
  );
}

export function policiesPage(
  frame: ShellFrame,
  data: { offices: Array<{ id: string; name: string }>; policies: PolicyRow[]; earliest: string; noticeDays: number; today: string },
  lang: Lang,
): string {
  const t = translator(sharingMessages, lang);
  const tp = translator(policyMessages, lang);
  return page(
    lang,
    frame,
    nameOf(lang, 'policies'),
    <>
      <BodyLong spacing>{t('policiesIntro', { days: data.noticeDays })}</BodyLong>
      <section className="bs-section" aria-labelledby="current-policies">
        <Heading level="2" size="medium" id="current-policies" spacing>
          {t('currentPolicies')}
        </Heading>
        {data.policies.length === 0 ? (
          <BodyShort>{t('noPolicies')}</BodyShort>
        ) : (
          <DataTable
            lang={lang}
            caption={t('currentPolicies')}
            narrow="stack"
            rows={data.policies}
            rowKey={(p) => p.id}
            columns={[
              { header: t('office'), rowHeader: true, cell: (p) => p.office_name },
              { header: t('startsOn'), cell: (p) => longDate(lang, p.starts_on) },
              { header: t('what'), cell: (p) => (p.includes_comments ? tp('policyComments') : tp('policyFiguresOnly')) },
              {
                header: t('action'),
                cell: (p) => (
                  <form method="post" action={`/policies/${p.id}/withdraw?lang=${lang}`}>
                    <Button type="submit" size="xsmall" variant="secondary">
                      {t('withdraw')}
                    </Button>
                  </form>
                ),
              },
            ]}
          />
        )}
      </section>
      {data.offices.length > 0 ? (
        <form method="post" action={`/policies?lang=${lang}`} className="bs-section">
          <VStack gap="space-8" align="start">
            <Select label={t('office')} name="office_id">
              {data.offices.map((o) => (
                <option key={o.id} value={o.id}>
                  {o.name}
                </option>
              ))}
            </Select>
            <TextField
              label={t('startsOn')}
              description={t('startsOnHelp', { date: data.earliest })}
              name="starts_on"
              defaultValue={data.earliest}
            />
            <Checkbox name="includes_comments" value="true">
              {t('includeComments')}
            </Checkbox>
            <Button type="submit">{t('publish')}</Button>
          </VStack>
        </form>
      ) : null}
    </>,
  );
}

export function moderationPage(frame: ShellFrame, items: ModerationItem[], lang: Lang): string {
  const t = translator(sharingMessages, lang);
  return page(
    lang,
    frame,
    nameOf(lang, 'moderation'),
    <>
      <BodyLong spacing>{t('moderationIntro')}</BodyLong>
      {items.length === 0 ? <BodyShort>{t('nothingReported')}</BodyShort> : null}
      <ul className="bs-comments">
        {items.map((c) => (
          <li key={c.ref}>
            <BodyLong>
              <CommentText text={c.text} lang={c.lang} pageLang={lang} />
            </BodyLong>
            <BodyShort size="small" className="bs-note">
              {c.month} · {t(`state_${c.state}`)}
            </BodyShort>
            {c.state !== 'hidden' ? (
              <form method="post" action={`/admin/comments/decide?lang=${lang}`}>
                <input type="hidden" name="ref" value={c.ref} />
                <input type="hidden" name="decision" value="hidden" />
                <Button type="submit" size="xsmall" variant="danger">
                  {t('hide')}
                </Button>
              </form>
            ) : null}
            {c.state === 'reported' ? (
              <form method="post" action={`/admin/comments/decide?lang=${lang}`}>
                <input type="hidden" name="ref" value={c.ref} />
                <input type="hidden" name="decision" value="kept" />
                <Button type="submit" size="xsmall" variant="tertiary">
                  {t('keep')}
                </Button>
              </form>
            ) : null}
          </li>
        ))}
      </ul>
    </>,
  );
}
