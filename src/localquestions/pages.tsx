import { staffPage, type ShellFrame } from '../web/shell.tsx';
import { pageNames } from '../i18n/vocabulary.ts';
import { DataTable, spanning } from '../web/data-table.tsx';
import type React from 'react';
import {
  Alert,
  BodyLong,
  BodyShort,
  Button,
  ErrorSummary,
  Heading,
  Link,
  Select,
  Tag,
  TextField,
  Textarea,
  VStack,
} from '@navikt/ds-react';
import { LANGUAGE_NAMES_IN, translator, type Lang } from '../i18n/index.ts';
import type { PeriodKind } from '../time/periods.ts';
import { AGREE_RANGE, NATIONAL_INSTRUMENT } from '../instrument/instrument.ts';
import { localQuestionMessages } from './messages.ts';
import type { LocalResults } from './results.ts';
import { MAX_TEXT_LENGTH, effectiveWindow, textIn, violationProblem, type CapViolation, type LocalText } from './rules.ts';
import { fieldText } from '../web/error-handler.tsx';
import type { LocalQuestion } from './store.ts';
import type { LocalQuestionStatus } from '../db/schema.ts';
import { formatDate, formatDecimal, formatMonth, formatShare } from '../i18n/format.ts';

type T = ReturnType<typeof translator<keyof (typeof localQuestionMessages)['en']>>;

const fmt = (lang: Lang, value: number) => formatDecimal(lang, value, 1);
const pct = (lang: Lang, value: number) => formatShare(lang, value);
export const monthName = formatMonth;

function page(lang: Lang, frame: ShellFrame, title: string, body: React.ReactNode): string {
  return staffPage({ lang, title, frame, body });
}

const STATUS_VARIANT: Record<LocalQuestionStatus, 'info' | 'success' | 'error' | 'neutral' | 'warning'> = {
  pending: 'warning',
  approved: 'success',
  rejected: 'error',
  withdrawn: 'neutral',
  ended: 'neutral',
};

function StatusTag({ status, t }: { status: LocalQuestionStatus; t: T }) {
  return (
    <Tag variant={STATUS_VARIANT[status]} size="small">
      {t(`status_${status}`)}
    </Tag>
  );
}

function windowText(q: LocalQuestion, lang: Lang, t: T): string {
  const w = effectiveWindow(q) ?? (q.status === 'ended' ? null : { start: q.start_month, end: q.end_month });
  if (!w) return t('notRunning');
  return t('windowText', { from: monthName(lang, w.start), to: monthName(lang, w.end) });
}

export interface FormProblem {
  status: number;
  message: string;
  fields: Array<{ field: string; message: string }>;
}

function fieldLabel(t: T, field: string): string {
  const keys: Record<string, Parameters<T>[0]> = {
    owner_unit_id: 'field_owner_unit_id',
    text_nb: 'field_text_nb',
    text_nn: 'field_text_nn',
    text_en: 'field_text_en',
    start_month: 'field_start_month',
    end_month: 'field_end_month',
    reason: 'field_reason',
  };
  return keys[field] ? t(keys[field]) : field;
}

function Problem({ problem, t, ids = {} }: { problem: FormProblem; t: T; ids?: Record<string, string> }) {
  const items = problem.fields.length > 0 ? problem.fields : [{ field: '', message: problem.message }];
  return (
    <ErrorSummary heading={t('errorHeading')}>
      {items.map((f, i) => (
        <ErrorSummary.Item key={i} href={`#${ids[f.field] ?? 'main-content'}`}>
          {f.field ? `${fieldLabel(t, f.field)}: ${f.message}` : f.message}
        </ErrorSummary.Item>
      ))}
    </ErrorSummary>
  );
}

// ----- The owner's page: their questions and the proposal form -----

export interface ManagePageData {
  /** The reader's application shell (access/navigation.ts). */
  frame: ShellFrame;
  /** TIME_ZONE: dates of proposals are the local date. */
  timeZone: string;
  owners: Array<{ id: string; name: string; kind: 'office' | 'county' }>;
  questions: LocalQuestion[];
  k: number;
  currentMonth: string;
  problem?: FormProblem;
  values?: Record<string, string>;
}

