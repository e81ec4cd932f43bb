import { Alert, BodyLong, Heading, Link, VStack } from '@navikt/ds-react';
import { DataTable } from '../web/data-table.tsx';
import { translator, type Lang } from '../i18n/index.ts';
import { staffPage, type ShellFrame } from '../web/shell.tsx';
import type { QAnalysis } from './analysis.ts';
import { qmethodMessages } from './messages.ts';
import { studyText } from './pages.tsx';
import type { StoredStudy } from './study.ts';

/** The researcher's results page: factor table, loadings with flags, factor arrays as grids, distinguishing/consensus statements, score correlations, CSV downloads. */

/** A value that cannot be computed (a factor without flagged sorts) is an empty cell, as in the CSV files. */
const fmt = (v: number | null, digits = 2) => (v === null ? '' : v.toFixed(digits));
const formatPosition = (p: number) => (p > 0 ? `+${p}` : String(p));
const LEVEL = { p01: '**', p05: '*' } as const;

/** `frame`: the reader's application shell (a national analyst's or an administrator's page). */
export function renderResultsPage(args: {
  study: StoredStudy;
  lang: Lang;
  frame: ShellFrame;
  result?: QAnalysis;
  error?: string;
  query: string;
}): string {
  const { study, lang, result } = args;
  const t = translator(qmethodMessages, lang);
  const title = t('resultsTitle', { title: study.title });
  const text = new Map(study.statements.map((s) => [s.id, studyText(study, s.text, lang)]));
  const base = `/qmethod/studies/${study.id}/results`;
  const body = (
    <VStack gap="space-32">
      {args.error ? <Alert variant="error">{t('analysisError', { message: args.error })}</Alert> : null}
      {result && result.unflaggedFactors.length > 0 ? (
        <Alert variant="warning">
          {t('unflaggedWarning', { factors: result.unflaggedFactors.map((f) => result.factorNames[f]).join(', ') })}
        </Alert>
      ) : null}
      {result ? (
        <>
          <BodyLong>
            {t('resultsSummary', {
              sorts: result.participants.length,
              statements: result.statements.length,
              extraction: result.options.extraction,
              rotation: result.options.rotation,
              threshold: fmt(result.flagThreshold, 3),
            })}
          </BodyLong>
          <section aria-labelledby="h-factors">
            <Heading level="2" size="medium" id="h-factors" spacing>
              {t('factorsHeading')}
            </Heading>
            <DataTable
              lang={lang}
              caption={t('factorsHeading')}
              rows={result.factorNames}
              rowKey={(f) => f}
              columns={[
                { header: t('factorCol'), rowHeader: true, cell: (f) => f },
                { header: t('unrotatedEigen'), numeric: true, cell: (_, i) => fmt(result.unrotated.eigenvalues[i]) },
                { header: t('unrotatedVar'), numeric: true, cell: (_, i) => fmt(result.unrotated.explainedVariance[i], 1) },
                { header: t('rotatedVar'), numeric: true, cell: (_, i) => fmt(result.rotated.explainedVariance[i], 1) },
                { header: t('definingSorts'), numeric: true, cell: (_, i) => result.characteristics[i].definingSorts },
                { header: t('reliability'), numeric: true, cell: (_, i) => fmt(result.characteristics[i].reliability) },
                { header: t('standardError'), numeric: true, cell: (_, i) => fmt(result.characteristics[i].standardError, 3) },
              ]}
            />
          </section>
          <section aria-labelledby="h-loadings">
            <Heading level="2" size="medium" id="h-loadings" spacing>
              {t('loadingsHeading')}
            </Heading>
            <DataTable
              lang={lang}
              caption={t('loadingsHeading')}
              rows={result.participants}
              rowKey={(p) => p}
              columns={[
                { header: t('participantCol'), rowHeader: true, cell: (p) => p },
                ...result.factorNames.map((f, fi) => ({
                  header: f,
                  numeric: true,
                  cell: (_: string, r: number) => `${fmt(result.loadings[r][fi])}${result.flags[r][fi] ? ' *' : ''}`,
                })),
              ]}
            />
          </section>
          <section aria-labelledby="h-arrays">
            <Heading level="2" size="medium" id="h-arrays" spacing>
              {t('arraysHeading')}
            </Heading>
            <VStack gap="space-24">
              {/* A factor without flagged sorts has no array (the warning above says so). */}
              {result.factorNames.map((f, fi) =>
                result.unflaggedFactors.includes(fi) ? null : (
                  <DataTable
                    lang={lang}
                    key={f}
                    caption={t('arrayCaption', { factor: f })}
                    captionVisible
                    rows={[...new Set(result.grid)].sort((a, b) => b - a)}
                    rowKey={(position) => position}
                    columns={[
                      { header: t('gridPosition'), rowHeader: true, cell: (position) => formatPosition(position) },
                      {
                        header: t('statementCol'),
                        cell: (position) =>
                          result.statements
                            .filter((_, s) => result.factorArrays[s][fi] === position)
                            .map((id) => `${id}: ${text.get(id) ?? ''}`)
                            .join(' · '),
                      },
                    ]}
                  />
                ),
              )}
            </VStack>
          </section>
          <section aria-labelledby="h-distinguishing">
            <Heading level="2" size="medium" id="h-distinguishing" spacing>
              {t('distinguishingHeading')}
            </Heading>
            <BodyLong spacing>* p &lt; .05, ** p &lt; .01</BodyLong>
            <DataTable
              lang={lang}
              caption={t('distinguishingHeading')}
              rows={result.statements}
              rowKey={(id) => id}
              columns={[
                {
                  header: t('statementCol'),
                  rowHeader: true,
                  cell: (id, s) => `${id}: ${text.get(id) ?? ''}${result.distinguishing.consensus[s] ? ` (${t('consensus')})` : ''}`,
                },
                ...result.factorNames.map((f, fi) => ({
                  header: `${f} (z)`,
                  numeric: true,
                  cell: (_: string, s: number) => {
                    const level = result.distinguishing.level[s][fi];
                    return `${fmt(result.zScores[s][fi])}${level ? ` ${LEVEL[level]}` : ''}`;
                  },
                })),
              ]}
            />
          </section>
          <section aria-labelledby="h-correlations">
            <Heading level="2" size="medium" id="h-correlations" spacing>
              {t('correlationsHeading')}
            </Heading>
            <DataTable
              lang={lang}
              caption={t('correlationsHeading')}
              rows={result.factorNames}
              rowKey={(f) => f}
              columns={[
                { header: t('factorCol'), rowHeader: true, cell: (f) => f },
                ...result.factorNames.map((f, j) => ({
                  header: f,
                  numeric: true,
                  cell: (_: string, i: number) => fmt(result.scoreCorrelations[i][j]),
                })),
              ]}
            />
          </section>
          <section aria-labelledby="h-download">
            <Heading level="2" size="medium" id="h-download" spacing>
              {t('downloadHeading')}
            </Heading>
            <ul>
              {['loadings', 'flags', 'zscores', 'arrays', 'distinguishing', 'consensus', 'factors', 'score-correlations'].map((name) => (
                <li key={name}>
                  <Link href={`${base}/${name}.csv?${args.query}`}>{`${name}.csv`}</Link>
                </li>
              ))}
              <li>
                <Link href={`${base}/results.xlsx?${args.query}`}>results.xlsx</Link>
              </li>
            </ul>
          </section>
        </>
      ) : null}
    </VStack>
  );
  return staffPage({ lang, title, frame: args.frame, body });
}
