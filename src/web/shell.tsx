import type React from 'react';
import { BodyShort, Button, Heading, VStack } from '@navikt/ds-react';
import { LANGUAGE_NAMES, LANGUAGES, translator, type Catalog, type Lang } from '../i18n/index.ts';
import { renderDocument } from './layout.tsx';

/**
 * The application shell of every employee page: the product name (a link to where the reader's work
 * is), who is signed in and in which roles, the menu of the pages their roles open (and nothing
 * else), the language switch, log-out, the title as the one h1, and a footer. The menu and the role
 * names are worked out by access/navigation.ts from the signed-in employee; this file only draws them.
 */

export interface MenuEntry {
  href: string;
  label: string;
}

export interface ShellFrame {
  /** The reader's name and their roles, in the page's language ("Veileder · Leder"). */
  name: string;
  roles: string;
  /** Where the product name leads: the reader's own start page. */
  home: string;
  menu: MenuEntry[];
  /** The address of this page (path and query): the language links keep it, the menu marks it. */
  url: string;
  /** False on a page that answers a form whose data a link would lose (the staff-survey steps): no language links there. */
  switchLanguage?: boolean;
}

type Key = 'product' | 'menu' | 'language' | 'logout' | 'footer' | 'signedIn';
const messages: Catalog<Key> = {
  nb: {
    product: 'Brukerstemme',
    menu: 'Meny',
    language: 'Språk',
    logout: 'Logg ut',
    signedIn: 'Innlogget:',
    footer:
      'Brukerstemme · tilbakemeldinger fra brukerne etter hvert møte med NAV. Ingen tall vises på færre svar enn grensen, og ingen svar kan spores til en person.',
  },
  nn: {
    product: 'Brukerstemme',
    menu: 'Meny',
    language: 'Språk',
    logout: 'Logg ut',
    signedIn: 'Innlogga:',
    footer:
      'Brukerstemme · tilbakemeldingar frå brukarane etter kvart møte med NAV. Ingen tal blir viste på færre svar enn grensa, og ingen svar kan sporast til ein person.',
  },
  en: {
    product: 'Brukerstemme',
    menu: 'Menu',
    language: 'Language',
    logout: 'Log out',
    signedIn: 'Signed in:',
    footer:
      'Brukerstemme · feedback from users after each meeting with NAV. No figure is shown on fewer answers than the limit, and no answer can be traced to a person.',
  },
};

/** The address with `lang` set to another language (everything else kept). */
export function withLang(url: string, lang: Lang): string {
  const [path, query = ''] = url.split('?');
  const params = new URLSearchParams(query);
  params.set('lang', lang);
  return `${path}?${params.toString()}`;
}

const pathOf = (url: string) => url.split('?')[0];

/** A menu entry is current on its own page only (aria-current="page" names this page, not an area). */
function isCurrent(entry: MenuEntry, url: string): boolean {
  const here = pathOf(url);
  const target = pathOf(entry.href);
  return here === target;
}

export function ShellHeader({ lang, frame }: { lang: Lang; frame: ShellFrame }) {
  const t = translator(messages, lang);
  return (
    <div className="bs-shell">
      <div className="bs-shell-top">
        <a className="bs-shell-product" href={withLang(frame.home, lang)}>
          {t('product')}
        </a>
        <BodyShort size="small" className="bs-shell-user">
          <span className="aksel-sr-only">{t('signedIn')} </span>
          <strong>{frame.name}</strong> · {frame.roles}
        </BodyShort>
        <form method="post" action={`/logout?lang=${lang}`} className="bs-shell-logout">
          <Button variant="tertiary" size="small" type="submit">
            {t('logout')}
          </Button>
        </form>
      </div>
      {/* On a phone the menu folds into "Meny" (a <details>: opens without JavaScript, by mouse, touch or
          keyboard); on a wider screen the stylesheet shows it open and inline, with no toggle (web/assets.ts). */}
      <nav aria-label={t('menu')} className="bs-shell-menu">
        <details className="bs-shell-menu-fold">
          <summary>{t('menu')}</summary>
          <ul>
            {frame.menu.map((entry) => (
              <li key={entry.href}>
                <a href={withLang(entry.href, lang)} aria-current={isCurrent(entry, frame.url) ? 'page' : undefined}>
                  {entry.label}
                </a>
              </li>
            ))}
          </ul>
        </details>
      </nav>
      {frame.switchLanguage === false ? null : (
        <nav aria-label={t('language')} className="bs-shell-lang">
          <ul>
            {LANGUAGES.map((other) => (
              <li key={other}>
                <a href={withLang(frame.url, other)} lang={other} hrefLang={other} aria-current={other === lang ? 'true' : undefined}>
                  {LANGUAGE_NAMES[other]}
                </a>
              </li>
            ))}
          </ul>
        </nav>
      )}
    </div>
  );
}

/**
 * A whole employee page in the shell: the title as the one h1, then the sections spaced below it.
 * `documentTitle`: the browser's title when it says more than the h1 (the period shown, an error prefix).
 */
export function staffPage(input: {
  lang: Lang;
  title: string;
  frame: ShellFrame;
  body: React.ReactNode;
  lead?: React.ReactNode;
  documentTitle?: string;
}): string {
  const t = translator(messages, input.lang);
  return renderDocument({
    lang: input.lang,
    title: input.documentTitle ?? input.title,
    wide: true,
    header: <ShellHeader lang={input.lang} frame={input.frame} />,
    footer: <BodyShort size="small">{t('footer')}</BodyShort>,
    body: (
      <>
        <Heading level="1" size="large" spacing>
          {input.title}
        </Heading>
        {input.lead}
        <VStack gap="space-32">{input.body}</VStack>
      </>
    ),
  });
}
