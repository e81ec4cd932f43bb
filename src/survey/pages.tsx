import { Alert, BodyLong, Button, ErrorSummary, Heading, Link, Radio, RadioGroup, Textarea, VStack } from '@navikt/ds-react';
import { LANGUAGE_NAMES, LANGUAGES, translator, type Lang } from '../i18n/index.ts';
import { textIn } from '../localquestions/rules.ts';
import type { SurveyQuestion } from '../localquestions/store.ts';
import { LocalQuestionsSection } from '../localquestions/survey-section.tsx';
import { renderDocument } from '../web/layout.tsx';
import {
  COMMENT_FIELD,
  DONT_KNOW,
  NAV_GENERAL_FIELD,
  OVERALL_FIELD,
  VERSION_FIELD,
  statementField,
  type FormError,
  type FormValues,
} from '../instrument/form.ts';
import type { InstrumentDefinition, RatingItem } from '../instrument/instrument.ts';
import { surveyMessages } from './messages.ts';
import { TOKEN_PATTERN } from './store.ts';

/**
 * Server-rendered pages of the survey and the opt-out. Plain forms that POST, no client JavaScript:
 * Aksel components render to static HTML here and keep their classes and ARIA wiring.
 */

const CONTACT_URL: Record<Lang, string> = {
  nb: 'https://www.nav.no/kontaktoss',
  nn: 'https://www.nav.no/kontaktoss',
  en: 'https://www.nav.no/kontaktoss/en',
};

/** Links to the same page in the other languages (a plain link: works without JavaScript). */
function LanguageSwitch({ lang, basePath }: { lang: Lang; basePath: string }) {
  const t = translator(surveyMessages, lang);
  return (
    <nav aria-label={t('languageSwitchLabel')}>
      <ul className="bs-lang-switch">
        {LANGUAGES.map((code) => (
          <li key={code}>
            {code === lang ? (
              <span lang={code} aria-current="page" className="aksel-body-short">
                <strong>{LANGUAGE_NAMES[code]}</strong>
              </span>
            ) : (
              <Link href={`${basePath}?lang=${code}`} lang={code} hrefLang={code}>
                {LANGUAGE_NAMES[code]}
              </Link>
            )}
          </li>
        ))}
      </ul>
    </nav>
  );
}

function NotAContactChannel({ lang }: { lang: Lang }) {
  const t = translator(surveyMessages, lang);
  return (
    <Alert variant="info" size="small">
      {t('notContactText')} <Link href={CONTACT_URL[lang]}>{t('contactLinkText')}</Link>.
    </Alert>
  );
}

const radioId = (field: string, value: string) => `f-${field}-${value}`;

function errorText(error: FormError, def: InstrumentDefinition, lang: Lang, local: SurveyQuestion[] = []): string {
  const t = translator(surveyMessages, lang);
  switch (error.kind) {
    case 'commentTooLong':
      return t('errorCommentTooLong', { length: error.length, max: error.max });
    case 'nothingAnswered':
      return t('errorNothingAnswered');
    case 'instrumentChanged':
      return t('errorInstrumentChanged');
    case 'invalidChoice': {
      const item =
        def.statements.find((s) => s.id === error.itemId) ??
        [def.overall, def.navGeneral].find((r) => r.id === error.itemId) ??
        (def.comment.id === error.itemId ? def.comment : undefined);
      const localItem = local.find((q) => `lq_${q.id}` === error.itemId);
      return t('errorInvalidChoice', { question: item ? item.text[lang] : localItem ? textIn(localItem.text, lang) : error.itemId });
    }
  }
}

/** Where an error summary entry jumps to: the first option of a radio group, or the text field. */
function errorTarget(field: string): string {
  if (field === COMMENT_FIELD) return 'f-comment';
  return radioId(field, '1');
}

function RatingQuestion({
  item,
  field,
  lang,
  value,
  error,
}: {
  item: RatingItem;
  field: string;
  lang: Lang;
  value?: string;
  error?: string;
}) {
  return (
    <RadioGroup legend={item.text[lang]} name={field} defaultValue={value} error={error}>
      {[1, 2, 3, 4, 5, 6].map((n) => (
        <Radio key={n} value={String(n)} id={radioId(field, String(n))}>
          {n === 1 ? `1 – ${item.low[lang]}` : n === 6 ? `6 – ${item.high[lang]}` : String(n)}
        </Radio>
      ))}
    </RadioGroup>
  );
}

type SurveyPageArgs = {
  def: InstrumentDefinition;
  lang: Lang;
  token: string;
  values?: FormValues;
  errors?: FormError[];
  /** The office's and county's own questions for this meeting (localquestions), after the national ones. */
  local?: SurveyQuestion[];
};

/** Stands in for the token in the cached page; cannot occur in a real token (those have no '.'). */
const TOKEN_SLOT = '..TOKEN..';
const pristinePages = new Map<string, string>();
/** Pages with local questions differ per office; keep only so many (the oldest go first). */
const MAX_PRISTINE_PAGES = 500;

/**
 * The survey form. The empty form differs between links only by the token, so it is rendered once
 * per instrument version and language and the token filled in: server rendering of some fifty Aksel
 * radio buttons costs milliseconds that a page view should not pay.
 */
