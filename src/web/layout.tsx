import type React from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { Provider } from '@navikt/ds-react';
import { en, nb, nn } from '@navikt/ds-react/locales';
import { translator, type Catalog, type Lang } from '../i18n/index.ts';
import { siteStylesheet } from './assets.ts';

export { sendHtml } from './assets.ts';

const messages: Catalog<'skipToContent'> = {
  nb: { skipToContent: 'Hopp til hovedinnholdet' },
  nn: { skipToContent: 'Hopp til hovudinnhaldet' },
  en: { skipToContent: 'Skip to main content' },
};

const AKSEL_LOCALES = { nb, nn, en } as const;

export interface DocumentProps {
  lang: Lang;
  title: string;
  body: React.ReactNode;
  /** Optional content above the main landmark (rendered inside <header>), e.g. a language switch or a user menu. */
  header?: React.ReactNode;
  /** Optional meta description. */
  description?: string;
  /** Optional content of a footer below the main landmark. */
  footer?: React.ReactNode;
  /** A wide content column (employee pages with tables side by side); the citizen's pages stay narrow for reading. */
  wide?: boolean;
}

/**
 * A whole HTML document rendered on the server: no client JavaScript, Aksel's CSS, a skip link
 * and one main landmark. Aksel components inside `body` get the page's language for their own texts.
 */
export function renderDocument({ lang, title, body, header, description, footer, wide }: DocumentProps): string {
  const t = translator(messages, lang);
  const css = siteStylesheet();
  const markup = renderToStaticMarkup(
    <html lang={lang}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{title}</title>
        {description ? <meta name="description" content={description} /> : null}
        <meta name="robots" content="noindex" />
        <link rel="stylesheet" href={css.path} />
      </head>
      <body>
        <Provider locale={AKSEL_LOCALES[lang]}>
          <a className="bs-skip-link" href="#main-content">
            {t('skipToContent')}
          </a>
          {header ? (
            <header className={wide ? 'bs-header bs-wide' : 'bs-header'}>
              <div className="bs-header-inner">{header}</div>
            </header>
          ) : null}
          <main id="main-content" className={wide ? 'bs-page bs-wide' : 'bs-page'} tabIndex={-1}>
            {body}
          </main>
          {footer ? (
            <footer className={wide ? 'bs-footer bs-wide' : 'bs-footer'}>
              <div className="bs-footer-inner">{footer}</div>
            </footer>
          ) : null}
        </Provider>
      </body>
    </html>,
  );
  return '<!doctype html>' + markup;
}
