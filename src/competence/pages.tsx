import type React from 'react';
import { Alert, BodyLong, BodyShort, Button, Heading, Link, Select, TextField, Textarea, VStack } from '@navikt/ds-react';
import { staffPage, type ShellFrame } from '../web/shell.tsx';
import { DataTable } from '../web/data-table.tsx';
import { AreaCheckboxes, areaList } from '../web/areas.tsx';
import { ScrubSubmit } from '../web/scrub-confirm.tsx';
import { pageNames } from '../i18n/vocabulary.ts';
import { translator, type Lang } from '../i18n/index.ts';
import { formatLongDate } from '../i18n/format.ts';
import { competenceMessages } from './messages.ts';
import { FORMS, marksPerPeriod, type FreeTextField } from './core.ts';
import type { Activity } from './store.ts';

export type CompetenceT = ReturnType<typeof translator<keyof (typeof competenceMessages)['en']>>;
type Key = Parameters<CompetenceT>[0];

const pageTitle = (lang: Lang) => translator(pageNames, lang)('competence');

const FIELD_LABEL: Record<FreeTextField, Key> = {
  title: 'title',
  led_by: 'ledBy',
  target_group: 'targetGroup',
  expected_outcome: 'expected',
  observed_outcome: 'observed',
};

/** The form as sent (or an activity to change), field names as in the request. */
export interface ActivityValues {
  office_id?: string;
  form?: string;
  title?: string;
  led_by?: string;
  target_group?: string;
  date?: string;
  areas?: string[];
  expected_outcome?: string;
  observed_outcome?: string;
}

export const valuesOf = (a: Activity): ActivityValues => ({
  office_id: a.officeId,
  form: a.form,
  title: a.title,
  led_by: a.ledBy,
  target_group: a.targetGroup,
  date: a.heldOn,
  areas: a.areas,
  expected_outcome: a.expectedOutcome,
  observed_outcome: a.observedOutcome ?? '',
});

/** The scrubber's warning: which fields, and the choice to edit or save anyway. */
function ScrubWarning({ t, fields }: { t: CompetenceT; fields: FreeTextField[] }) {
  return (
    <Alert variant="warning" className="bs-section" role="alert">
      <Heading level="3" size="small" spacing>
        {t('scrubTitle')}
      </Heading>
      <BodyLong>{t('scrubBody', { fields: fields.map((f) => t(FIELD_LABEL[f])).join(', ') })}</BodyLong>
    </Alert>
  );
}

function ActivityForm(props: {
  t: CompetenceT;
  lang: Lang;
  action: string;
  values: ActivityValues;
  /** The offices the writer may choose between (a choice only when there are several). */
  offices: Array<{ id: string; name: string }>;
  timeZone: string;
  submit: string;
  scrubFields?: FreeTextField[];
}) {
  const { t, values: v } = props;
  const warned = (props.scrubFields ?? []).length > 0;
  return (
    <form method="post" action={props.action}>
      {warned ? <ScrubWarning t={t} fields={props.scrubFields!} /> : null}
      <VStack gap="space-16" align="start">
        {props.offices.length > 1 ? (
          <Select label={t('office')} name="office_id" defaultValue={v.office_id}>
            {props.offices.map((o) => (
              <option key={o.id} value={o.id}>
                {o.name}
              </option>
            ))}
          </Select>
        ) : props.offices.length === 1 ? (
          <input type="hidden" name="office_id" value={props.offices[0].id} />
        ) : null}
        <Select label={t('form')} name="form" defaultValue={v.form ?? 'fagmote'}>
          {FORMS.map((f) => (
            <option key={f} value={f}>
              {t(`form_${f}`)}
            </option>
          ))}
        </Select>
        <TextField label={t('title')} name="title" maxLength={200} defaultValue={v.title} description={t('textHint')} />
        <TextField label={t('ledBy')} name="led_by" maxLength={200} defaultValue={v.led_by} description={t('ledByHint')} />
        <TextField
          label={t('targetGroup')}
          name="target_group"
          maxLength={200}
          defaultValue={v.target_group}
          description={t('targetGroupHint')}
        />
        <TextField
          label={t('date')}
          name="date"
          autoComplete="off"
          defaultValue={v.date}
          description={t('timeZoneNote', { zone: props.timeZone })}
        />
        <AreaCheckboxes lang={props.lang} legend={t('areas')} selected={v.areas ?? []} />
        <Textarea
          label={t('expected')}
          name="expected_outcome"
          maxLength={1000}
          defaultValue={v.expected_outcome}
          description={t('textHint')}
        />
        <Textarea
          label={t('observed')}
          name="observed_outcome"
          maxLength={1000}
          defaultValue={v.observed_outcome}
          description={t('observedHint')}
        />
        <ScrubSubmit warned={warned} submit={props.submit} editFirst={t('editFirst')} anyway={t('saveAnyway')} />
      </VStack>
    </form>
  );
}

