import { Alert, BodyLong, Button, ErrorSummary, Heading, HStack, Select, Textarea, TextField, VStack } from '@navikt/ds-react';
import { DataTable } from '../web/data-table.tsx';
import { translator, type Lang } from '../i18n/index.ts';
import { renderDocument } from '../web/layout.tsx';
import { qmethodMessages } from './messages.ts';
import type { SortProgress, StoredStudy } from './study.ts';

/**
 * The sorting page: a plain form that POSTs, no client JavaScript. Every card is a native select
 * labelled with the statement, so it works with a mouse, on a touch screen and with the keyboard
 * alone, and screen readers announce each card and the column chosen. The grid table shows each
 * column's capacity and how many cards the saved sort has there; the server enforces the grid.
 */

export const cardField = (ordinal: number) => `card-${ordinal}`;
export const pileField = (ordinal: number) => `pile-${ordinal}`;
export const postsortField = (ordinal: number) => `post-${ordinal}`;

export type SortPageError =
  { kind: 'columnFull'; position: number; count: number; capacity: number } | { kind: 'notPlaced'; count: number } | { kind: 'invalid' };

const formatPosition = (p: number) => (p > 0 ? `+${p}` : String(p));

/** The study's text in the page's language, else in the study's first language. */
export function studyText(study: StoredStudy, text: Record<string, string>, lang: Lang): string {
  return text[lang] ?? text[study.languages[0]] ?? Object.values(text)[0] ?? '';
}

function errorText(error: SortPageError, lang: Lang): string {
  const t = translator(qmethodMessages, lang);
  if (error.kind === 'columnFull')
    return t('errorColumnFull', { position: formatPosition(error.position), count: error.count, capacity: error.capacity });
  if (error.kind === 'notPlaced') return t('errorNotPlaced', { count: error.count });
  return t('errorInvalid');
}

