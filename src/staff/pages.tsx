import {
  Alert,
  BodyLong,
  BodyShort,
  Button,
  Checkbox,
  CheckboxGroup,
  ErrorSummary,
  Heading,
  HStack,
  Link,
  Select,
  Textarea,
  TextField,
  VStack,
} from '@navikt/ds-react';
import type React from 'react';
import { translator, type Lang } from '../i18n/index.ts';
import { pageNames } from '../i18n/vocabulary.ts';
import { staffPage, type ShellFrame } from '../web/shell.tsx';
import { DataTable, spanning, type DataColumn } from '../web/data-table.tsx';
import type { GroupComparisonRow, ItemBlockAnalysis } from './analysis.ts';
import { staffMessages } from './messages.ts';
import { formatPValue } from './pvalue.ts';
import { formatDecimal as decimal, formatShare, formatSigned } from '../i18n/format.ts';

/**
 * The staff-survey analysis pages: paste ANSWERS.csv → choose the group column, the items and a block for
 * factor analysis → the seed-000 table and the factor analysis, with CSV downloads. Plain forms, no client
 * JavaScript. Nothing is stored: the pasted answers go back and forth in the form (a hidden field).
 */

type T = ReturnType<typeof translator<keyof (typeof staffMessages)['en']>>;

export type StaffField = 'csv' | 'group' | 'items' | 'block' | 'factors' | 'reference';
export interface StaffFormError {
  field: StaffField;
  text: string;
}

/** What the analyst has chosen so far, carried from page to page. */
export interface StaffChoices {
  csv: string;
  group?: string;
  items: string[];
  block: string[];
  factors?: string;
  /** The group the others are compared with; the largest when not chosen. */
  reference?: string;
}

/** A column name as one word for a shell: as it is when it is plain, else in single quotes. */
const shellWord = (word: string) => (/^[\w.-]+$/.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`);
const percent = (lang: Lang, value: number) => formatShare(lang, value, 1);
/**
 * The difference of two shares in percentage points, signed: taken between the shares as shown (to 0.1
 * point), so that the column is exactly the difference of the two numbers a reader sees beside it.
 */
const signedPoints = (lang: Lang, share: number, reference: number) => {
  const shown = (v: number) => Math.round(v * 1000) / 10;
  return formatSigned(lang, Math.round((shown(share) - shown(reference)) * 10) / 10, 1);
};
// "< 1e-15" below 1e-15, scientific notation below 0.001 (src/staff/pvalue.ts), else three decimals.
const pValue = (lang: Lang, p: number) => formatPValue(p, (v, digits) => decimal(lang, v, digits));

/** Where an error in the summary leads: the field itself, or the first checkbox of a group. */
const anchorOf = (field: StaffField) => (field === 'items' || field === 'block' ? `${field}-0` : field === 'reference' ? 'group' : field);

function Errors({ errors, t }: { errors: StaffFormError[]; t: T }) {
  if (errors.length === 0) return null;
  return (
    <ErrorSummary heading={t('errorSummaryHeading')}>
      {errors.map((e, i) => (
        <ErrorSummary.Item key={i} href={`#${anchorOf(e.field)}`}>
          {e.text}
        </ErrorSummary.Item>
      ))}
    </ErrorSummary>
  );
}

const fieldError = (errors: StaffFormError[], field: StaffField) => {
  const texts = errors.filter((e) => e.field === field).map((e) => e.text);
  return texts.length > 0 ? texts.join(' ') : undefined;
};

function PrivacyNotes({ t, k }: { t: T; k: number }) {
  return (
    <Alert variant="info" size="small">
      <BodyShort spacing>{t('privacyNote', { k })}</BodyShort>
      <BodyShort>{t('storageNote')}</BodyShort>
    </Alert>
  );
}

