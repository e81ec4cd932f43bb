import { CommentText } from '../web/comment-text.tsx';
import { Alert, BodyShort, Button, Checkbox, Heading, Link, Select } from '@navikt/ds-react';
import { translator, type Lang } from '../i18n/index.ts';
import { groupMessages } from './group-messages.ts';
import { FigureTable, formatShare as pct } from './figure-table.tsx';
import { formatNumber } from '../i18n/format.ts';
import type { UnitReport } from './group-report.ts';
import { EXCLUSION_SLOTS, type DispatchCounts } from '../disclosure/counts.ts';
import { exclusionReasonLabel } from '../dispatch/messages.ts';
import type { Figure } from '../disclosure/figures.ts';
import { NATIONAL_INSTRUMENT } from '../instrument/instrument.ts';
import type { CounselorOverview } from './counselor-overview.ts';
import { DataTable } from '../web/data-table.tsx';
import { staffPage, type ShellFrame } from '../web/shell.tsx';
import { pageNames } from '../i18n/vocabulary.ts';
import { ActivityMarksTable, chartMarksLabel, type ActivityMark } from '../competence/pages.tsx';

export type GT = ReturnType<typeof translator<keyof (typeof groupMessages)['en']>>;

/** A server-rendered SVG chart as one labelled image; the table beside it carries the numbers. */
export function Chart({ svg, label }: { svg: string; label: string }) {
  return <div className="bs-chart" role="img" aria-label={label} dangerouslySetInnerHTML={{ __html: svg }} />;
}

/**
 * Meetings by outcome per period, so the sum is on the page: registered = not invited (a column per
 * reason that occurs) + not sent yet + not delivered + invited; answered ≤ invited.
 */
export function DispatchTable({ rows, lang, t, caption }: { rows: DispatchCounts[]; lang: Lang; t: GT; caption: string }) {
  const reasons = EXCLUSION_SLOTS.filter((slot) => rows.some((r) => (r.excluded_by_reason[slot] ?? 0) > 0));
  return (
    <>
      <DataTable
        lang={lang}
        caption={caption}
        rows={rows}
        rowKey={(r) => r.period}
        columns={[
          { header: t('periodCol'), rowHeader: true, cell: (r) => r.period },
          { header: t('registered'), name: 'registered', numeric: true, cell: (r) => r.registered },
          ...(reasons.length > 0
            ? reasons.map((slot) => ({
                header: t('excludedReason', { reason: exclusionReasonLabel(lang, slot) }),
                name: `excluded_${slot}`,
                numeric: true,
                cell: (r: DispatchCounts) => r.excluded_by_reason[slot] ?? 0,
              }))
            : [{ header: t('excluded'), name: 'excluded', numeric: true, cell: (r: DispatchCounts) => r.excluded }]),
          { header: t('waiting'), name: 'waiting', numeric: true, cell: (r) => r.waiting },
          { header: t('undelivered'), name: 'undelivered', numeric: true, cell: (r) => r.undelivered },
          { header: t('invited'), name: 'invited', numeric: true, cell: (r) => r.invited },
          { header: t('answered'), name: 'answered', numeric: true, cell: (r) => r.answered },
          { header: t('rate'), numeric: true, cell: (r) => (r.rate === null ? '–' : pct(lang, r.rate)) },
        ]}
      />
      <BodyShort size="small" className="bs-note">
        {t('dispatchSum')}
      </BodyShort>
    </>
  );
}

export interface NavigationEntry {
  id: string;
  name: string;
  kind: 'nation' | 'county' | 'office' | 'team';
}

