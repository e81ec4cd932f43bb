import { Alert, BodyShort, Heading } from '@navikt/ds-react';
import { translator, type Catalog, type Lang } from '../i18n/index.ts';
import { formatLongDate } from '../i18n/format.ts';
import type { PolicyRow } from './store.ts';

/**
 * The notice of an office policy (leaders may see each counselor's results), shown to the counselors
 * it covers on their own pages: in force, or decided and starting on a later date.
 */

type PolicyKey = 'policyUpcoming' | 'policyActive' | 'policyComments' | 'policyFiguresOnly' | 'policyHeading';
export const policyMessages: Catalog<PolicyKey> = {
  nb: {
    policyUpcoming:
      'Kontoret ditt ({office}) har vedtatt at ledere kan se resultatene til den enkelte veileder fra {date}. Fram til da gjelder bare det du selv deler.',
    policyActive:
      'Ved kontoret ditt ({office}) kan ledere se resultatene til den enkelte veileder, etter kontorets retningslinje fra {date}.',
    policyComments: 'Gjelder tall og kommentarer.',
    policyFiguresOnly: 'Gjelder tall, ikke kommentarer.',
    policyHeading: 'Kontorets retningslinje',
  },
  nn: {
    policyUpcoming:
      'Kontoret ditt ({office}) har vedteke at leiarar kan sjå resultata til den einskilde rettleiaren frå {date}. Fram til då gjeld berre det du sjølv deler.',
    policyActive:
      'Ved kontoret ditt ({office}) kan leiarar sjå resultata til den einskilde rettleiaren, etter retningslina til kontoret frå {date}.',
    policyComments: 'Gjeld tal og kommentarar.',
    policyFiguresOnly: 'Gjeld tal, ikkje kommentarar.',
    policyHeading: 'Retningslina til kontoret',
  },
  en: {
    policyUpcoming:
      "Your office ({office}) has decided that leaders may see each counselor's results from {date}. Until then, only what you share yourself applies.",
    policyActive: "At your office ({office}), leaders may see each counselor's results under the office policy in force since {date}.",
    policyComments: 'Covers figures and comments.',
    policyFiguresOnly: 'Covers figures, not comments.',
    policyHeading: 'Office policy',
  },
};

export function PolicyNotice({ policies, lang, today }: { policies: PolicyRow[]; lang: Lang; today: string }) {
  const t = translator(policyMessages, lang);
  if (policies.length === 0) return null;
  return (
    <>
      {policies.map((p) => (
        <Alert key={p.id} variant={p.starts_on <= today ? 'info' : 'warning'} size="small" className="bs-section">
          <Heading level="2" size="xsmall" spacing>
            {t('policyHeading')}
          </Heading>
          <BodyShort spacing>
            {t(p.starts_on <= today ? 'policyActive' : 'policyUpcoming', {
              office: p.office_name,
              date: formatLongDate(lang, p.starts_on),
            })}
          </BodyShort>
          <BodyShort size="small">{p.includes_comments ? t('policyComments') : t('policyFiguresOnly')}</BodyShort>
        </Alert>
      ))}
    </>
  );
}