const FORM_IDS: Record<string, string> = {
  owner_unit_id: 'lq-owner',
  text_nb: 'lq-text-nb',
  text_nn: 'lq-text-nn',
  text_en: 'lq-text-en',
  start_month: 'lq-start',
  end_month: 'lq-end',
};

export function managePage(data: ManagePageData, lang: Lang): string {
  const t = translator(localQuestionMessages, lang);
  const values = data.values ?? {};
  const errorOf = (field: string) => data.problem?.fields.find((f) => f.field === field)?.message;
  const example = data.currentMonth.slice(0, 7);
  return page(
    lang,
    data.frame,
    translator(pageNames, lang)('localQuestions'),
    <>
      <BodyLong>{t('pageIntro')}</BodyLong>
      <section aria-labelledby="lq-rules">
        <Heading level="2" size="small" id="lq-rules" spacing>
          {t('rulesHeading')}
        </Heading>
        <ul>
          <li>{t('ruleCap')}</li>
          <li>{t('ruleMonths')}</li>
          <li>{t('ruleReview')}</li>
          <li>{t('ruleResults', { k: data.k })}</li>
          <li>{t('ruleText')}</li>
        </ul>
      </section>
      {data.owners.map((owner) => {
        const own = data.questions.filter((q) => q.owner_unit_id === owner.id);
        return (
          <section key={owner.id} aria-labelledby={`lq-owner-${owner.id}`}>
            <Heading level="2" size="medium" id={`lq-owner-${owner.id}`} spacing>
              {t('questionsOf', { unit: owner.name })}
            </Heading>
            {own.length === 0 ? <BodyShort>{t('noQuestions')}</BodyShort> : null}
            <VStack gap="space-16">
              {own.map((q) => (
                <QuestionCard key={q.id} q={q} lang={lang} t={t} timeZone={data.timeZone} />
              ))}
            </VStack>
          </section>
        );
      })}
      <section aria-labelledby="lq-propose">
        <Heading level="2" size="medium" id="lq-propose" spacing>
          {t('proposeHeading')}
        </Heading>
        {data.problem ? <Problem problem={data.problem} t={t} ids={FORM_IDS} /> : null}
        <form method="post" action={`/local-questions?lang=${lang}`}>
          <VStack gap="space-20">
            <Select
              id={FORM_IDS.owner_unit_id}
              label={t('ownerLabel')}
              name="owner_unit_id"
              defaultValue={values.owner_unit_id}
              error={errorOf('owner_unit_id')}
            >
              {data.owners.map((o) => (
                <option key={o.id} value={o.id}>
                  {o.name}
                </option>
              ))}
            </Select>
            <Textarea
              id={FORM_IDS.text_nb}
              name="text_nb"
              label={t('textNbLabel')}
              description={t('textHint', { max: MAX_TEXT_LENGTH })}
              defaultValue={values.text_nb}
              error={errorOf('text_nb')}
              minRows={2}
              lang="nb"
            />
            <Textarea
              id={FORM_IDS.text_nn}
              name="text_nn"
              label={t('textNnLabel')}
              description={t('translationHint')}
              defaultValue={values.text_nn}
              error={errorOf('text_nn')}
              minRows={2}
              lang="nn"
            />
            <Textarea
              id={FORM_IDS.text_en}
              name="text_en"
              label={t('textEnLabel')}
              description={t('translationHint')}
              defaultValue={values.text_en}
              error={errorOf('text_en')}
              minRows={2}
              lang="en"
            />
            <TextField
              id={FORM_IDS.start_month}
              name="start_month"
              type="text"
              inputMode="numeric"
              autoComplete="off"
              label={t('startLabel')}
              description={t('monthHint', { example })}
              defaultValue={values.start_month}
              error={errorOf('start_month')}
              htmlSize={10}
            />
            <TextField
              id={FORM_IDS.end_month}
              name="end_month"
              type="text"
              inputMode="numeric"
              autoComplete="off"
              label={t('endLabel')}
              description={t('monthHint', { example })}
              defaultValue={values.end_month}
              error={errorOf('end_month')}
              htmlSize={10}
            />
            <div>
              <Button type="submit">{t('proposeButton')}</Button>
            </div>
          </VStack>
        </form>
      </section>
    </>,
  );
}