export interface OfficeRegister {
  office: { id: string; name: string };
  editable: boolean;
  activities: Activity[];
}

export interface RegisterPageData {
  frame: ShellFrame;
  registers: OfficeRegister[];
  timeZone: string;
  /** The form as sent, when it comes back (the scrubber found something). */
  values?: ActivityValues;
  scrubFields?: FreeTextField[];
}

/** /competence: each office's register the reader may read, and the form for the offices they lead. */
export function registerPage(data: RegisterPageData, lang: Lang): string {
  const t = translator(competenceMessages, lang);
  const editable = data.registers.filter((r) => r.editable).map((r) => r.office);
  const body: React.ReactNode[] = [];
  if (data.registers.length === 0) body.push(<BodyShort key="none">{t('noOffice')}</BodyShort>);
  for (const register of data.registers) {
    const headingId = `office-${register.office.id.replace(/[^A-Za-z0-9_-]/g, '_')}`;
    body.push(
      <section key={register.office.id} aria-labelledby={headingId}>
        <Heading level="2" size="medium" id={headingId} spacing>
          {t('officeHeading', { office: register.office.name })}
        </Heading>
        {!register.editable ? <BodyShort spacing>{t('readOnly')}</BodyShort> : null}
        {register.activities.length === 0 ? (
          <BodyShort>{t('none')}</BodyShort>
        ) : (
          <DataTable
            lang={lang}
            caption={t('officeHeading', { office: register.office.name })}
            narrow="stack"
            rows={[...register.activities].reverse()}
            rowKey={(a) => a.id}
            columns={[
              { header: t('dateCol'), cell: (a) => formatLongDate(lang, a.heldOn) },
              {
                header: t('activity'),
                rowHeader: true,
                cell: (a) => (
                  <>
                    {register.editable ? (
                      <Link href={`/competence/${a.id}?lang=${lang}`} aria-label={t('edit', { title: a.title })}>
                        {a.title}
                      </Link>
                    ) : (
                      a.title
                    )}
                    <br />
                    <span className="bs-note">{[t(`form_${a.form}`), areaList(lang, a.areas)].filter(Boolean).join(' · ')}</span>
                  </>
                ),
              },
              { header: t('ledBy'), cell: (a) => a.ledBy },
              { header: t('targetGroup'), cell: (a) => a.targetGroup },
              { header: t('expected'), cell: (a) => a.expectedOutcome },
              { header: t('observed'), cell: (a) => a.observedOutcome ?? <span className="bs-note">{t('notYet')}</span> },
            ]}
          />
        )}
      </section>,
    );
  }
  if (editable.length > 0) {
    body.push(
      <section key="add" aria-labelledby="add-heading">
        <Heading level="2" size="medium" id="add-heading" spacing>
          {t('addHeading')}
        </Heading>
        <ActivityForm
          t={t}
          lang={lang}
          action={`/competence?lang=${lang}`}
          values={data.values ?? {}}
          offices={editable}
          timeZone={data.timeZone}
          submit={t('register')}
          scrubFields={data.scrubFields}
        />
      </section>,
    );
  }
  return staffPage({ lang, title: pageTitle(lang), frame: data.frame, lead: <BodyLong spacing>{t('intro')}</BodyLong>, body });
}