export function renderSurveyPage(args: SurveyPageArgs): string {
  if (!TOKEN_PATTERN.test(args.token)) throw new Error('not a survey token');
  if (args.values || args.errors?.length) return renderSurveyPageFresh(args);
  // A local question's text never changes; its asking unit's name might.
  const localKey = (args.local ?? []).map((q) => `${q.id}:${q.owner_name}`).join(',');
  const key = `${args.def.id}\u0000${args.def.version}\u0000${args.lang}\u0000${localKey}`;
  let html = pristinePages.get(key);
  if (html === undefined) {
    html = renderSurveyPageFresh({ ...args, token: TOKEN_SLOT });
    if (pristinePages.size >= MAX_PRISTINE_PAGES) pristinePages.delete(pristinePages.keys().next().value!);
    pristinePages.set(key, html);
  }
  return html.replaceAll(TOKEN_SLOT, args.token);
}

function renderSurveyPageFresh(args: SurveyPageArgs): string {
  const { def, lang, token } = args;
  const values = args.values ?? {};
  const errors = args.errors ?? [];
  const t = translator(surveyMessages, lang);
  const basePath = `/s/${token}`;
  const errorFor = (field: string) => {
    const e = errors.find((x) => x.field === field && x.kind !== 'nothingAnswered' && x.kind !== 'instrumentChanged');
    return e ? errorText(e, def, lang, args.local) : undefined;
  };
  const title = def.title[lang];
  const body = (
    <VStack gap="space-24">
      <Heading level="1" size="large">
        {title}
      </Heading>
      <BodyLong>
        <strong>{t('anonymousHeading')}.</strong> {t('anonymousText')}
      </BodyLong>
      <NotAContactChannel lang={lang} />
      {errors.length > 0 ? (
        <ErrorSummary heading={t('errorSummaryHeading')}>
          {errors.map((e, i) => (
            <ErrorSummary.Item key={i} href={`#${errorTarget(e.field)}`}>
              {errorText(e, def, lang, args.local)}
            </ErrorSummary.Item>
          ))}
        </ErrorSummary>
      ) : null}
      <form method="post" action={`${basePath}?lang=${lang}`} noValidate>
        <input type="hidden" name={VERSION_FIELD} value={String(def.version)} />
        <VStack gap="space-32">
          <BodyLong>{t('requiredNote')}</BodyLong>
          <Heading level="2" size="medium">
            {def.statementsIntro[lang]}
          </Heading>
          {def.statements.map((s) => {
            const field = statementField(s.id);
            return (
              <RadioGroup key={s.id} legend={s.text[lang]} name={field} defaultValue={values[field]} error={errorFor(field)}>
                {def.scale.map((label, i) => (
                  <Radio key={i} value={String(i + 1)} id={radioId(field, String(i + 1))}>
                    {`${i + 1} – ${label[lang]}`}
                  </Radio>
                ))}
                <Radio value={DONT_KNOW} id={radioId(field, DONT_KNOW)}>
                  {def.dontKnow[lang]}
                </Radio>
              </RadioGroup>
            );
          })}
          <RatingQuestion
            item={def.overall}
            field={OVERALL_FIELD}
            lang={lang}
            value={values[OVERALL_FIELD]}
            error={errorFor(OVERALL_FIELD)}
          />
          <RatingQuestion
            item={def.navGeneral}
            field={NAV_GENERAL_FIELD}
            lang={lang}
            value={values[NAV_GENERAL_FIELD]}
            error={errorFor(NAV_GENERAL_FIELD)}
          />
          <LocalQuestionsSection questions={args.local ?? []} def={def} lang={lang} values={values} errorFor={errorFor} radioId={radioId} />
          <Textarea
            id="f-comment"
            name={COMMENT_FIELD}
            label={def.comment.text[lang]}
            description={`${def.comment.hint[lang]} ${t('commentLimit', { max: def.comment.maxLength })}`}
            defaultValue={values[COMMENT_FIELD]}
            error={errorFor(COMMENT_FIELD)}
            minRows={5}
          />
          <div>
            <Button type="submit">{t('submit')}</Button>
          </div>
        </VStack>
      </form>
    </VStack>
  );
  return renderDocument({
    lang,
    title: errors.length > 0 ? `${t('errorTitlePrefix')}: ${title}` : title,
    header: <LanguageSwitch lang={lang} basePath={basePath} />,
    body,
  });
}

/** A short page with a heading and one paragraph: thanks, already answered, closed, unknown link. */
export function renderMessagePage(args: { lang: Lang; basePath?: string; title: string; text: string; contactNote?: boolean }): string {
  const { lang } = args;
  return renderDocument({
    lang,
    title: args.title,
    header: args.basePath ? <LanguageSwitch lang={lang} basePath={args.basePath} /> : undefined,
    body: (
      <VStack gap="space-24">
        <Heading level="1" size="large">
          {args.title}
        </Heading>
        <BodyLong>{args.text}</BodyLong>
        {args.contactNote ? <NotAContactChannel lang={lang} /> : null}
      </VStack>
    ),
  });
}

export function renderOptOutPage(args: { lang: Lang; token: string }): string {
  const { lang, token } = args;
  const t = translator(surveyMessages, lang);
  const basePath = `/optout/${token}`;
  return renderDocument({
    lang,
    title: t('optoutTitle'),
    header: <LanguageSwitch lang={lang} basePath={basePath} />,
    body: (
      <VStack gap="space-24">
        <Heading level="1" size="large">
          {t('optoutTitle')}
        </Heading>
        <BodyLong>{t('optoutText')}</BodyLong>
        <form method="post" action={`${basePath}?lang=${lang}`}>
          <Button type="submit">{t('optoutButton')}</Button>
        </form>
        <NotAContactChannel lang={lang} />
      </VStack>
    ),
  });
}