function QuestionCard({ q, lang, t, timeZone }: { q: LocalQuestion; lang: Lang; t: T; timeZone: string }) {
  return (
    <VStack as="article" gap="space-8" className="bs-local-question" aria-labelledby={`lq-${q.id}`}>
      <Heading level="3" size="xsmall" id={`lq-${q.id}`}>
        {textIn(q.text, lang)}
      </Heading>
      <div>
        <StatusTag status={q.status} t={t} />
      </div>
      <BodyShort size="small">
        {t('colWindow')}: {windowText(q, lang, t)}
      </BodyShort>
      <BodyShort size="small">{t('proposed', { date: formatDate(lang, q.proposed_at, timeZone), name: q.proposed_by_name })}</BodyShort>
      {q.decision_reason ? <BodyShort size="small">{t('reasonLine', { reason: q.decision_reason })}</BodyShort> : null}
      <div className="bs-actions" style={{ display: 'flex', flexWrap: 'wrap', gap: '0.5rem', alignItems: 'center' }}>
        {q.status === 'approved' || q.status === 'ended' ? (
          <Link href={`/local-questions/${q.id}?lang=${lang}`}>{t('resultsLink')}</Link>
        ) : null}
        {q.status === 'pending' ? (
          <form method="post" action={`/local-questions/${q.id}/withdraw?lang=${lang}`}>
            <Button type="submit" size="small" variant="secondary">
              {t('withdrawButton')}
              <span className="aksel-sr-only">{`: ${textIn(q.text, lang)}`}</span>
            </Button>
          </form>
        ) : null}
        {q.status === 'approved' ? (
          <form method="post" action={`/local-questions/${q.id}/end?lang=${lang}`}>
            <Button type="submit" size="small" variant="secondary">
              {t('endButton')}
              <span className="aksel-sr-only">{`: ${textIn(q.text, lang)}`}</span>
            </Button>
          </form>
        ) : null}
      </div>
    </VStack>
  );
}

// ----- The administrator's review queue -----

export interface ReviewPageData {
  /** The reader's application shell (access/navigation.ts). */
  frame: ShellFrame;
  timeZone: string;
  pending: Array<{ question: LocalQuestion; violation: CapViolation | null }>;
  decided: LocalQuestion[];
  problem?: FormProblem & { questionId?: number };
}

function Texts({ text, lang, t }: { text: LocalText; lang: Lang; t: T }) {
  return (
    <ul>
      {(['nb', 'nn', 'en'] as const).map((l) => (
        <li key={l}>
          {t('inLanguage', { language: LANGUAGE_NAMES_IN[lang][l] })}:{' '}
          {text[l] ? <span lang={l}>{text[l]}</span> : <em>{t('missingTranslation')}</em>}
        </li>
      ))}
    </ul>
  );
}