export interface ActivityPageData {
  frame: ShellFrame;
  activity: Activity;
  officeName: string;
  timeZone: string;
  values?: ActivityValues;
  scrubFields?: FreeTextField[];
}

/** /competence/:id: one activity to change (its observed outcome, later) or delete, for the office's leaders. */
export function activityPage(data: ActivityPageData, lang: Lang): string {
  const t = translator(competenceMessages, lang);
  const base = `/competence/${data.activity.id}`;
  const body = (
    <>
      <BodyShort>
        <Link href={`/competence?lang=${lang}`}>{t('back')}</Link>
      </BodyShort>
      <section aria-labelledby="edit-heading">
        <Heading level="2" size="medium" id="edit-heading" spacing>
          {t('editHeading')}
        </Heading>
        <ActivityForm
          t={t}
          lang={lang}
          action={`${base}?lang=${lang}`}
          values={data.values ?? valuesOf(data.activity)}
          offices={[]}
          timeZone={data.timeZone}
          submit={t('save')}
          scrubFields={data.scrubFields}
        />
      </section>
      <form method="post" action={`${base}/delete?lang=${lang}`}>
        <Button type="submit" variant="danger" size="small">
          {t('delete')}
        </Button>
      </form>
    </>
  );
  return staffPage({
    lang,
    title: `${pageTitle(lang)}: ${data.activity.title}`,
    frame: data.frame,
    lead: <BodyShort spacing>{t('officeHeading', { office: data.officeName })}</BodyShort>,
    body,
  });
}

export interface ActivityMark extends Activity {
  number: number;
  period: string;
}

/**
 * Beside the office's results over time (its own report, for its own leaders): the activities the
 * chart marks, numbered as the marks, oldest first, and the way to the register. No count per office,
 * no comparison: learning beside results, not a league table.
 */
export function ActivityMarksTable({ marks, lang }: { marks: ActivityMark[]; lang: Lang }) {
  const t = translator(competenceMessages, lang);
  return (
    <section aria-labelledby="competence-marks" className="bs-section">
      <Heading level="3" size="small" id="competence-marks" spacing>
        {t('periodHeading')}
      </Heading>
      <BodyShort spacing size="small">
        {t('periodIntro')}
      </BodyShort>
      {marks.length === 0 ? (
        <BodyShort spacing>{t('periodNone')}</BodyShort>
      ) : (
        <DataTable
          lang={lang}
          caption={t('periodHeading')}
          narrow="stack"
          rows={marks}
          rowKey={(m) => m.id}
          columns={[
            { header: t('number'), cell: (m) => m.number, numeric: true },
            { header: t('title'), rowHeader: true, cell: (m) => m.title },
            { header: t('period'), cell: (m) => m.period },
            { header: t('dateCol'), cell: (m) => formatLongDate(lang, m.heldOn) },
            { header: t('form'), cell: (m) => t(`form_${m.form}`) },
            { header: t('observed'), cell: (m) => m.observedOutcome ?? <span className="bs-note">{t('notYet')}</span> },
          ]}
        />
      )}
      <BodyShort>
        <Link href={`/competence?lang=${lang}`}>{t('registerLink')}</Link>
      </BodyShort>
    </section>
  );
}

/** The marks' texts per period ("Tiltak 1, 2"), for the trend chart. */
export function markTexts(marks: ReadonlyArray<{ number: number; period: string }>, lang: Lang): Map<string, string> {
  const t = translator(competenceMessages, lang);
  return new Map([...marksPerPeriod(marks)].map(([period, list]) => [period, t('mark', { numbers: list.join(', ') })]));
}

export const chartMarksLabel = (lang: Lang) => translator(competenceMessages, lang)('chartMarks');