/** Hidden fields that carry the analyst's data and choices to the next request. */
function Carried({ choices, only }: { choices: StaffChoices; only?: 'csv' }) {
  return (
    <>
      <input type="hidden" name="csv" value={choices.csv} />
      {only === 'csv' ? null : (
        <>
          {choices.group !== undefined ? <input type="hidden" name="group" value={choices.group} /> : null}
          {choices.items.map((item) => (
            <input key={`i-${item}`} type="hidden" name="items" value={item} />
          ))}
          {choices.block.map((item) => (
            <input key={`b-${item}`} type="hidden" name="block" value={item} />
          ))}
          {choices.factors !== undefined ? <input type="hidden" name="factors" value={choices.factors} /> : null}
          {choices.reference !== undefined ? <input type="hidden" name="reference" value={choices.reference} /> : null}
        </>
      )}
    </>
  );
}

interface PageBase {
  lang: Lang;
  /** The reader's application shell (access/navigation.ts). */
  frame: ShellFrame;
  minAnswers: number;
}

/** Step 1: paste ANSWERS.csv. */
export function uploadPage(args: PageBase & { csv?: string; errors?: StaffFormError[] }): string {
  const { lang } = args;
  const t = translator(staffMessages, lang);
  const errors = args.errors ?? [];
  const title = translator(pageNames, lang)('staff');
  return staffPage({
    lang,
    title,
    documentTitle: errors.length > 0 ? `${t('errorTitlePrefix')}: ${title}` : title,
    frame: args.frame,
    body: (
      <VStack gap="space-24">
        <BodyLong>{t('intro')}</BodyLong>
        <PrivacyNotes t={t} k={args.minAnswers} />
        <Errors errors={errors} t={t} />
        <section aria-labelledby="format-heading">
          <Heading level="2" size="small" id="format-heading" spacing>
            {t('formatHeading')}
          </Heading>
          <BodyLong>{t('formatText')}</BodyLong>
        </section>
        <section aria-labelledby="example-heading">
          <Heading level="2" size="small" id="example-heading" spacing>
            {t('exampleHeading')}
          </Heading>
          <BodyLong spacing>{t('exampleText')}</BodyLong>
          <ul>
            <li>
              <a href="/analysis/staff/example.csv" download="ANSWERS.csv">
                {t('exampleDownload')}
              </a>
            </li>
            <li>
              <a href={`/analysis/staff?lang=${lang}&example=1#csv`}>{t('exampleFill')}</a>
            </li>
          </ul>
        </section>
        <form method="post" action={`/analysis/staff?lang=${lang}`} noValidate>
          <VStack gap="space-16">
            <Textarea
              label={t('csvLabel')}
              description={t('csvDescription')}
              name="csv"
              id="csv"
              minRows={10}
              spellCheck={false}
              autoComplete="off"
              defaultValue={args.csv ?? ''}
              error={fieldError(errors, 'csv')}
              style={{ fontFamily: 'monospace' }}
            />
            <div>
              <Button type="submit">{t('continue')}</Button>
            </div>
          </VStack>
        </form>
      </VStack>
    ),
  });
}

