import type { Catalog } from '../i18n/index.ts';

type Key =
  | 'intro'
  | 'periodHeading'
  | 'answers'
  | 'notEnough'
  | 'notEnoughComments'
  | 'statement'
  | 'dontKnow'
  | 'comments'
  | 'noComments'
  | 'notesLink'
  | 'commentsNote'
  | 'noAnswersYet'
  | 'scaleNote'
  | 'jsonLink'
  | 'privacyNote'
  | 'loginTitle'
  | 'loginIntro'
  | 'loginButton'
  | 'loginEmployee'
  | 'loginDevWarning';

export const reportingMessages: Catalog<Key> = {
  nb: {
    intro:
      'Her ser du hva brukerne har svart etter møter med deg. Resultatene er dine: ingen rangering, og ingen andre ser dem uten at du deler dem.',
    periodHeading: 'Tertial {period}',
    answers: '{n} svar',
    notEnough: 'Ikke nok svar ennå til å vise resultater uten å avsløre hvem som har svart (minst {k} svar trengs).',
    notEnoughComments: 'Kommentarer vises når perioden har minst {k} svar, for å verne anonymiteten.',
    statement: 'Utsagn',
    dontKnow: 'Vet ikke',
    comments: 'Kommentarer',
    noComments: 'Ingen kommentarer i denne perioden.',
    notesLink: 'Notater for denne perioden',
    commentsNote:
      'Kommentarene vises i tilfeldig rekkefølge med bare måned. Navn, fødselsnumre, telefonnumre og e-postadresser er fjernet.',
    noAnswersYet: 'Ingen svar ennå.',
    scaleNote: 'Skala 1 (helt uenig) til 6 (helt enig).',
    jsonLink: 'Samme tall som JSON',
    privacyNote: 'Tall vises bare når de bygger på minst {k} svar.',
    loginTitle: 'Logg inn (demo)',
    loginIntro: 'Dette er demoinnloggingen: velg en ansatt for å se systemet slik den personen ser det.',
    loginButton: 'Logg inn',
    loginEmployee: 'Ansatt',
    loginDevWarning: 'Demoinnloggingen skal være slått av i produksjon (DEV_LOGIN=false).',
  },
  nn: {
    intro:
      'Her ser du kva brukarane har svart etter møte med deg. Resultata er dine: inga rangering, og ingen andre ser dei utan at du deler dei.',
    periodHeading: 'Tertial {period}',
    answers: '{n} svar',
    notEnough: 'Ikkje nok svar enno til å vise resultat utan å avsløre kven som har svart (minst {k} svar trengst).',
    notEnoughComments: 'Kommentarar blir viste når perioden har minst {k} svar, for å verne anonymiteten.',
    statement: 'Utsegn',
    dontKnow: 'Veit ikkje',
    comments: 'Kommentarar',
    noComments: 'Ingen kommentarar i denne perioden.',
    notesLink: 'Notat for denne perioden',
    commentsNote:
      'Kommentarane blir viste i tilfeldig rekkjefølgje med berre månad. Namn, fødselsnummer, telefonnummer og e-postadresser er fjerna.',
    noAnswersYet: 'Ingen svar enno.',
    scaleNote: 'Skala 1 (heilt usamd) til 6 (heilt samd).',
    jsonLink: 'Same tal som JSON',
    privacyNote: 'Tal blir berre viste når dei byggjer på minst {k} svar.',
    loginTitle: 'Logg inn (demo)',
    loginIntro: 'Dette er demoinnlogginga: vel ein tilsett for å sjå systemet slik den personen ser det.',
    loginButton: 'Logg inn',
    loginEmployee: 'Tilsett',
    loginDevWarning: 'Demoinnlogginga skal vere slått av i produksjon (DEV_LOGIN=false).',
  },
  en: {
    intro:
      'What users answered after meetings with you. The results are yours: no ranking, and nobody else sees them unless you share them.',
    periodHeading: 'Tertial {period}',
    answers: '{n} answers',
    notEnough: 'Not enough answers yet to show results without revealing who answered (at least {k} answers are needed).',
    notEnoughComments: 'Comments are shown once the period has at least {k} answers, to protect anonymity.',
    statement: 'Statement',
    dontKnow: "Don't know",
    comments: 'Comments',
    noComments: 'No comments in this period.',
    notesLink: 'Notes for this period',
    commentsNote:
      'Comments are shown in random order with the month only. Names, identity numbers, phone numbers and e-mail addresses have been removed.',
    noAnswersYet: 'No answers yet.',
    scaleNote: 'Scale 1 (strongly disagree) to 6 (strongly agree).',
    jsonLink: 'The same figures as JSON',
    privacyNote: 'Figures are shown only when they rest on at least {k} answers.',
    loginTitle: 'Log in (demo)',
    loginIntro: 'This is the demo login: pick an employee to see the system as that person does.',
    loginButton: 'Log in',
    loginEmployee: 'Employee',
    loginDevWarning: 'The demo login must be switched off in production (DEV_LOGIN=false).',
  },
};
