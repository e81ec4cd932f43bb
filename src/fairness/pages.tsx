import { Alert, BodyLong, BodyShort, Heading, Tag } from '@navikt/ds-react';
import { translator, type Lang } from '../i18n/index.ts';
import { formatDateTime, formatDecimal, formatLongDate, formatSigned } from '../i18n/format.ts';
import { covariateLabel, fairnessMessages } from './messages.ts';
import type { FairFigure, FairItem, FairModel, FairReport } from './report.ts';
import { DataTable, spanning, type DataColumn } from '../web/data-table.tsx';
import { staffPage, type ShellFrame } from '../web/shell.tsx';
import { instrumentName, pageNames } from '../i18n/vocabulary.ts';
import { CounselorStanding } from './standing.tsx';
import { NATIONAL_INSTRUMENT } from '../instrument/instrument.ts';
import type React from 'react';

type T = ReturnType<typeof translator<keyof (typeof fairnessMessages)['en']>>;

const fmt = (lang: Lang, value: number, digits = 2) => formatDecimal(lang, value, digits);
const signed = (lang: Lang, value: number) => formatSigned(lang, value, 2);
const pValue = (lang: Lang, p: number) => (p < 0.001 ? '< ' + fmt(lang, 0.001, 3) : fmt(lang, p, 3));

export interface FairPageContext {
  lang: Lang;
  t: T;
  /** The reader's application shell (access/navigation.ts). */
  frame: ShellFrame;
  /** Path of this page and of its JSON twin, without query. */
  path: string;
  jsonPath: string;
  /** Query parameters to keep in links (period, instrument, unit). */
  keep: Record<string, string>;
  selectedItem: string;
  /** The period shown, whether it has closed and the day it closes. */
  period: { key: string; closed: boolean; closesOn: string };
  /** Closed periods with answers a reader may choose, newest first. */
  periods: string[];
  /** m: counselors a group figure must cover (for the note on which offices have rows). */
  minCounselors: number;
  /** TIME_ZONE: clock times are written in it (i18n/format.ts formatDateTime), as on every page. */
  timeZone: string;
}

/** "2026" → "År 2026", "2026-T2" → "2. tertial 2026" (in the page's language). */
export function periodLabel(key: string, t: T): string {
  const year = key.slice(0, 4);
  return key.length === 4 ? t('periodYear', { year }) : t('periodTertial', { year, tertial: key.slice(6) });
}