/** Step 2: the group column, the items of the table and of a block for factor analysis. */
export function columnsPage(
  args: PageBase & { choices: StaffChoices; header: string[]; itemLike: string[]; respondents: number; errors?: StaffFormError[] },
): string {
  const { lang, choices, header } = args;
  const t = translator(staffMessages, lang);
  const errors = args.errors ?? [];
  return staffPage({
    lang,
    title: t('columnsTitle'),
    documentTitle: errors.length > 0 ? `${t('errorTitlePrefix')}: ${t('columnsTitle')}` : t('columnsTitle'),
    frame: args.frame,
    body: (
      <VStack gap="space-24">
        <BodyLong>{t('columnsSummary', { rows: args.respondents, columns: header.length })}</BodyLong>
        <PrivacyNotes t={t} k={args.minAnswers} />
        <Errors errors={errors} t={t} />
        <form method="post" action={`/analysis/staff/results?lang=${lang}`} noValidate>
          <Carried choices={choices} only="csv" />
          <VStack gap="space-24">
            <Select
              label={t('groupLabel')}
              description={t('groupDescription')}
              name="group"
              id="group"
              defaultValue={choices.group ?? ''}
              error={fieldError(errors, 'group')}
            >
              {header.map((column) => (
                <option key={column} value={column}>
                  {column}
                </option>
              ))}
            </Select>
            <CheckboxGroup
              legend={t('itemsLegend')}
              description={t('itemsDescription')}
              defaultValue={choices.items}
              error={fieldError(errors, 'items')}
            >
              {header.map((column, i) => (
                <Checkbox key={column} name="items" value={column} id={`items-${i}`}>
                  {column}
                </Checkbox>
              ))}
            </CheckboxGroup>
            <CheckboxGroup
              legend={t('blockLegend')}
              description={t('blockDescription')}
              defaultValue={choices.block}
              error={fieldError(errors, 'block')}
            >
              {args.itemLike.map((column, i) => (
                <Checkbox key={column} name="block" value={column} id={`block-${i}`}>
                  {column}
                </Checkbox>
              ))}
            </CheckboxGroup>
            <TextField
              label={t('factorsLabel')}
              description={t('factorsDescription')}
              name="factors"
              id="factors"
              inputMode="numeric"
              htmlSize={4}
              defaultValue={choices.factors ?? '2'}
              error={fieldError(errors, 'factors')}
            />
            <HStack gap="space-16">
              <Button type="submit">{t('analyse')}</Button>
            </HStack>
          </VStack>
        </form>
        <BodyShort>
          <Link href={`/analysis/staff?lang=${lang}`}>{t('startOver')}</Link>
        </BodyShort>
      </VStack>
    ),
  });
}

function GroupTable({
  rows,
  groups,
  reference,
  lang,
  t,
  k,
}: {
  rows: GroupComparisonRow[];
  groups: string[];
  reference: string;
  lang: Lang;
  t: T;
  k: number;
}) {
  const items = [...new Set(rows.map((r) => r.item))];
  const cell = new Map(rows.map((r) => [`${r.item}\u0000${r.group}`, r]));
  const of = (item: string, g: string) => cell.get(`${item}\u0000${g}`);
  /** A group's row with a share to show; without one, its n and one cell across the rest. */
  const shown = (item: string, g: string) => {
    const r = of(item, g);
    return r && !Number.isNaN(r.sharePositive) ? r : undefined;
  };
  // The reference group has no difference or test of its own: n and share only, which also saves width on a phone.
  const columnsOf = (g: string): Array<DataColumn<string>> => {
    const suppressed = spanning(g === reference ? 1 : 4, t('suppressedCell', { k }));
    const columns: Array<DataColumn<string>> = [
      { header: t('colN'), numeric: true, cell: (item) => of(item, g)?.n ?? 0 },
      {
        header: t('colShare'),
        numeric: true,
        cell: (item) => {
          const r = shown(item, g);
          return r ? percent(lang, r.sharePositive) : suppressed;
        },
      },
    ];
    if (g === reference) return columns;
    return [
      ...columns,
      {
        header: t('colDifference', { reference }),
        numeric: true,
        cell: (item) => {
          const r = shown(item, g);
          const base = shown(item, reference);
          return r && base && signedPoints(lang, r.sharePositive, base.sharePositive);
        },
      },
      {
        header: t('colP'),
        numeric: true,
        cell: (item) => {
          const r = shown(item, g);
          return r && (r.pValue === null ? t('noTest') : pValue(lang, r.pValue));
        },
      },
      { header: t('colMarker'), cell: (item) => shown(item, g)?.marker },
    ];
  };
  const grouped = groups.map((g) => ({ g, columns: columnsOf(g) }));
  return (
    <DataTable
      lang={lang}
      id="staff-table"
      caption={t('tableCaption')}
      regionLabel={t('tableRegion', { label: t('tableHeading') })}
      rows={items}
      rowKey={(item) => item}
      groups={grouped.map(({ g, columns }) => ({
        header: g === reference ? t('referenceLabel', { group: g }) : g,
        columns: columns.length,
      }))}
      columns={[{ header: t('colItem'), rowHeader: true, cell: (item) => item }, ...grouped.flatMap(({ columns }) => columns)]}
    />
  );
}

