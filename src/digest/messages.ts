import type { Catalog } from '../i18n/index.ts';

type Key = 'subject' | 'body' | 'heading' | 'intro' | 'label' | 'save' | 'noEmail' | 'willGoTo' | 'on' | 'off';

/** The monthly results e-mail and its setting on the counselor's own page. */
export const digestMessages: Catalog<Key> = {
  nb: {
    subject: 'Resultatene dine for {month} er klare',
    body: 'Hei {name}!\n\nBrukerne svarte {answers} ganger om møtene dine i {month}. Resultatene dine ser du her (bare du ser dem, med mindre du har delt dem):\n{link}\n\nDu får denne e-posten fordi du har slått den på. Du kan slå den av her: {setting}\n\nHilsen Brukerstemme',
    heading: 'E-post hver måned',
    intro:
      'Vil du ha en e-post når forrige måneds resultater er klare? Den har bare en lenke og antall svar, ikke resultatene selv. Ingen frister, ingen påminnelser.',
    label: 'Send meg en e-post når forrige måneds resultater er klare',
    save: 'Lagre',
    noEmail: 'Vi har ikke registrert noen e-postadresse på deg, så vi kan ikke sende denne e-posten.',
    willGoTo: 'E-posten går til {email}.',
    on: 'Du får en e-post hver måned.',
    off: 'Du får ingen e-post.',
  },
  nn: {
    subject: 'Resultata dine for {month} er klare',
    body: 'Hei {name}!\n\nBrukarane svarte {answers} gonger om møta dine i {month}. Resultata dine ser du her (berre du ser dei, med mindre du har delt dei):\n{link}\n\nDu får denne e-posten fordi du har slått han på. Du kan slå han av her: {setting}\n\nHelsing Brukerstemme',
    heading: 'E-post kvar månad',
    intro:
      'Vil du ha ein e-post når resultata for førre månad er klare? Han har berre ei lenkje og talet på svar, ikkje resultata sjølve. Ingen fristar, ingen påminningar.',
    label: 'Send meg ein e-post når resultata for førre månad er klare',
    save: 'Lagre',
    noEmail: 'Vi har ikkje registrert noka e-postadresse på deg, så vi kan ikkje sende denne e-posten.',
    willGoTo: 'E-posten går til {email}.',
    on: 'Du får ein e-post kvar månad.',
    off: 'Du får ingen e-post.',
  },
  en: {
    subject: 'Your results for {month} are ready',
    body: 'Hello {name},\n\nUsers answered {answers} times about your meetings in {month}. Your results are here (only you see them, unless you have shared them):\n{link}\n\nYou get this e-mail because you switched it on. You can switch it off here: {setting}\n\nBrukerstemme',
    heading: 'Monthly e-mail',
    intro:
      'Would you like an e-mail when last month’s results are ready? It holds only a link and the number of answers, not the results themselves. No deadlines, no reminders.',
    label: 'E-mail me when last month’s results are ready',
    save: 'Save',
    noEmail: 'We have no e-mail address registered for you, so this e-mail cannot be sent.',
    willGoTo: 'The e-mail goes to {email}.',
    on: 'You get an e-mail every month.',
    off: 'You get no e-mail.',
  },
};
