import { Alert, BodyLong, Heading, Link, Table, VStack } from '@navikt/ds-react';
import { translator, type Lang } from '../i18n/index.ts';
import { renderDocument } from '../web/layout.tsx';
import type { QAnalysis } from './analysis.ts';
import { qmethodMessages } from './messages.ts';
import { studyText } from './pages.tsx';
import type { StoredStudy } from './study.ts';

/** The researcher's results page: factor table, loadings with flags, factor arrays as grids, distinguishing/consensus statements, score correlations, CSV downloads. */

/** A value that cannot be computed (a factor without flagged sorts) is an empty cell, as in the CSV files. */
const fmt = (v: number | null, digits = 2) => (v === null ? '' : v.toFixed(digits));
const formatPosition = (p: number) => (p > 0 ? `+${p}` : String(p));
const LEVEL = { p01: '**', p05: '*' } as const;

export function renderResultsPage(args: { study: StoredStudy; lang: Lang; result?: QAnalysis; error?: string; query: string }): string {
  const { study, lang, result } = args;
  const t = translator(qmethodMessages, lang);
  const title = t('resultsTitle', { title: study.title });
  const text = new Map(study.statements.map((s) => [s.id, studyText(study, s.text, lang)]));
  const base = `/qmethod/studies/${study.id}/results`;
  const body = (
    <VStack gap="space-32">
      <Heading level="1" size="large">
        {title}
      </Heading>
      {args.error ? <Alert variant="error">{t('analysisError', { message: args.error })}</Alert> : null}
      {result && result.unflaggedFactors.length > 0 ? (
        <Alert variant="warning">{t('unflaggedWarning', { factors: result.unflaggedFactors.map((f) => result.factorNames[f]).join(', ') })}</Alert>
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
            <Table size="small">
              <Table.Header>
                <Table.Row>
                  {[t('factorCol'), t('unrotatedEigen'), t('unrotatedVar'), t('rotatedVar'), t('definingSorts'), t('reliability'), t('standardError')].map((h) => (
                    <Table.HeaderCell key={h} scope="col">
                      {h}
                    </Table.HeaderCell>
                  ))}
                </Table.Row>
              </Table.Header>
              <Table.Body>
                {result.factorNames.map((f, i) => (
                  <Table.Row key={f}>
                    <Table.HeaderCell scope="row">{f}</Table.HeaderCell>
                    <Table.DataCell>{fmt(result.unrotated.eigenvalues[i])}</Table.DataCell>
                    <Table.DataCell>{fmt(result.unrotated.explainedVariance[i], 1)}</Table.DataCell>
                    <Table.DataCell>{fmt(result.rotated.explainedVariance[i], 1)}</Table.DataCell>
                    <Table.DataCell>{result.characteristics[i].definingSorts}</Table.DataCell>
                    <Table.DataCell>{fmt(result.characteristics[i].reliability)}</Table.DataCell>
                    <Table.DataCell>{fmt(result.characteristics[i].standardError, 3)}</Table.DataCell>
                  </Table.Row>
                ))}
              </Table.Body>
            </Table>
          </section>
          <section aria-labelledby="h-loadings">
            <Heading level="2" size="medium" id="h-loadings" spacing>
              {t('loadingsHeading')}
            </Heading>
            <Table size="small">
              <Table.Header>
                <Table.Row>
                  <Table.HeaderCell scope="col">{t('participantCol')}</Table.HeaderCell>
                  {result.factorNames.map((f) => (
                    <Table.HeaderCell key={f} scope="col">
                      {f}
                    </Table.HeaderCell>
                  ))}
                </Table.Row>
              </Table.Header>
              <Table.Body>
                {result.participants.map((p, r) => (
                  <Table.Row key={p}>
                    <Table.HeaderCell scope="row">{p}</Table.HeaderCell>
                    {result.loadings[r].map((a, f) => (
                      <Table.DataCell key={f}>{`${fmt(a)}${result.flags[r][f] ? ' *' : ''}`}</Table.DataCell>
                    ))}
                  </Table.Row>
                ))}
              </Table.Body>
            </Table>
          </section>
          <section aria-labelledby="h-arrays">
            <Heading level="2" size="medium" id="h-arrays" spacing>
              {t('arraysHeading')}
            </Heading>
            <VStack gap="space-24">
              {/* A factor without flagged sorts has no array (the warning above says so). */}
              {result.factorNames.map((f, fi) => result.unflaggedFactors.includes(fi) ? null : (
                <Table size="small" key={f}>
                  <caption>{t('arrayCaption', { factor: f })}</caption>
                  <Table.Header>
                    <Table.Row>
                      <Table.HeaderCell scope="col">{t('gridPosition')}</Table.HeaderCell>
                      <Table.HeaderCell scope="col">{t('statementCol')}</Table.HeaderCell>
                    </Table.Row>
                  </Table.Header>
                  <Table.Body>
                    {[...new Set(result.grid)].sort((a, b) => b - a).map((position) => (
                      <Table.Row key={position}>
                        <Table.HeaderCell scope="row">{formatPosition(position)}</Table.HeaderCell>
                        <Table.DataCell>
                          {result.statements
                            .filter((_, s) => result.factorArrays[s][fi] === position)
                            .map((id) => `${id}: ${text.get(id) ?? ''}`)
                            .join(' · ')}
                        </Table.DataCell>
                      </Table.Row>
                    ))}
                  </Table.Body>
                </Table>
              ))}
            </VStack>
          </section>
          <section aria-labelledby="h-distinguishing">
            <Heading level="2" size="medium" id="h-distinguishing" spacing>
              {t('distinguishingHeading')}
            </Heading>
            <BodyLong spacing>* p &lt; .05, ** p &lt; .01</BodyLong>
            <Table size="small">
              <Table.Header>
                <Table.Row>
                  <Table.HeaderCell scope="col">{t('statementCol')}</Table.HeaderCell>
                  {result.factorNames.map((f) => (
                    <Table.HeaderCell key={f} scope="col">
                      {`${f} (z)`}
                    </Table.HeaderCell>
                  ))}
                </Table.Row>
              </Table.Header>
              <Table.Body>
                {result.statements.map((id, s) => (
                  <Table.Row key={id}>
                    <Table.HeaderCell scope="row">
                      {`${id}: ${text.get(id) ?? ''}`}
                      {result.distinguishing.consensus[s] ? ` (${t('consensus')})` : ''}
                    </Table.HeaderCell>
                    {result.factorNames.map((f, fi) => {
                      const level = result.distinguishing.level[s][fi];
                      return <Table.DataCell key={f}>{`${fmt(result.zScores[s][fi])}${level ? ` ${LEVEL[level]}` : ''}`}</Table.DataCell>;
                    })}
                  </Table.Row>
                ))}
              </Table.Body>
            </Table>
          </section>
          <section aria-labelledby="h-correlations">
            <Heading level="2" size="medium" id="h-correlations" spacing>
              {t('correlationsHeading')}
            </Heading>
            <Table size="small">
              <Table.Header>
                <Table.Row>
                  <Table.HeaderCell scope="col">{t('factorCol')}</Table.HeaderCell>
                  {result.factorNames.map((f) => (
                    <Table.HeaderCell key={f} scope="col">
                      {f}
                    </Table.HeaderCell>
                  ))}
                </Table.Row>
              </Table.Header>
              <Table.Body>
                {result.factorNames.map((f, i) => (
                  <Table.Row key={f}>
                    <Table.HeaderCell scope="row">{f}</Table.HeaderCell>
                    {result.scoreCorrelations[i].map((r, j) => (
                      <Table.DataCell key={j}>{fmt(r)}</Table.DataCell>
                    ))}
                  </Table.Row>
                ))}
              </Table.Body>
            </Table>
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
  return renderDocument({ lang, title, body });
}