export function renderSortPage(args: {
  study: StoredStudy;
  lang: Lang;
  token: string;
  progress: SortProgress;
  errors?: SortPageError[];
  saved?: boolean;
}): string {
  const { study, lang, token, progress } = args;
  const errors = args.errors ?? [];
  const t = translator(qmethodMessages, lang);
  const placements = progress.placements ?? {};
  const placed = new Map<number, number>();
  for (const position of Object.values(placements)) placed.set(position, (placed.get(position) ?? 0) + 1);
  const columns = [...study.grid].sort((a, b) => b.position - a.position);
  const max = Math.max(...study.grid.map((c) => Math.abs(c.position)));
  const title = study.title;
  const body = (
    <VStack gap="space-24">
      <Heading level="1" size="large">
        {title}
      </Heading>
      <BodyLong>{studyText(study, study.instructions, lang)}</BodyLong>
      {args.saved ? (
        <Alert variant="success" size="small">
          {t('savedText')}
        </Alert>
      ) : null}
      {errors.length > 0 ? (
        <ErrorSummary heading={t('errorSummaryHeading')}>
          {errors.map((e, i) => (
            <ErrorSummary.Item key={i} href="#grid-table">
              {errorText(e, lang)}
            </ErrorSummary.Item>
          ))}
        </ErrorSummary>
      ) : null}
      <Heading level="2" size="medium">
        {t('gridHeading')}
      </Heading>
      <BodyLong>{t('scaleNote', { max })}</BodyLong>
      <DataTable
        lang={lang}
        id="grid-table"
        caption={t('gridCaption')}
        rows={columns}
        rowKey={(c) => c.position}
        columns={[
          { header: t('gridPosition'), rowHeader: true, cell: (c) => formatPosition(c.position) },
          { header: t('gridCapacity'), numeric: true, cell: (c) => c.count },
          { header: t('gridPlaced'), numeric: true, cell: (c) => placed.get(c.position) ?? 0 },
        ]}
      />
      <form method="post" action={`/q/${token}?lang=${lang}`} noValidate>
        <VStack gap="space-24">
          <Heading level="2" size="medium">
            {t('cardsHeading')}
          </Heading>
          <ol className="bs-qsort-cards" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
            {study.statements.map((s, i) => {
              const text = studyText(study, s.text, lang);
              return (
                <li key={s.id} style={{ marginBottom: 'var(--ax-space-24, 1.5rem)' }}>
                  <VStack gap="space-8">
                    <Select
                      label={text}
                      description={`${t('placementLabel')}`}
                      name={cardField(i)}
                      id={cardField(i)}
                      defaultValue={placements[s.id] === undefined ? '' : String(placements[s.id])}
                    >
                      <option value="">{t('notPlaced')}</option>
                      {columns.map((c) => (
                        <option key={c.position} value={String(c.position)}>
                          {formatPosition(c.position)}
                        </option>
                      ))}
                    </Select>
                    {study.presort ? (
                      <Select
                        label={`${t('presortLabel')}: ${text}`}
                        hideLabel
                        name={pileField(i)}
                        id={pileField(i)}
                        size="small"
                        defaultValue={progress.presort?.[s.id] ?? ''}
                      >
                        <option value="">{`${t('presortLabel')}: ${t('presortNone')}`}</option>
                        <option value="agree">{`${t('presortLabel')}: ${t('pileAgree')}`}</option>
                        <option value="neutral">{`${t('presortLabel')}: ${t('pileNeutral')}`}</option>
                        <option value="disagree">{`${t('presortLabel')}: ${t('pileDisagree')}`}</option>
                      </Select>
                    ) : null}
                  </VStack>
                </li>
              );
            })}
          </ol>
          {study.postsortQuestions.length > 0 ? (
            <VStack gap="space-16">
              <Heading level="2" size="medium">
                {t('postsortHeading')}
              </Heading>
              {study.postsortQuestions.map((q, i) => (
                <Textarea
                  key={q.id}
                  label={studyText(study, q.text, lang)}
                  name={postsortField(i)}
                  id={postsortField(i)}
                  maxLength={5000}
                  defaultValue={progress.postsort?.[q.id] ?? ''}
                />
              ))}
            </VStack>
          ) : null}
          <HStack gap="space-16">
            <Button type="submit" name="action" value="submit">
              {t('submit')}
            </Button>
            <Button type="submit" name="action" value="save" variant="secondary">
              {t('save')}
            </Button>
          </HStack>
        </VStack>
      </form>
    </VStack>
  );
  return renderDocument({ lang, title: errors.length > 0 ? `${t('errorTitlePrefix')}: ${title}` : title, body });
}

export function renderQMessagePage(args: { lang: Lang; title: string; text: string }): string {
  return renderDocument({
    lang: args.lang,
    title: args.title,
    body: (
      <VStack gap="space-24">
        <Heading level="1" size="large">
          {args.title}
        </Heading>
        <BodyLong>{args.text}</BodyLong>
      </VStack>
    ),
  });
}

/** The page where a participant enters a study code. */
export function renderCodePage(args: { lang: Lang; code?: string; unknown?: boolean }): string {
  const { lang } = args;
  const t = translator(qmethodMessages, lang);
  return renderDocument({
    lang,
    title: args.unknown ? `${t('errorTitlePrefix')}: ${t('codeTitle')}` : t('codeTitle'),
    body: (
      <VStack gap="space-24">
        <Heading level="1" size="large">
          {t('codeTitle')}
        </Heading>
        <BodyLong>{t('codeText')}</BodyLong>
        <form method="post" action={`/q?lang=${lang}`} noValidate>
          <VStack gap="space-16">
            <TextField
              label={t('codeLabel')}
              name="code"
              id="code"
              autoComplete="off"
              defaultValue={args.code ?? ''}
              error={args.unknown ? t('codeUnknown') : undefined}
            />
            <div>
              <Button type="submit">{t('codeButton')}</Button>
            </div>
          </VStack>
        </form>
      </VStack>
    ),
  });
}