/** A list of links to the same page with other query parameters, the current one marked. */
function LinkNav({
  id,
  heading,
  links,
}: {
  id: string;
  heading: string;
  links: Array<{ key: string; href: string; label: string; current: boolean }>;
}) {
  return (
    <nav aria-labelledby={id} className="bs-section">
      <Heading level="2" size="small" id={id} spacing>
        {heading}
      </Heading>
      <ul>
        {links.map((link) => (
          <li key={link.key}>
            <a href={link.href} aria-current={link.current ? 'page' : undefined}>
              {link.label}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/** The closed periods a reader may choose (the item kept). */
function PeriodNav({ page }: { page: FairPageContext }) {
  if (page.periods.length === 0) return null;
  const links = page.periods.map((key) => ({
    key,
    href: `${page.path}?${query({ ...page.keep, period: key, item: page.selectedItem, lang: page.lang })}`,
    label: periodLabel(key, page.t),
    current: key === page.period.key,
  }));
  return <LinkNav id="periods-nav" heading={page.t('periodNav')} links={links} />;
}

const query = (params: Record<string, string>) => new URLSearchParams(params).toString();

function ItemNav({ report, page }: { report: FairReport; page: FairPageContext }) {
  const links = report.items.map((item) => ({
    key: item.item,
    href: `${page.path}?${query({ ...page.keep, item: item.item, lang: page.lang })}`,
    label: item.label,
    current: item.item === page.selectedItem,
  }));
  return <LinkNav id="items-nav" heading={page.t('itemsNav')} links={links} />;
}

function comparisonText(figure: FairFigure, t: T): string {
  return figure.differs === 'higher' ? t('higher') : figure.differs === 'lower' ? t('lower') : t('notDifferent');
}

function suppressedText(figure: FairFigure, t: T, k: number): string {
  if (figure.reason === 'disclosure_control') return t('suppressedControl');
  if (figure.reason === 'period_open') return t('suppressedOpen');
  return t('suppressed', { k });
}

/**
 * The columns of the fair table after the unit: n, raw, adjusted, estimate, interval, reliability, the comparison
 * (with innsatsgruppe when any figure has it); a suppressed figure is one cell across them all.
 */
function figureColumns(page: FairPageContext, k: number, showInnsats: boolean): Array<DataColumn<FairFigure>> {
  const { lang, t } = page;
  const columns: Array<DataColumn<FairFigure>> = [
    {
      header: t('n'),
      numeric: true,
      name: 'n',
      cell: (f) => (f.suppressed ? spanning(showInnsats ? 8 : 7, suppressedText(f, t, k)) : f.n),
    },
    { header: t('rawMean'), numeric: true, name: 'raw', cell: (f) => fmt(lang, f.raw_mean!) },
    { header: t('adjustedMean'), numeric: true, name: 'adjusted', cell: (f) => fmt(lang, f.adjusted_mean!) },
    { header: t('estimate'), numeric: true, name: 'estimate', cell: (f) => fmt(lang, f.estimate!) },
    {
      header: t('interval'),
      numeric: true,
      name: 'interval',
      cell: (f) => `${fmt(lang, f.interval!.lower)}–${fmt(lang, f.interval!.upper)}`,
    },
    {
      header: t('reliability'),
      numeric: true,
      name: 'reliability',
      cell: (f) => (
        <>
          {f.reliability === null ? t('reliabilityUnknown') : fmt(lang, f.reliability)}
          {f.low_reliability ? (
            <>
              {' '}
              <Tag variant="warning" size="xsmall">
                {t('low')}
              </Tag>
            </>
          ) : null}
        </>
      ),
    },
    { header: t('comparison'), name: 'comparison', cell: (f) => comparisonText(f, t) },
  ];
  if (!showInnsats) return columns;
  return [
    ...columns,
    {
      header: t('withInnsats'),
      numeric: true,
      name: 'with-innsatsgruppe',
      cell: (f) => (f.adjusted_mean_with_innsatsgruppe === null ? '–' : fmt(lang, f.adjusted_mean_with_innsatsgruppe)),
    },
  ];
}

/** Intervals as a server-side SVG: the same numbers as the table, rows in the table's (alphabetical) order. */
export function IntervalChart({ item, lang, t, id }: { item: FairItem; lang: Lang; t: T; id: string }) {
  const shown = item.figures.filter((f) => !f.suppressed);
  if (!item.model || shown.length === 0) return null;
  const reference = item.model.reference_level;
  const values = shown.flatMap((f) => [f.interval!.lower, f.interval!.upper, f.raw_mean!]).concat(reference);
  const low = Math.max(1, Math.floor(Math.min(...values) * 2) / 2);
  const high = Math.min(6, Math.ceil(Math.max(...values) * 2) / 2);
  const span = Math.max(high - low, 0.5);
  // Drawn for a 360 px phone (as reporting/charts.ts): about 330 px wide, each office's name above its
  // interval rather than in a column to its left, so its text stays legible there and is never scaled up.
  const margin = 16;
  const plotWidth = 300;
  const rowHeight = 40;
  const top = 8;
  const height = top + shown.length * rowHeight + 36;
  const x = (v: number) => margin + ((v - low) / span) * plotWidth;
  const ticks: number[] = [];
  for (let v = low; v <= low + span + 1e-9; v += 0.5) ticks.push(v);
  const truncate = (s: string) => (s.length > 44 ? s.slice(0, 43) + '…' : s);
  // The national level's label is centred under its line, but kept inside the picture near either edge.
  const halfLabel = 60;
  const width = plotWidth + 2 * margin;
  const referenceLabel: { x: number; anchor: 'start' | 'middle' | 'end' } =
    x(reference) + halfLabel > width
      ? { x: width - 2, anchor: 'end' }
      : x(reference) - halfLabel < 0
        ? { x: 2, anchor: 'start' }
        : { x: x(reference), anchor: 'middle' };
  return (
    <figure className="bs-section">
      <svg
        role="img"
        aria-labelledby={`${id}-title ${id}-desc`}
        viewBox={`0 0 ${width} ${height}`}
        width={width}
        height={height}
        style={{ maxWidth: '100%', height: 'auto' }}
        xmlns="http://www.w3.org/2000/svg"
      >
        <title id={`${id}-title`}>{`${t('chartTitle')}: ${item.label}`}</title>
        <desc id={`${id}-desc`}>{t('chartDescription')}</desc>
        <line x1={x(reference)} x2={x(reference)} y1={top - 6} y2={top + shown.length * rowHeight} stroke="#262626" strokeDasharray="4 3" />
        {shown.map((f, i) => {
          // The name on the upper half of the row, the interval below it.
          const y = top + i * rowHeight + rowHeight - 10;
          const r = x(f.raw_mean!);
          return (
            <g key={f.unit_id}>
              <text x={margin} y={y - 12} fontSize="13" fill="#262626">
                {truncate(f.name)}
              </text>
              <line x1={x(f.interval!.lower)} x2={x(f.interval!.upper)} y1={y} y2={y} stroke="#0056b4" strokeWidth="2" />
              <circle cx={x(f.estimate!)} cy={y} r="5" fill="#0056b4" />
              <polygon points={`${r},${y - 5} ${r + 5},${y} ${r},${y + 5} ${r - 5},${y}`} fill="none" stroke="#a8201a" strokeWidth="1.5" />
            </g>
          );
        })}
        {ticks.map((v) => (
          <g key={v}>
            <line x1={x(v)} x2={x(v)} y1={top + shown.length * rowHeight} y2={top + shown.length * rowHeight + 5} stroke="#262626" />
            <text x={x(v)} y={top + shown.length * rowHeight + 18} textAnchor="middle" fontSize="12" fill="#262626">
              {fmt(lang, v, 1)}
            </text>
          </g>
        ))}
        <text x={referenceLabel.x} y={height - 4} textAnchor={referenceLabel.anchor} fontSize="12" fill="#262626">
          {`${t('chartReference')} ${fmt(lang, reference)}`}
        </text>
      </svg>
      <figcaption>
        <BodyShort size="small">{t('chartDescription')}</BodyShort>
      </figcaption>
    </figure>
  );
}

const droppedText = (reason: FairModel['dropped'][number]['reason'], t: T, levelAnswers: number) =>
  reason === 'sparse' ? t('droppedSparse', { min: levelAnswers }) : reason === 'constant' ? t('droppedConstant') : t('droppedCollinear');

function ModelSection({ model, lang, t, id, levelAnswers }: { model: FairModel; lang: Lang; t: T; id: string; levelAnswers: number }) {
  return (
    <section aria-labelledby={`${id}-model`} className="bs-section">
      <Heading level="2" size="medium" id={`${id}-model`} spacing>
        {t('modelHeading')}
      </Heading>
      <BodyLong spacing>
        {model.counselor_variance !== null
          ? t('modelIntroNested', { answers: model.answers })
          : t('modelIntro', { answers: model.answers, units: model.units })}
      </BodyLong>
      <DataTable
        lang={lang}
        caption={t('modelHeading')}
        regionLabel={t('tableRegion', { label: t('modelHeading') })}
        rows={model.covariates}
        rowKey={(c) => c.name}
        columns={[
          { header: t('covariate'), rowHeader: true, cell: (c) => covariateLabel(c.name, lang) },
          { header: t('coefficient'), numeric: true, cell: (c) => signed(lang, c.estimate) },
          { header: t('standardError'), numeric: true, cell: (c) => fmt(lang, c.se, 3) },
          { header: t('pValue'), numeric: true, cell: (c) => pValue(lang, c.p_value) },
        ]}
      />
      <ul>
        <li>{t('mattered', { sd: fmt(lang, model.adjustment_sd), max: fmt(lang, model.adjustment_max_abs) })}</li>
        {model.between_variance_ratio !== null ? <li>{t('betweenRatio', { ratio: fmt(lang, model.between_variance_ratio) })}</li> : null}
        {model.rank_correlation !== null ? <li>{t('rankCorrelation', { value: fmt(lang, model.rank_correlation) })}</li> : null}
        {model.flag_changes !== null ? <li>{t('flagChanges', { count: model.flag_changes })}</li> : null}
        <li>
          {model.counselor_variance !== null
            ? t('variancesNested', {
                office: fmt(lang, model.between_variance ?? 0, 3),
                counselor: fmt(lang, model.counselor_variance, 3),
                within: fmt(lang, model.within_variance, 3),
              })
            : t('variances', {
                between: model.between_variance === null ? '–' : fmt(lang, model.between_variance, 3),
                within: fmt(lang, model.within_variance, 3),
              })}
        </li>
        {model.answers_for_reliability_0_7 !== null ? <li>{t('answersFor07', { n: model.answers_for_reliability_0_7 })}</li> : null}
      </ul>
      {model.dropped.length > 0 ? (
        <>
          <Heading level="3" size="small" spacing>
            {t('droppedHeading')}
          </Heading>
          <ul>
            {model.dropped.map((d) => (
              <li key={d.name}>
                {covariateLabel(d.name, lang)}: {droppedText(d.reason, t, levelAnswers)}
              </li>
            ))}
          </ul>
          {model.dropped.some((d) => d.reason === 'sparse') ? (
            <BodyShort size="small" spacing>
              {t('mergedNote', { min: levelAnswers })}
            </BodyShort>
          ) : null}
        </>
      ) : null}
      {model.innsatsgruppe ? (
        <>
          <Heading level="3" size="small" spacing>
            {t('innsatsHeading')}
          </Heading>
          <BodyLong spacing>
            {t('innsatsNote', { sd: fmt(lang, model.innsatsgruppe.change_sd), max: fmt(lang, model.innsatsgruppe.change_max_abs) })}
          </BodyLong>
          <BodyShort>{t('innsatsChange')}</BodyShort>
          <ul>
            {model.innsatsgruppe.covariates.map((c) => (
              <li key={c.name}>
                {covariateLabel(c.name, lang)}: {signed(lang, c.estimate)} ({t('standardError').toLowerCase()} {fmt(lang, c.se, 3)})
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}

function ItemSection({
  report,
  item,
  page,
  unitHeader,
}: {
  report: FairReport;
  item: FairItem;
  page: FairPageContext;
  unitHeader: string;
}) {
  const { lang, t } = page;
  const id = `item-${item.item}`;
  const k = report.thresholds.answers;
  const showInnsats = item.figures.some((f) => f.adjusted_mean_with_innsatsgruppe !== null);
  return (
    <section aria-labelledby={id} className="bs-section">
      <Heading level="2" size="medium" id={id} spacing>
        {item.label}
      </Heading>
      {item.unavailable || !item.model ? (
        <Alert variant="info" size="small">
          {t('unavailable', { reason: item.unavailable ?? '' })}
        </Alert>
      ) : (
        <>
          {!item.model.shrinkage ? (
            <Alert variant="warning" size="small">
              {t('noShrinkage')}
            </Alert>
          ) : null}
          {report.level === 'office' && item.model.counselor_variance !== null && item.model.between_variance === 0 ? (
            <Alert variant="info" size="small">
              {t('noOfficeVariance')}
            </Alert>
          ) : null}
          {item.figures.length === 0 ? (
            <Alert variant="info" size="small">
              {t('noOfficeRows')}
            </Alert>
          ) : null}
          <DataTable
            lang={lang}
            testId="fair-table"
            caption={item.label}
            regionLabel={t('tableRegion', { label: item.label })}
            narrow="stack"
            rows={item.figures}
            rowKey={(f) => f.unit_id}
            columns={[{ header: unitHeader, rowHeader: true, cell: (f) => f.name }, ...figureColumns(page, k, showInnsats)]}
          />
          <BodyShort size="small" spacing>
            {report.level === 'office' ? t('rowRuleOffice', { k, m: page.minCounselors }) : t('rowRuleOwn')}
          </BodyShort>
          <BodyShort size="small" spacing>
            {t('referenceNote', { value: fmt(lang, item.model.reference_level) })} {t('scaleNote')}
          </BodyShort>
          {item.figures.some((f) => f.low_reliability) ? (
            <BodyShort size="small" spacing>
              {t('lowReliability', { r: fmt(lang, report.thresholds.reliability_warning, 1) })}
            </BodyShort>
          ) : null}
          <BodyShort size="small" spacing>
            {t('columnsNote')}
          </BodyShort>
          <IntervalChart item={item} lang={lang} t={t} id={`${id}-chart`} />
          <ModelSection model={item.model} lang={lang} t={t} id={id} levelAnswers={report.thresholds.level_answers} />
        </>
      )}
    </section>
  );
}

function fairPage(
  report: FairReport | null,
  page: FairPageContext,
  texts: { title: string; intro: string; unitHeader: string; extra?: string; standing?: (item: FairItem) => React.ReactNode },
): string {
  const { lang, t } = page;
  const item = report?.items.find((i) => i.item === page.selectedItem) ?? report?.items[0];
  return staffPage({
    lang,
    title: texts.title,
    documentTitle: item ? `${texts.title}: ${item.label}` : texts.title,
    frame: page.frame,
    lead: (
      <>
        {texts.standing && report?.closed && item ? texts.standing(item) : null}
        <BodyLong spacing>{texts.intro}</BodyLong>
      </>
    ),
    body: (
      <>
        {report === null || !item ? (
          <BodyShort spacing>
            {page.periods.length > 0 ? t('noDataPeriod', { period: periodLabel(page.period.key, t) }) : t('noData')}
          </BodyShort>
        ) : (
          <>
            <BodyShort size="small" spacing>
              {t('periodAndInstrument', {
                period: periodLabel(report.period, t),
                instrument: instrumentName(lang, { ...report.instrument, national: report.instrument.id === NATIONAL_INSTRUMENT.id }),
              })}{' '}
              <a href={`${page.jsonPath}?${query({ ...page.keep, lang })}`}>{t('jsonLink')}</a>
            </BodyShort>
            {!report.closed ? (
              <Alert variant="info" size="small">
                {t('periodOpen', {
                  period: periodLabel(report.period, t),
                  date: report.closes_on ? formatLongDate(lang, report.closes_on) : '',
                })}
              </Alert>
            ) : (
              <>
                {report.computed_at ? (
                  <BodyShort size="small" spacing>
                    {t('computedAt', { time: formatDateTime(lang, report.computed_at, page.timeZone) })}
                  </BodyShort>
                ) : null}
                {report.level === 'office' ? (
                  <BodyShort size="small" spacing>
                    {t('orderNote')}
                  </BodyShort>
                ) : null}
                {report.level === 'office' && item.model?.counselor_variance != null ? (
                  <BodyLong spacing>{t('officeMeaning')}</BodyLong>
                ) : null}
                {texts.standing ? (
                  <>
                    <ItemNav report={report} page={{ ...page, selectedItem: item.item }} />
                    <details className="bs-details bs-section">
                      <summary>{t('detailsSummary')}</summary>
                      {texts.extra ? <BodyShort spacing>{texts.extra}</BodyShort> : null}
                      <ItemSection report={report} item={item} page={page} unitHeader={texts.unitHeader} />
                    </details>
                  </>
                ) : (
                  <>
                    {texts.extra ? <BodyShort spacing>{texts.extra}</BodyShort> : null}
                    <ItemSection report={report} item={item} page={page} unitHeader={texts.unitHeader} />
                    <ItemNav report={report} page={{ ...page, selectedItem: item.item }} />
                  </>
                )}
              </>
            )}
          </>
        )}
        <PeriodNav page={{ ...page, selectedItem: item?.item ?? page.selectedItem }} />
      </>
    ),
  });
}

export function analysisFairPage(report: FairReport | null, page: FairPageContext): string {
  const title = translator(pageNames, page.lang)('fair');
  return fairPage(report, page, { title, intro: page.t('analysisIntro'), unitHeader: page.t('office') });
}

export function meFairPage(report: FairReport | null, page: FairPageContext): string {
  const item = report?.items.find((i) => i.item === page.selectedItem) ?? report?.items[0];
  const own = item?.figures[0];
  const extra =
    own && !own.suppressed ? page.t('yourAdjustment', { value: signed(page.lang, own.adjusted_mean! - own.raw_mean!) }) : undefined;
  const standing = (shown: FairItem) => (
    <CounselorStanding
      own={shown.figures[0]}
      statement={shown.label}
      reference={shown.model?.reference_level ?? 0}
      lang={page.lang}
      id={`standing-${shown.item}`}
    />
  );
  const title = translator(pageNames, page.lang)('meFair');
  return fairPage(report, page, { title, intro: page.t('meIntro'), unitHeader: page.t('you'), extra, standing });
}
