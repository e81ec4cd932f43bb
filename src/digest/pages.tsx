import { BodyShort, Button, Checkbox, Heading } from '@navikt/ds-react';
import { translator, type Lang } from '../i18n/index.ts';
import { digestMessages } from './messages.ts';

/** The counselor's own switch for the monthly e-mail, on their results page (`/me#digest`). */
export function DigestSetting({ setting, lang }: { setting: { on: boolean; email: string | null }; lang: Lang }) {
  const t = translator(digestMessages, lang);
  return (
    <section aria-labelledby="digest" className="bs-section">
      <Heading level="2" size="medium" id="digest" spacing>
        {t('heading')}
      </Heading>
      <BodyShort spacing>{t('intro')}</BodyShort>
      {setting.email === null ? (
        <BodyShort spacing>{t('noEmail')}</BodyShort>
      ) : (
        <>
          <BodyShort spacing>
            {setting.on ? t('on') : t('off')} {t('willGoTo', { email: setting.email })}
          </BodyShort>
          <form method="post" action={`/me/digest?lang=${lang}`}>
            <Checkbox name="monthly_digest" value="on" defaultChecked={setting.on}>
              {t('label')}
            </Checkbox>
            <Button type="submit" size="small" variant="secondary">
              {t('save')}
            </Button>
          </form>
        </>
      )}
    </section>
  );
}