/** The units the reader may open, by kind (the analyses and their own results are in the menu). */
export function navigationPage(input: { frame: ShellFrame; lang: Lang; units: NavigationEntry[] }): string {
  const { lang, units } = input;
  const t = translator(groupMessages, lang);
  const kinds = (['nation', 'county', 'office', 'team'] as const).filter((k) => units.some((u) => u.kind === k));
  return staffPage({
    lang,
    title: translator(pageNames, lang)('reports'),
    frame: input.frame,
    lead: <BodyShort spacing>{t('navIntro')}</BodyShort>,
    body: (
      <>
        {units.length === 0 ? <BodyShort>{t('navNone')}</BodyShort> : null}
        {kinds.map((kind) => (
          <section key={kind} aria-labelledby={`nav-${kind}`} className="bs-section">
            <Heading level="2" size="small" id={`nav-${kind}`} spacing>
              {t(`kind_${kind}`)}
            </Heading>
            <ul>
              {units
                .filter((u) => u.kind === kind)
                .map((u) => (
                  <li key={u.id}>
                    <Link href={`/units/${encodeURIComponent(u.id)}?lang=${lang}`}>{u.name}</Link>
                  </li>
                ))}
            </ul>
          </section>
        ))}
      </>
    ),
  });
}

export interface ReportCharts {
  statements: string;
  distribution: string | null;
  trend: string;
  breakdown: string | null;
}