export function reviewPage(data: ReviewPageData, lang: Lang): string {
  const t = translator(localQuestionMessages, lang);
  return page(
    lang,
    data.frame,
    translator(pageNames, lang)('review'),
    <>
      <BodyLong>{t('reviewIntro')}</BodyLong>
      {data.problem ? <Problem problem={data.problem} t={t} /> : null}
      <section aria-labelledby="lq-pending">
        <Heading level="2" size="medium" id="lq-pending" spacing>
          {t('pendingHeading')}
        </Heading>
        {data.pending.length === 0 ? <BodyShort>{t('noPending')}</BodyShort> : null}
        <VStack gap="space-24">
          {data.pending.map(({ question: q, violation }) => (
            <VStack as="article" gap="space-8" key={q.id} aria-labelledby={`lq-${q.id}`} className="bs-local-question">
              <Heading level="3" size="xsmall" id={`lq-${q.id}`}>
                {`${q.owner_name}: ${textIn(q.text, lang)}`}
              </Heading>
              <Texts text={q.text} lang={lang} t={t} />
              <BodyShort size="small">
                {t('colWindow')}: {windowText(q, lang, t)}
              </BodyShort>
              <BodyShort size="small">
                {t('proposed', { date: formatDate(lang, q.proposed_at, data.timeZone), name: q.proposed_by_name })}
              </BodyShort>
              {violation ? (
                <Alert variant="warning" size="small" inline>
                  {t('capWarning', { detail: fieldText(violationProblem(violation), lang) })}
                </Alert>
              ) : (
                <BodyShort size="small">{t('capOk')}</BodyShort>
              )}
              <form method="post" action={`/admin/local-questions/${q.id}/approve?lang=${lang}`}>
                <VStack gap="space-8" align="start">
                  <TextField
                    id={`lq-approve-reason-${q.id}`}
                    name="reason"
                    label={t('approveReasonLabel')}
                    size="small"
                    autoComplete="off"
                  />
                  <Button type="submit" size="small">
                    {t('approveButton')}
                    <span className="aksel-sr-only">{`: ${textIn(q.text, lang)}`}</span>
                  </Button>
                </VStack>
              </form>
              <form method="post" action={`/admin/local-questions/${q.id}/reject?lang=${lang}`}>
                <VStack gap="space-8" align="start">
                  <TextField id={`lq-reject-reason-${q.id}`} name="reason" label={t('rejectReasonLabel')} size="small" autoComplete="off" />
                  <Button type="submit" size="small" variant="secondary">
                    {t('rejectButton')}
                    <span className="aksel-sr-only">{`: ${textIn(q.text, lang)}`}</span>
                  </Button>
                </VStack>
              </form>
            </VStack>
          ))}
        </VStack>
      </section>
      <section aria-labelledby="lq-decided">
        <Heading level="2" size="medium" id="lq-decided" spacing>
          {t('decidedHeading')}
        </Heading>
        {data.decided.length === 0 ? (
          <BodyShort>{t('noDecided')}</BodyShort>
        ) : (
          <DataTable
            lang={lang}
            caption={t('decidedTable')}
            narrow="stack"
            rows={data.decided}
            rowKey={(q) => q.id}
            columns={[
              { header: t('colQuestion'), rowHeader: true, cell: (q) => textIn(q.text, lang) },
              { header: t('colOwner'), cell: (q) => q.owner_name },
              { header: t('colWindow'), cell: (q) => windowText(q, lang, t) },
              { header: t('colStatus'), cell: (q) => <StatusTag status={q.status} t={t} /> },
              { header: t('colReason'), cell: (q) => q.decision_reason ?? '' },
            ]}
          />
        )}
      </section>
    </>,
  );
}

// ----- Results of one question -----

export interface ResultsPageData {
  /** The reader's application shell (access/navigation.ts). */
  frame: ShellFrame;
  question: LocalQuestion;
  results: LocalResults;
  chartSvg: string | null;
}

