import type { Catalog } from '../i18n/index.ts';

type Key = 'forbiddenTitle' | 'forbiddenBody' | 'failedTitle' | 'failedBody' | 'tryAgain' | 'contactAdmin';

export const oidcMessages: Catalog<Key> = {
  nb: {
    forbiddenTitle: 'Du har ikke tilgang til Brukerstemme',
    forbiddenBody: 'Innloggingen virket, men vi finner deg ikke blant de aktive ansatte i Brukerstemme.',
    failedTitle: 'Innloggingen ble ikke fullført',
    failedBody: 'Innloggingen ble avbrutt, var for gammel eller kunne ikke bekreftes. Ingenting er lagret.',
    tryAgain: 'Logg inn på nytt',
    contactAdmin: 'Hvis du mener du skal ha tilgang, kontakt administratoren for Brukerstemme ved ditt kontor.',
  },
  nn: {
    forbiddenTitle: 'Du har ikkje tilgang til Brukerstemme',
    forbiddenBody: 'Innlogginga verka, men vi finn deg ikkje blant dei aktive tilsette i Brukerstemme.',
    failedTitle: 'Innlogginga vart ikkje fullført',
    failedBody: 'Innlogginga vart avbroten, var for gammal eller kunne ikkje stadfestast. Ingenting er lagra.',
    tryAgain: 'Logg inn på nytt',
    contactAdmin: 'Viss du meiner du skal ha tilgang, kontakt administratoren for Brukerstemme ved kontoret ditt.',
  },
  en: {
    forbiddenTitle: 'You do not have access to Brukerstemme',
    forbiddenBody: 'You signed in, but you are not among the active employees known to Brukerstemme.',
    failedTitle: 'The login was not completed',
    failedBody: 'The login was cancelled, took too long or could not be verified. Nothing has been stored.',
    tryAgain: 'Log in again',
    contactAdmin: 'If you believe you should have access, contact the Brukerstemme administrator at your office.',
  },
};
