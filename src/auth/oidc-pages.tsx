import { Alert, BodyLong, Heading } from '@navikt/ds-react';
import { translator, type Lang } from '../i18n/index.ts';
import { renderDocument } from '../web/layout.tsx';
import { oidcMessages } from './oidc-messages.ts';

/** The page for a signed-in person who is not an active employee here (403) or a login that failed (400). */
export function oidcProblemPage(kind: 'forbidden' | 'failed', lang: Lang): string {
  const t = translator(oidcMessages, lang);
  const title = kind === 'forbidden' ? t('forbiddenTitle') : t('failedTitle');
  return renderDocument({
    lang,
    title,
    body: (
      <>
        <Heading level="1" size="large" spacing>
          {title}
        </Heading>
        <Alert variant={kind === 'forbidden' ? 'warning' : 'error'}>{kind === 'forbidden' ? t('forbiddenBody') : t('failedBody')}</Alert>
        <BodyLong spacing className="bs-section">
          {t('contactAdmin')}
        </BodyLong>
        <BodyLong>
          <a href={`/login/oidc?lang=${lang}`}>{t('tryAgain')}</a>
        </BodyLong>
      </>
    ),
  });
}