/** A row of the loadings table: an item, or a sum over the items below them (no communality). */
interface LoadingRow {
  label: string;
  values: React.ReactNode[];
  communality?: string;
}

function FactorSection({ result, items, lang, t }: { result: ItemBlockAnalysis; items: string[]; lang: Lang; t: T }) {
  const { factors } = result;
  const m = factors.ssLoadings.length;
  const factorNames = Array.from({ length: m }, (_, f) => t('colFactor', { f: f + 1 }));
  const d = (v: number) => decimal(lang, v, 2);
  return (
    <>
      <BodyLong>{t('factorSummary', { n: factors.n, items: items.length, factors: m })}</BodyLong>
      <BodyLong>{t('eigenvalues', { values: factors.eigenvalues.map((v) => d(v)).join('; ') })}</BodyLong>
      <DataTable
        lang={lang}
        id="loadings-table"
        caption={t('loadingsCaption')}
        captionVisible
        regionLabel={t('tableRegion', { label: t('loadingsCaption') })}
        rows={items.map((item, i) => {
          const row = factors.loadings[i];
          const highest = row.reduce((best, v, f) => (Math.abs(v) > Math.abs(row[best]) ? f : best), 0);
          return {
            label: item,
            values: row.map((v, f) => (f === highest ? <strong>{d(v)}</strong> : d(v))),
            communality: d(factors.communalities[i]),
          };
        })}
        footer={[
          { label: t('rowSs'), values: factors.ssLoadings.map((v) => d(v)) },
          { label: t('rowProportion'), values: factors.proportionVariance.map((v) => percent(lang, v)) },
          { label: t('rowCumulative'), values: factors.cumulativeVariance.map((v) => percent(lang, v)) },
        ]}
        rowKey={(row) => row.label}
        columns={[
          { header: t('colItem'), rowHeader: true, cell: (row) => row.label },
          ...factorNames.map((f, fi) => ({ header: f, numeric: true, cell: (row: LoadingRow) => row.values[fi] })),
          { header: t('colCommunality'), numeric: true, cell: (row) => row.communality },
        ]}
      />
      <DataTable
        lang={lang}
        id="alpha-table"
        caption={t('alphaCaption')}
        captionVisible
        regionLabel={t('tableRegion', { label: t('alphaCaption') })}
        rows={[
          { key: 'whole', label: t('alphaWhole', { count: items.length }), alpha: result.alphaBlock },
          ...result.alphaPerFactor.map((a) => ({
            key: String(a.factor),
            label: t('alphaFactor', { f: a.factor, items: a.items.join(', ') || '–' }),
            alpha: a.alpha,
          })),
        ]}
        rowKey={(row) => row.key}
        columns={[
          { header: t('colScale'), rowHeader: true, cell: (row) => row.label },
          { header: t('colAlpha'), numeric: true, cell: (row) => (row.alpha ? d(row.alpha.raw) : spanning(3, t('alphaTooFew'))) },
          { header: t('colAlphaStd'), numeric: true, cell: (row) => row.alpha && d(row.alpha.standardized) },
          { header: t('colRespondents'), numeric: true, cell: (row) => row.alpha?.n },
        ]}
      />
    </>
  );
}

