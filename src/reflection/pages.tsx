import { Alert, BodyLong, BodyShort, Button, ErrorSummary, Heading, HStack, Select, Textarea } from '@navikt/ds-react';
import { staffPage, type ShellFrame } from '../web/shell.tsx';
import { ScrubSubmit } from '../web/scrub-confirm.tsx';
import { pageNames } from '../i18n/vocabulary.ts';
import { translator, type Lang } from '../i18n/index.ts';
import { formatDate } from '../i18n/format.ts';
import type { Period } from '../time/periods.ts';
import { reflectionMessages } from './messages.ts';
import type { Finding } from './notes.ts';
import type { Note } from './store.ts';

/**
 * The counselor's private notes: the list and the form for a new one (`/me/notes`), editing one, and
 * the confirmations before deleting one or all. Plain HTML forms, no JavaScript. When the scrubber
 * finds something identifying, the form comes back with the text, a warning naming what it found,
 * and two choices: edit the text, or save it anyway.
 */

type T = ReturnType<typeof translator<keyof (typeof reflectionMessages)['en']>>;

/** A refused form: each field's problem in the reader's language. */
export interface NoteFormProblem {
  fields: Array<{ field: string; message: string }>;
}

/** What the form shows again after a post that did not save. */
export interface NoteFormState {
  text: string;
  period?: string;
  findings?: Finding[];
  problem?: NoteFormProblem;
}

const FIELD_IDS: Record<string, string> = { text: 'note-text', period: 'note-period' };

function Lines({ text }: { text: string }) {
  const lines = text.split(/\r?\n/);
  return (
    <BodyLong className="bs-note-text">
      {lines.map((line, i) => (
        <span key={i}>
          {line}
          {i < lines.length - 1 ? <br /> : null}
        </span>
      ))}
    </BodyLong>
  );
}

function Problem({ problem, t }: { problem: NoteFormProblem; t: T }) {
  const label = (field: string) => (field === 'text' ? t('field_text') : field === 'period' ? t('field_period') : field);
  return (
    <ErrorSummary heading={t('errorHeading')}>
      {problem.fields.map((f, i) => (
        <ErrorSummary.Item key={i} href={`#${FIELD_IDS[f.field] ?? 'main-content'}`}>
          {`${label(f.field)}: ${f.message}`}
        </ErrorSummary.Item>
      ))}
    </ErrorSummary>
  );
}

function Warning({ findings, t }: { findings: Finding[]; t: T }) {
  return (
    <Alert variant="warning" role="alert">
      <Heading level="3" size="small" spacing>
        {t('warningHeading')}
      </Heading>
      <BodyShort>{t('warningIntro')}</BodyShort>
      <ul>
        {findings.map((f) => (
          <li key={f}>{t(`found_${f}`)}</li>
        ))}
      </ul>
      <BodyShort spacing>{t('warningChoices')}</BodyShort>
      <a href="#note-text">{t('editText')}</a>
    </Alert>
  );
}

function NoteForm({
  action,
  lang,
  t,
  state,
  periods,
  submit,
}: {
  action: string;
  lang: Lang;
  t: T;
  state: NoteFormState;
  periods?: { choices: Record<'tertial' | 'month' | 'year', Period[]>; selected: string };
  submit: string;
}) {
  const errorOf = (field: string) => state.problem?.fields.find((f) => f.field === field)?.message;
  const findings = state.findings ?? [];
  return (
    <form method="post" action={`${action}?lang=${lang}`}>
      {state.problem ? <Problem problem={state.problem} t={t} /> : null}
      {findings.length > 0 ? <Warning findings={findings} t={t} /> : null}
      {periods ? (
        <Select id="note-period" name="period" label={t('periodLabel')} defaultValue={periods.selected} error={errorOf('period')}>
          {(['tertial', 'month', 'year'] as const).map((kind) => (
            <optgroup key={kind} label={t(kind === 'tertial' ? 'tertials' : kind === 'month' ? 'months' : 'years')}>
              {periods.choices[kind].map((p) => (
                <option key={p.key} value={p.key}>
                  {p.key}
                </option>
              ))}
            </optgroup>
          ))}
        </Select>
      ) : null}
      <Textarea
        id="note-text"
        name="text"
        label={t('textLabel')}
        description={t('textDescription')}
        defaultValue={state.text}
        minRows={5}
        error={errorOf('text')}
        className="bs-section"
      />
      <HStack gap="space-16" className="bs-section">
        <ScrubSubmit warned={findings.length > 0} submit={submit} editFirst={submit} anyway={t('saveAnyway')} />
      </HStack>
    </form>
  );
}

export interface NotesPageData {
  frame: ShellFrame;
  timeZone: string;
  notes: Note[];
  choices: Record<'tertial' | 'month' | 'year', Period[]>;
  selected: string;
  form?: NoteFormState;
}