/** `marks`: the office's competence activities on its trend, for its own leaders (null: none shown). */
export function unitReportPage(
  report: UnitReport,
  charts: ReportCharts,
  lang: Lang,
  frame: ShellFrame,
  marks: ActivityMark[] | null = null,
): string {
  const t = translator(groupMessages, lang);
  const base = `/units/${encodeURIComponent(report.unit.id)}`;
  const api = `/api/v1/units/${encodeURIComponent(report.unit.id)}`;
  const query = `period=${report.period_kind}&key=${report.period}&lang=${lang}`;
  const { current } = report;
  const released = current.statements.filter((s) => !s.figure.suppressed);
  const distribution = current.statements.flatMap((s) => (s.figure.suppressed ? [] : [{ id: s.id, text: s.text, figure: s.figure }]));
  return staffPage({
    lang,
    title: report.unit.name,
    documentTitle: `${report.unit.name} – ${report.period}`,
    frame,
    lead: (
      <>
        <BodyShort spacing>{t('reportIntro', { unit: report.unit.name })}</BodyShort>
        <BodyShort spacing size="small">
          {t('suppressionNote', { k: report.thresholds.answers, m: report.thresholds.counselors })}
        </BodyShort>
      </>
    ),
    body: (
      <>
        <form method="get" action={base} className="bs-section">
          <input type="hidden" name="lang" value={lang} />
          <Select label={t('periodKind')} name="period" defaultValue={report.period_kind} size="small">
            {(['month', 'tertial', 'year'] as const).map((k) => (
              <option key={k} value={k}>
                {t(`period_${k}`)}
              </option>
            ))}
          </Select>
          <Button type="submit" size="small" variant="secondary">
            {t('show')}
          </Button>
        </form>
        <nav aria-label={t('periodsLabel')}>
          <ul className="bs-inline-list">
            {report.trend.map((p) => (
              <li key={p.period}>
                {p.period === report.period ? (
                  <strong aria-current="page">{p.period}</strong>
                ) : (
                  <Link href={`${base}?period=${report.period_kind}&key=${p.period}&lang=${lang}`}>{p.period}</Link>
                )}
              </li>
            ))}
          </ul>
        </nav>
        {report.individualResultsLink ? (
          <BodyShort spacing>
            <Link href={report.individualResultsLink}>{t('individualResults')}</Link>
          </BodyShort>
        ) : null}

        <section aria-labelledby="results" className="bs-section">
          <Heading level="2" size="medium" id="results" spacing>
            {t('resultsHeading', { period: report.period })}
          </Heading>
          <BodyShort spacing>{t('answersCount', { n: formatNumber(lang, current.answers) })}</BodyShort>
          {!current.released ? (
            <Alert variant="info" size="small">
              {t('groupSuppressed')}
            </Alert>
          ) : (
            <>
              {released.length > 0 ? <Chart svg={charts.statements} label={t('chartStatements')} /> : null}
              <FigureTable
                caption={t('resultsHeading', { period: report.period })}
                first={t('statement')}
                lang={lang}
                rows={[
                  ...current.statements.map((s) => ({ key: s.id, label: s.text, figure: s.figure })),
                  { key: 'overall', label: NATIONAL_INSTRUMENT.overall.text[lang], figure: current.overall },
                  { key: 'nav_general', label: NATIONAL_INSTRUMENT.navGeneral.text[lang], figure: current.nav_general },
                ]}
              />
            </>
          )}
        </section>

        {current.released && released.length > 0 && charts.distribution ? (
          <section aria-labelledby="distribution" className="bs-section">
            <Heading level="2" size="medium" id="distribution" spacing>
              {t('distributionHeading')}
            </Heading>
            <Chart svg={charts.distribution} label={t('chartDistribution')} />
            <DataTable
              lang={lang}
              caption={t('distributionHeading')}
              rows={distribution}
              rowKey={(s) => s.id}
              columns={[
                { header: t('statement'), rowHeader: true, cell: (s) => s.text },
                ...NATIONAL_INSTRUMENT.scale.map((label, i) => ({
                  header: `${i + 1} ${label[lang]}`,
                  numeric: true,
                  cell: (s: (typeof distribution)[number]) => s.figure.distribution?.[i],
                })),
                { header: t('n'), numeric: true, cell: (s) => s.figure.n },
              ]}
            />
          </section>
        ) : null}

        <section aria-labelledby="trend" className="bs-section">
          <Heading level="2" size="medium" id="trend" spacing>
            {t('trendHeading')}
          </Heading>
          <Chart svg={charts.trend} label={marks && marks.length > 0 ? `${t('chartTrend')} ${chartMarksLabel(lang)}` : t('chartTrend')} />
          <TrendTable label={t('trendHeading')} periodLabel={t('periodCol')} trend={report.trend} lang={lang} />
          {marks ? <ActivityMarksTable marks={marks} lang={lang} /> : null}
        </section>

        {report.breakdown.length > 0 ? (
          <section aria-labelledby="breakdown" className="bs-section">
            <Heading level="2" size="medium" id="breakdown" spacing>
              {t('breakdownHeading')}
            </Heading>
            <BodyShort spacing size="small">
              {t('breakdownNote')}
            </BodyShort>
            {charts.breakdown ? <Chart svg={charts.breakdown} label={t('chartBreakdown')} /> : null}
            <FigureTable
              caption={t('breakdownHeading')}
              first={t('unitCol')}
              lang={lang}
              rows={report.breakdown.map((b) => ({
                key: b.unit.id,
                label: <Link href={`/units/${encodeURIComponent(b.unit.id)}?${query}`}>{b.unit.name}</Link>,
                figure: b.overall,
              }))}
            />
          </section>
        ) : null}

        <section aria-labelledby="rates" className="bs-section">
          <Heading level="2" size="medium" id="rates" spacing>
            {t('ratesHeading')}
          </Heading>
          <BodyShort spacing size="small">
            {t('ratesNote')}
          </BodyShort>
          <DispatchTable rows={report.response_rates} lang={lang} t={t} caption={t('ratesHeading')} />
        </section>

        {report.comments ? (
          <section aria-labelledby="comments" className="bs-section">
            <Heading level="2" size="medium" id="comments" spacing>
              {t('commentsHeading', { period: report.comments.period })}
            </Heading>
            {report.comments.suppressed ? (
              <BodyShort>{t('commentsSuppressed', { k: report.comments.n_min })}</BodyShort>
            ) : report.comments.items.length === 0 ? (
              <BodyShort>{t('noComments')}</BodyShort>
            ) : (
              <>
                <BodyShort size="small" spacing>
                  {t('commentsNote')}
                </BodyShort>
                <ul className="bs-comments">
                  {report.comments.items.map((c, i) => (
                    <li key={i}>
                      <CommentText text={c.text} lang={c.lang} pageLang={lang} /> <span className="bs-note">({c.month})</span>
                    </li>
                  ))}
                </ul>
              </>
            )}
          </section>
        ) : null}

        <section aria-labelledby="exports" className="bs-section">
          <Heading level="2" size="medium" id="exports" spacing>
            {t('exportsHeading')}
          </Heading>
          <ul className="bs-inline-list">
            <li>
              <Link href={`${api}/report.csv?${query}`}>{t('exportCsv')}</Link>
            </li>
            <li>
              <Link href={`${api}/report.xlsx?${query}`}>{t('exportXlsx')}</Link>
            </li>
            <li>
              <Link href={`${api}/report?${query}`}>{t('exportJson')}</Link>
            </li>
          </ul>
        </section>
      </>
    ),
  });
}

