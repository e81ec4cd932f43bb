import type React from 'react';
import { BodyShort, Button, Heading, VStack } from '@navikt/ds-react';
import { translator, type Catalog, type Lang } from '../i18n/index.ts';
import { renderDocument } from './layout.tsx';

/**
 * The header of an employee's page: who is signed in, the links of the area they are in, and a
 * log-out button (a POST form, so it works without JavaScript). One for every area, so the pages
 * of sharing, administration and local questions look and read the same.
 */

const messages: Catalog<'signedInAs' | 'logout' | 'navLabel'> = {
  nb: { signedInAs: 'Innlogget som {name}', logout: 'Logg ut', navLabel: 'Brukerstemme' },
  nn: { signedInAs: 'Innlogga som {name}', logout: 'Logg ut', navLabel: 'Brukerstemme' },
  en: { signedInAs: 'Signed in as {name}', logout: 'Log out', navLabel: 'Brukerstemme' },
};

export type HeaderLink = [href: string, label: string];

export function SiteHeader({ lang, name, links, navLabel }: { lang: Lang; name: string; links: HeaderLink[]; navLabel?: string }) {
  const t = translator(messages, lang);
  return (
    <>
      <BodyShort size="small">{t('signedInAs', { name })}</BodyShort>
      <nav aria-label={navLabel ?? t('navLabel')}>
        <ul className="bs-lang-switch">
          {links.map(([href, label]) => (
            <li key={href}>
              <a href={href}>{label}</a>
            </li>
          ))}
        </ul>
      </nav>
      <LogoutForm lang={lang} />
    </>
  );
}

/** The log-out button: a POST form, so it works without JavaScript. */
export function LogoutForm({ lang }: { lang: Lang }) {
  const t = translator(messages, lang);
  return (
    <form method="post" action={`/logout?lang=${lang}`}>
      <Button variant="tertiary" size="small" type="submit">
        {t('logout')}
      </Button>
    </form>
  );
}

/** A whole employee page: the header above, the title as the one h1, and the sections spaced below it. */
export function sitePage(input: {
  lang: Lang;
  title: string;
  name: string;
  links: HeaderLink[];
  navLabel?: string;
  body: React.ReactNode;
}): string {
  return renderDocument({
    lang: input.lang,
    title: input.title,
    header: <SiteHeader lang={input.lang} name={input.name} links={input.links} navLabel={input.navLabel} />,
    body: (
      <>
        <Heading level="1" size="large" spacing>
          {input.title}
        </Heading>
        <VStack gap="space-32">{input.body}</VStack>
      </>
    ),
  });
}