/** Step 3: the seed-000 table, the factor analysis of the block, downloads. */
export function resultsPage(
  args: PageBase & {
    choices: StaffChoices;
    rows: GroupComparisonRow[];
    groups: string[];
    reference: string;
    respondents: number;
    leftOutGroups: number;
    block?: { result?: ItemBlockAnalysis; error?: string };
  },
): string {
  const { lang, choices, minAnswers: k } = args;
  const t = translator(staffMessages, lang);
  const items = [...new Set(args.rows.map((r) => r.item))];
  return staffPage({
    lang,
    title: t('resultsTitle'),
    frame: args.frame,
    body: (
      <VStack gap="space-32">
        <VStack gap="space-16">
          <BodyLong>
            {t('resultsSummary', {
              respondents: args.respondents,
              items: items.length,
              group: choices.group ?? '',
              reference: args.reference,
            })}
          </BodyLong>
          <Alert variant="info" size="small">
            <BodyShort spacing>{t('privacyNote', { k })}</BodyShort>
            <BodyShort>{args.leftOutGroups > 0 ? t('leftOutSome', { groups: args.leftOutGroups, k }) : t('leftOutNone', { k })}</BodyShort>
          </Alert>
        </VStack>
        <section aria-labelledby="table-heading">
          <VStack gap="space-16">
            <Heading level="2" size="medium" id="table-heading">
              {t('tableHeading')}
            </Heading>
            <GroupTable rows={args.rows} groups={args.groups} reference={args.reference} lang={lang} t={t} k={k} />
            <section aria-labelledby="legend-heading">
              <Heading level="3" size="xsmall" id="legend-heading" spacing>
                {t('legendHeading')}
              </Heading>
              <ul>
                <li>{t('legendMarkers', { reference: args.reference })}</li>
                <li>{t('legendPredicted')}</li>
                <li>{t('legendN')}</li>
                <li>{t('legendSuppressed', { k })}</li>
                <li>{t('legendNoTest')}</li>
                <li>{t('legendP')}</li>
              </ul>
            </section>
          </VStack>
        </section>
        {args.block ? (
          <section aria-labelledby="factor-heading">
            <VStack gap="space-16">
              <Heading level="2" size="medium" id="factor-heading">
                {t('factorHeading')}
              </Heading>
              {args.block.error ? <Alert variant="warning">{t('analysisError', { message: args.block.error })}</Alert> : null}
              {args.block.result ? <FactorSection result={args.block.result} items={choices.block} lang={lang} t={t} /> : null}
            </VStack>
          </section>
        ) : null}
        {args.groups.length > 2 ? (
          <section aria-labelledby="reference-heading">
            <VStack gap="space-16">
              <Heading level="2" size="medium" id="reference-heading">
                {t('referenceHeading')}
              </Heading>
              <form method="post" action={`/analysis/staff/results?lang=${lang}`}>
                <Carried choices={{ ...choices, reference: undefined }} />
                <VStack gap="space-16">
                  <Select
                    id="reference"
                    name="reference"
                    label={t('referenceSelect')}
                    description={t('referenceHelp')}
                    defaultValue={args.reference}
                  >
                    {args.groups.map((g) => (
                      <option key={g} value={g}>
                        {g}
                      </option>
                    ))}
                  </Select>
                  <div>
                    <Button type="submit" variant="secondary">
                      {t('referenceSubmit')}
                    </Button>
                  </div>
                </VStack>
              </form>
            </VStack>
          </section>
        ) : null}
        <section aria-labelledby="downloads-heading">
          <VStack gap="space-16">
            <Heading level="2" size="medium" id="downloads-heading">
              {t('downloadsHeading')}
            </Heading>
            <BodyShort>{t('downloadsNote')}</BodyShort>
            <form method="post" action={`/analysis/staff/table.csv?lang=${lang}`}>
              <Carried choices={choices} />
              <HStack gap="space-16">
                <Button type="submit" variant="secondary">
                  {t('downloadTable')}
                </Button>
                {args.block?.result ? (
                  <Button type="submit" variant="secondary" formAction={`/analysis/staff/factors.csv?lang=${lang}`}>
                    {t('downloadFactors')}
                  </Button>
                ) : null}
                <Button type="submit" variant="tertiary" formAction={`/analysis/staff?lang=${lang}`}>
                  {t('changeChoices')}
                </Button>
              </HStack>
            </form>
            <BodyShort>
              <Link href={`/analysis/staff?lang=${lang}`}>{t('startOver')}</Link>
            </BodyShort>
          </VStack>
        </section>
        <section aria-labelledby="cli-heading">
          <Heading level="2" size="small" id="cli-heading" spacing>
            {t('cliHeading')}
          </Heading>
          <BodyShort spacing>{t('cliText')}</BodyShort>
          <pre className="bs-code">
            <code>{`brukerstemme staff analyze ANSWERS.csv --group ${shellWord(choices.group ?? 'COLUMN')} --out TABLE.csv`}</code>
          </pre>
        </section>
      </VStack>
    ),
  });
}
