import { BodyShort, Heading, Radio, RadioGroup, VStack } from '@navikt/ds-react';
import { translator, type Lang } from '../i18n/index.ts';
import { DONT_KNOW, type FormValues } from '../instrument/form.ts';
import type { InstrumentDefinition } from '../instrument/instrument.ts';
import { localField } from './form.ts';
import { localQuestionMessages } from './messages.ts';
import { textIn } from './rules.ts';
import type { SurveyQuestion } from './store.ts';

/**
 * The local questions on the survey page: after the national statements and ratings, one section
 * per asking unit (county, then office), headed and introduced as that unit's own questions, on the
 * national instrument's scale with its "don't know".
 */
export function LocalQuestionsSection(props: {
  questions: SurveyQuestion[];
  def: InstrumentDefinition;
  lang: Lang;
  values: FormValues;
  errorFor: (field: string) => string | undefined;
  radioId: (field: string, value: string) => string;
}) {
  const { questions, def, lang, values } = props;
  if (questions.length === 0) return null;
  const t = translator(localQuestionMessages, lang);
  const owners = [...new Map(questions.map((q) => [q.owner_unit_id, q])).values()];
  return (
    <>
      {owners.map((owner) => (
        <VStack
          as="section"
          gap="space-24"
          key={owner.owner_unit_id}
          aria-labelledby={`lq-owner-${owner.owner_unit_id}`}
          className="bs-local-questions"
        >
          <div>
            <Heading level="2" size="medium" id={`lq-owner-${owner.owner_unit_id}`} spacing>
              {t('surveyHeading', { unit: owner.owner_name })}
            </Heading>
            <BodyShort>
              {t(owner.owner_kind === 'county' ? 'surveyIntroCounty' : 'surveyIntroOffice', { unit: owner.owner_name })}
            </BodyShort>
          </div>
          {questions
            .filter((q) => q.owner_unit_id === owner.owner_unit_id)
            .map((q) => {
              const field = localField(q.id);
              return (
                <RadioGroup
                  key={q.id}
                  legend={textIn(q.text, lang)}
                  description={t(q.owner_kind === 'county' ? 'askedByCounty' : 'askedByOffice', { unit: q.owner_name })}
                  name={field}
                  defaultValue={values[field]}
                  error={props.errorFor(field)}
                >
                  {def.scale.map((label, i) => (
                    <Radio key={i} value={String(i + 1)} id={props.radioId(field, String(i + 1))}>
                      {`${i + 1} – ${label[lang]}`}
                    </Radio>
                  ))}
                  <Radio value={DONT_KNOW} id={props.radioId(field, DONT_KNOW)}>
                    {def.dontKnow[lang]}
                  </Radio>
                </RadioGroup>
              );
            })}
        </VStack>
      ))}
    </>
  );
}
