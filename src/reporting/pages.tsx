import { NATIONAL_INSTRUMENT } from '../instrument/instrument.ts';
import { instrumentName } from '../i18n/vocabulary.ts';
import { CommentText } from '../web/comment-text.tsx';
import type { ReactNode } from 'react';
import { Alert, BodyLong, BodyShort, Button, Heading, Select } from '@navikt/ds-react';
import { renderDocument } from '../web/layout.tsx';
import { translator, type Lang } from '../i18n/index.ts';
import { reportingMessages } from './messages.ts';
import type { CounselorReport, PeriodResult } from './counselor-report.ts';
import { FigureTable } from './figure-table.tsx';
import { formatNumber } from '../i18n/format.ts';
import { commentsSuppressedText, PeriodNotes } from './period-notes.tsx';
import { staffPage, type ShellFrame } from '../web/shell.tsx';
import { pageNames } from '../i18n/vocabulary.ts';

type T = ReturnType<typeof translator<keyof (typeof reportingMessages)['en']>>;

function PeriodSection({
  period,
  lang,
  t,
  k,
  showUnit,
  notesLink,
}: {
  period: PeriodResult;
  lang: Lang;
  t: T;
  k: { answers: number; comments: number };
  showUnit: boolean;
  notesLink: boolean;
}) {
  const headingId = `period-${period.period}-${period.unit.id}-${period.instrument.id}-${period.instrument.version}`;
  return (
    <section aria-labelledby={headingId} className="bs-section">
      <Heading level="2" size="medium" id={headingId} spacing>
        {t('periodHeading', { period: period.period })}
      </Heading>
      <BodyShort spacing>
        {t('answers', { n: formatNumber(lang, period.answers) })} ·{' '}
        {instrumentName(lang, { ...period.instrument, national: period.instrument.id === NATIONAL_INSTRUMENT.id })}
      </BodyShort>
      <PeriodNotes period={period} lang={lang} showUnit={showUnit} />
      {!period.closed ? null : !period.enough_answers ? (
        <Alert variant="info" size="small">
          {t('notEnough', { k: k.answers })}
        </Alert>
      ) : (
        <>
          <FigureTable
            caption={t('periodHeading', { period: period.period })}
            first={t('statement')}
            lang={lang}
            rows={[
              ...period.statements.map((s) => ({ key: s.id, label: s.text, figure: s.figure })),
              { key: 'overall', label: NATIONAL_INSTRUMENT.overall.text[lang], figure: period.overall },
              { key: 'nav_general', label: NATIONAL_INSTRUMENT.navGeneral.text[lang], figure: period.nav_general },
            ]}
          />
          <BodyShort size="small" className="bs-note">
            {t('scaleNote')}
          </BodyShort>
        </>
      )}
      <Heading level="3" size="small" spacing className="bs-subheading">
        {t('comments')}
      </Heading>
      {period.comments.suppressed ? (
        <BodyShort>{commentsSuppressedText(period.comments, lang)}</BodyShort>
      ) : period.comments.items.length === 0 ? (
        <BodyShort>{t('noComments')}</BodyShort>
      ) : (
        <>
          <BodyShort size="small" spacing>
            {t('commentsNote')}
          </BodyShort>
          <ul className="bs-comments">
            {period.comments.items.map((c, i) => (
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
        </>
      )}
      {notesLink ? (
        <BodyShort spacing className="bs-section">
          <a href={`/me/notes?lang=${lang}&period=${encodeURIComponent(period.period)}#new-note`}>{t('notesLink')}</a>
        </BodyShort>
      ) : null}
    </section>
  );
}

/**
 * `extra`: sections added below the intro (trend, dispatch counts, comparison setting). `notesLink`: each
 * period links to the counselor's private notes for it (`/me/notes`, counselors only).
 */
export function counselorPage(report: CounselorReport, lang: Lang, frame: ShellFrame, extra?: ReactNode, notesLink = false): string {
  const t = translator(reportingMessages, lang);
  return staffPage({
    lang,
    title: translator(pageNames, lang)('me'),
    frame,
    lead: (
      <>
        <BodyLong spacing>{t('intro')}</BodyLong>
        <BodyShort spacing size="small">
          {t('privacyNote', { k: report.thresholds.answers })} <a href={`/api/v1/me/report?lang=${lang}`}>{t('jsonLink')}</a>
        </BodyShort>
      </>
    ),
    body: (
      <>
        {extra}
        {report.periods.length === 0 ? <BodyShort>{t('noAnswersYet')}</BodyShort> : null}
        {report.periods.map((p) => (
          <PeriodSection
            key={`${p.period}-${p.unit.id}-${p.instrument.version}`}
            period={p}
            lang={lang}
            t={t}
            k={report.thresholds}
            showUnit={new Set(report.periods.map((q) => q.unit.id)).size > 1}
            notesLink={notesLink}
          />
        ))}
      </>
    ),
  });
}

export interface LoginChoice {
  id: string;
  label: string;
  group: string;
}

export function devLoginPage(choices: LoginChoice[], lang: Lang): string {
  const t = translator(reportingMessages, lang);
  const groups = [...new Set(choices.map((c) => c.group))];
  return renderDocument({
    lang,
    title: t('loginTitle'),
    body: (
      <>
        <Heading level="1" size="large" spacing>
          {t('loginTitle')}
        </Heading>
        <BodyLong spacing>{t('loginIntro')}</BodyLong>
        <Alert variant="warning" size="small" className="bs-section">
          {t('loginDevWarning')}
        </Alert>
        <form method="post" action={`/login?lang=${lang}`} className="bs-section">
          <Select label={t('loginEmployee')} name="employee_id">
            {groups.map((g) => (
              <optgroup key={g} label={g}>
                {choices
                  .filter((c) => c.group === g)
                  .map((c) => (
                    <option key={c.id} value={c.id}>
                      {c.label}
                    </option>
                  ))}
              </optgroup>
            ))}
          </Select>
          <Button type="submit" className="bs-section">
            {t('loginButton')}
          </Button>
        </form>
      </>
    ),
  });
}