export function resultsPage(data: ResultsPageData, lang: Lang): string {
  const t = translator(localQuestionMessages, lang);
  const { question: q, results } = data;
  const base = `/local-questions/${q.id}`;
  const kinds: PeriodKind[] = ['month', 'tertial', 'year'];
  const released = results.periods.filter((p) => !p.figure.suppressed);
  const Suppressed = ({ reason }: { reason: 'too_few_answers' | 'disclosure_control' | 'period_open' }) => (
    <span className="bs-suppressed">
      {t(reason === 'too_few_answers' ? 'suppressed' : reason === 'period_open' ? 'suppressedOpen' : 'suppressedComplement')}
    </span>
  );
  return page(
    lang,
    data.frame,
    t('resultsTitle'),
    <>
      <BodyShort>
        <Link href={`/local-questions?lang=${lang}`}>{t('backToList')}</Link>
      </BodyShort>
      <BodyLong>
        {t('resultsIntro', {
          unit: q.owner_name,
          from: results.months ? monthName(lang, results.months.from) : monthName(lang, q.start_month),
          to: results.months ? monthName(lang, results.months.to) : monthName(lang, q.end_month),
        })}
      </BodyLong>
      <blockquote className="bs-local-question" lang={q.text[lang] ? lang : 'nb'}>
        <BodyLong>
          <strong>{textIn(q.text, lang)}</strong>
        </BodyLong>
      </blockquote>
      <div>
        <StatusTag status={q.status} t={t} />
      </div>
      <BodyShort size="small">{t('resultsPrivacy', { k: results.threshold, range: AGREE_RANGE })}</BodyShort>
      <nav aria-label={t('periodKind')}>
        <ul className="bs-lang-switch">
          {kinds.map((kind) => (
            <li key={kind}>
              {kind === results.period_kind ? (
                <span aria-current="page" className="aksel-body-short">
                  <strong>{t(`kind_${kind}`)}</strong>
                </span>
              ) : (
                <Link href={`${base}?period=${kind}&lang=${lang}`}>{t(`kind_${kind}`)}</Link>
              )}
            </li>
          ))}
        </ul>
      </nav>
      {results.periods.length === 0 ? (
        <BodyShort>{t('notStarted')}</BodyShort>
      ) : (
        <>
          <DataTable
            lang={lang}
            caption={t('figuresCaption')}
            rows={results.periods}
            rowKey={(p) => p.period}
            columns={[
              { header: t('colPeriod'), rowHeader: true, cell: (p) => p.period },
              {
                header: t('colN'),
                numeric: true,
                cell: (p) => (p.figure.suppressed ? spanning(4, <Suppressed reason={p.figure.reason} />) : p.figure.n),
              },
              { header: t('colMean'), numeric: true, cell: (p) => (p.figure.suppressed ? null : fmt(lang, p.figure.mean)) },
              {
                header: t('colAgree', { range: AGREE_RANGE }),
                numeric: true,
                cell: (p) => (p.figure.suppressed ? null : pct(lang, p.figure.share_agree)),
              },
              { header: t('colDontKnow'), numeric: true, cell: (p) => (p.figure.suppressed ? null : p.figure.dont_know) },
            ]}
          />
          {released.length > 0 ? (
            <section aria-labelledby="lq-distribution">
              <Heading level="2" size="small" id="lq-distribution" spacing>
                {t('distributionHeading')}
              </Heading>
              {data.chartSvg ? (
                <div className="bs-chart" role="img" aria-label={t('chartLabel')} dangerouslySetInnerHTML={{ __html: data.chartSvg }} />
              ) : null}
              <DataTable
                lang={lang}
                caption={t('distributionCaption')}
                rows={released.flatMap((p) => (p.figure.suppressed ? [] : [{ period: p.period, distribution: p.figure.distribution }]))}
                rowKey={(p) => p.period}
                columns={[
                  { header: t('colPeriod'), rowHeader: true, cell: (p) => p.period },
                  ...NATIONAL_INSTRUMENT.scale.map((label, i) => ({
                    header: `${i + 1} ${label[lang]}`,
                    numeric: true,
                    cell: (p: { distribution: number[] }) => p.distribution[i],
                  })),
                ]}
              />
            </section>
          ) : null}
        </>
      )}
      <BodyShort size="small">
        <Link href={`/api/v1/local-questions/${q.id}/results.csv?period=${results.period_kind}`}>{t('csvLink')}</Link>
        {' · '}
        <Link href={`/api/v1/local-questions/${q.id}/results.xlsx?period=${results.period_kind}`}>{t('xlsxLink')}</Link>
        {' · '}
        <Link href={`/api/v1/local-questions/${q.id}/results?period=${results.period_kind}`}>{t('jsonLink')}</Link>
      </BodyShort>
    </>,
  );
}