export function notesPage(data: NotesPageData, lang: Lang): string {
  const t = translator(reflectionMessages, lang);
  const periods = [...new Set(data.notes.map((n) => n.period))];
  const date = (at: Date) => formatDate(lang, at, data.timeZone);
  return staffPage({
    lang,
    title: translator(pageNames, lang)('meNotes'),
    frame: data.frame,
    lead: (
      <>
        <BodyLong spacing>{t('intro')}</BodyLong>
        <BodyShort spacing size="small">
          {t('privacy')}
        </BodyShort>
      </>
    ),
    body: (
      <>
        <section aria-labelledby="new-note" className="bs-section">
          <Heading level="2" size="medium" id="new-note" spacing>
            {t('newHeading')}
          </Heading>
          <NoteForm
            action="/me/notes"
            lang={lang}
            t={t}
            state={data.form ?? { text: '' }}
            periods={{ choices: data.choices, selected: data.form?.period ?? data.selected }}
            submit={t('save')}
          />
        </section>
        <section aria-labelledby="notes" className="bs-section">
          <Heading level="2" size="medium" id="notes" spacing>
            {t('listHeading')}
          </Heading>
          {data.notes.length === 0 ? <BodyShort>{t('noNotes')}</BodyShort> : null}
          {periods.map((period) => (
            <section key={period} aria-labelledby={`notes-${period}`}>
              <Heading level="3" size="small" id={`notes-${period}`} spacing className="bs-subheading">
                {t('notesFor', { period })}
              </Heading>
              <ul className="bs-notes">
                {data.notes
                  .filter((n) => n.period === period)
                  .map((n) => (
                    <li key={n.id} className="bs-section">
                      <Lines text={n.text} />
                      <BodyShort size="small" className="bs-note">
                        {t('written', { date: date(n.created_at) })}
                        {n.updated_at.getTime() !== n.created_at.getTime() ? `, ${t('changed', { date: date(n.updated_at) })}` : ''}
                        {' · '}
                        <a href={`/me/notes/${n.id}/edit?lang=${lang}`}>{t('edit')}</a>
                        {' · '}
                        <a href={`/me/notes/${n.id}/delete?lang=${lang}`}>{t('delete')}</a>
                      </BodyShort>
                    </li>
                  ))}
              </ul>
            </section>
          ))}
        </section>
        {data.notes.length > 0 ? (
          <section aria-labelledby="delete-all" className="bs-section">
            <Heading level="2" size="medium" id="delete-all" spacing>
              {t('deleteAllHeading')}
            </Heading>
            <BodyShort spacing>{t('deleteAllIntro')}</BodyShort>
            <a href={`/me/notes/delete-all?lang=${lang}`}>{t('deleteAllLink')}</a>
          </section>
        ) : null}
      </>
    ),
  });
}

export function editNotePage(data: { frame: ShellFrame; note: Note; form?: NoteFormState }, lang: Lang): string {
  const t = translator(reflectionMessages, lang);
  return staffPage({
    lang,
    title: t('editTitle'),
    frame: data.frame,
    lead: <BodyShort spacing>{t('notesFor', { period: data.note.period })}</BodyShort>,
    body: (
      <>
        <NoteForm action={`/me/notes/${data.note.id}`} lang={lang} t={t} state={data.form ?? { text: data.note.text }} submit={t('save')} />
        <a href={`/me/notes?lang=${lang}`}>{t('back')}</a>
      </>
    ),
  });
}

export function deleteNotePage(data: { frame: ShellFrame; note: Note }, lang: Lang): string {
  const t = translator(reflectionMessages, lang);
  return staffPage({
    lang,
    title: t('deleteTitle'),
    frame: data.frame,
    body: (
      <>
        <Lines text={data.note.text} />
        <form method="post" action={`/me/notes/${data.note.id}/delete?lang=${lang}`}>
          <BodyShort spacing>{t('deleteQuestion', { period: data.note.period })}</BodyShort>
          <HStack gap="space-16" align="center">
            <Button type="submit" variant="danger">
              {t('deleteConfirm')}
            </Button>
            <a href={`/me/notes?lang=${lang}`}>{t('cancel')}</a>
          </HStack>
        </form>
      </>
    ),
  });
}

export function deleteAllNotesPage(data: { frame: ShellFrame; count: number }, lang: Lang): string {
  const t = translator(reflectionMessages, lang);
  return staffPage({
    lang,
    title: t('deleteAllTitle'),
    frame: data.frame,
    body: (
      <form method="post" action={`/me/notes/delete-all?lang=${lang}`}>
        <BodyShort spacing>{t('deleteAllQuestion', { n: data.count })}</BodyShort>
        <HStack gap="space-16" align="center">
          <Button type="submit" variant="danger">
            {t('deleteAllConfirm')}
          </Button>
          <a href={`/me/notes?lang=${lang}`}>{t('cancel')}</a>
        </HStack>
      </form>
    ),
  });
}