/** The counselor's own trend, dispatch counts and the opt-in comparison, shown on /me. */
export function CounselorExtras({ overview, lang, trendSvg }: { overview: CounselorOverview; lang: Lang; trendSvg: string }) {
  const t = translator(groupMessages, lang);
  return (
    <>
      <section aria-labelledby="own-trend" className="bs-section">
        <Heading level="2" size="medium" id="own-trend" spacing>
          {t('ownTrendHeading')}
        </Heading>
        <Chart svg={trendSvg} label={t('chartTrend')} />
        <TrendTable label={t('ownTrendHeading')} periodLabel={t('periodCol')} trend={overview.trend} lang={lang} />
      </section>
      <section aria-labelledby="own-dispatch" className="bs-section">
        <Heading level="2" size="medium" id="own-dispatch" spacing>
          {t('ownDispatchHeading')}
        </Heading>
        <BodyShort spacing size="small">
          {t('ownDispatchNote')}
        </BodyShort>
        <DispatchTable rows={overview.dispatch} lang={lang} t={t} caption={t('ownDispatchHeading')} />
      </section>
      <section aria-labelledby="compare" className="bs-section">
        <Heading level="2" size="medium" id="compare" spacing>
          {t('compareHeading')}
        </Heading>
        <BodyShort spacing>{overview.compare_with_averages ? t('compareOn') : t('compareOff')}</BodyShort>
        <form method="post" action={`/me/settings?lang=${lang}`}>
          <Checkbox name="compare_with_averages" value="on" defaultChecked={overview.compare_with_averages}>
            {t('compareLabel')}
          </Checkbox>
          <Button type="submit" size="small" variant="secondary">
            {t('compareSave')}
          </Button>
        </form>
        {overview.comparison ? (
          <>
            <BodyShort spacing size="small">
              {t('compareNote')}
            </BodyShort>
            <FigureTable
              caption={`${t('compareHeading')} ${overview.period}`}
              first={`${NATIONAL_INSTRUMENT.overall.text[lang]} ${overview.period}`}
              lang={lang}
              rows={[
                { key: 'you', label: t('compareYou'), figure: overview.own_overall },
                ...overview.comparison.map((c) => ({
                  key: c.scope,
                  label: `${t(`compare_${c.scope}`)} (${c.unit.name})`,
                  figure: c.overall,
                })),
              ]}
            />
          </>
        ) : null}
      </section>
    </>
  );
}

/** A trend's overall figure per period, the table beside its chart. */
function TrendTable({
  label,
  periodLabel,
  trend,
  lang,
}: {
  label: string;
  periodLabel: string;
  trend: ReadonlyArray<{ period: string; overall: Figure }>;
  lang: Lang;
}) {
  return (
    <FigureTable
      caption={label}
      first={periodLabel}
      lang={lang}
      rows={trend.map((p) => ({ key: p.period, label: p.period, figure: p.overall }))}
    />
  );
}
