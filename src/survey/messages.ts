import type { Catalog } from '../i18n/index.ts';

type Key =
  | 'languageSwitchLabel'
  | 'anonymousHeading'
  | 'anonymousText'
  | 'notContactText'
  | 'contactLinkText'
  | 'requiredNote'
  | 'submit'
  | 'errorTitlePrefix'
  | 'errorSummaryHeading'
  | 'errorInvalidChoice'
  | 'errorCommentTooLong'
  | 'errorNothingAnswered'
  | 'errorInstrumentChanged'
  | 'commentLimit'
  | 'thanksTitle'
  | 'thanksText'
  | 'answeredTitle'
  | 'answeredText'
  | 'expiredTitle'
  | 'expiredText'
  | 'unknownTitle'
  | 'unknownText'
  | 'optoutTitle'
  | 'optoutText'
  | 'optoutButton'
  | 'optoutDoneTitle'
  | 'optoutDoneText'
  | 'optoutUnknownTitle'
  | 'optoutUnknownText';

export const surveyMessages: Catalog<Key> = {
  en: {
    languageSwitchLabel: 'Language',
    anonymousHeading: 'Anonymous',
    anonymousText:
      'Your answers are anonymous. They are stored without your name, contact details or the time of the meeting, and your counselor only sees results when enough people have answered.',
    notContactText:
      'This survey is not a way to contact NAV, and we cannot reply to what you write here. If you have questions about your case or want to complain, contact NAV at',
    contactLinkText: 'nav.no/kontaktoss',
    requiredNote: 'All questions are optional. Answer those you want to.',
    submit: 'Send answers',
    errorTitlePrefix: 'Error',
    errorSummaryHeading: 'Please correct the following before you send',
    errorInvalidChoice: 'Choose one of the options for: {question}',
    errorCommentTooLong: 'Your comment has {length} characters. Shorten it to at most {max}.',
    errorNothingAnswered: 'Answer at least one question before you send.',
    errorInstrumentChanged: 'The survey has changed since you opened it. Please check your answers and send again.',
    commentLimit: 'At most {max} characters.',
    thanksTitle: 'Thank you for your answers',
    thanksText: 'Your answers have been stored anonymously. They help NAV improve its meetings. You can close this page.',
    answeredTitle: 'This survey has already been answered',
    answeredText: 'Answers to this survey have already been received, so it cannot be answered again. Thank you for taking part.',
    expiredTitle: 'This survey is closed',
    expiredText: 'The time for answering this survey has run out, so it can no longer be answered. Thank you for your interest.',
    unknownTitle: 'We could not find this survey',
    unknownText: 'The link may be incomplete. Check that you copied the whole link from the message you received.',
    optoutTitle: 'No more surveys from NAV about meetings',
    optoutText:
      'If you do not want invitations to give feedback after your meetings with NAV, you can say no here. It applies to this e-mail address or phone number, and it does not affect your case.',
    optoutButton: 'Do not send me surveys',
    optoutDoneTitle: 'You will not receive more surveys',
    optoutDoneText: 'We have registered that you do not want invitations to give feedback after meetings with NAV.',
    optoutUnknownTitle: 'We could not find this link',
    optoutUnknownText: 'The link may be incomplete. Check that you copied the whole link from the message you received.',
  },
  nb: {
    languageSwitchLabel: 'Språk',
    anonymousHeading: 'Anonymt',
    anonymousText:
      'Svarene dine er anonyme. De lagres uten navnet ditt, kontaktinformasjonen din eller tidspunktet for møtet, og veilederen din ser bare resultater når mange nok har svart.',
    notContactText:
      'Denne undersøkelsen er ikke en måte å kontakte NAV på, og vi kan ikke svare på det du skriver her. Har du spørsmål om saken din eller vil klage, kontakt NAV på',
    contactLinkText: 'nav.no/kontaktoss',
    requiredNote: 'Alle spørsmålene er frivillige. Svar på dem du vil.',
    submit: 'Send svar',
    errorTitlePrefix: 'Feil',
    errorSummaryHeading: 'Du må rette dette før du sender',
    errorInvalidChoice: 'Velg ett av alternativene for: {question}',
    errorCommentTooLong: 'Kommentaren din har {length} tegn. Gjør den kortere, høyst {max} tegn.',
    errorNothingAnswered: 'Svar på minst ett spørsmål før du sender.',
    errorInstrumentChanged: 'Undersøkelsen er endret siden du åpnet den. Se over svarene dine og send på nytt.',
    commentLimit: 'Høyst {max} tegn.',
    thanksTitle: 'Takk for svarene dine',
    thanksText: 'Svarene dine er lagret anonymt. De hjelper NAV å gjøre møtene bedre. Du kan lukke denne siden.',
    answeredTitle: 'Denne undersøkelsen er allerede besvart',
    answeredText: 'Vi har allerede fått svar på denne undersøkelsen, så den kan ikke besvares på nytt. Takk for at du deltok.',
    expiredTitle: 'Denne undersøkelsen er stengt',
    expiredText: 'Fristen for å svare på denne undersøkelsen har gått ut, så den kan ikke besvares lenger. Takk for interessen.',
    unknownTitle: 'Vi fant ikke denne undersøkelsen',
    unknownText: 'Lenken kan være ufullstendig. Sjekk at du kopierte hele lenken fra meldingen du fikk.',
    optoutTitle: 'Ikke flere undersøkelser fra NAV om møter',
    optoutText:
      'Hvis du ikke vil ha invitasjoner til å gi tilbakemelding etter møter med NAV, kan du si nei her. Det gjelder denne e-postadressen eller dette telefonnummeret, og det påvirker ikke saken din.',
    optoutButton: 'Ikke send meg undersøkelser',
    optoutDoneTitle: 'Du får ikke flere undersøkelser',
    optoutDoneText: 'Vi har registrert at du ikke vil ha invitasjoner til å gi tilbakemelding etter møter med NAV.',
    optoutUnknownTitle: 'Vi fant ikke denne lenken',
    optoutUnknownText: 'Lenken kan være ufullstendig. Sjekk at du kopierte hele lenken fra meldingen du fikk.',
  },
  nn: {
    languageSwitchLabel: 'Språk',
    anonymousHeading: 'Anonymt',
    anonymousText:
      'Svara dine er anonyme. Dei blir lagra utan namnet ditt, kontaktinformasjonen din eller tidspunktet for møtet, og rettleiaren din ser berre resultat når mange nok har svart.',
    notContactText:
      'Denne undersøkinga er ikkje ein måte å kontakte NAV på, og vi kan ikkje svare på det du skriv her. Har du spørsmål om saka di eller vil klage, kontakt NAV på',
    contactLinkText: 'nav.no/kontaktoss',
    requiredNote: 'Alle spørsmåla er frivillige. Svar på dei du vil.',
    submit: 'Send svar',
    errorTitlePrefix: 'Feil',
    errorSummaryHeading: 'Du må rette dette før du sender',
    errorInvalidChoice: 'Vel eitt av alternativa for: {question}',
    errorCommentTooLong: 'Kommentaren din har {length} teikn. Gjer han kortare, høgst {max} teikn.',
    errorNothingAnswered: 'Svar på minst eitt spørsmål før du sender.',
    errorInstrumentChanged: 'Undersøkinga er endra sidan du opna ho. Sjå over svara dine og send på nytt.',
    commentLimit: 'Høgst {max} teikn.',
    thanksTitle: 'Takk for svara dine',
    thanksText: 'Svara dine er lagra anonymt. Dei hjelper NAV å gjere møta betre. Du kan lukke denne sida.',
    answeredTitle: 'Denne undersøkinga er allereie svart på',
    answeredText: 'Vi har allereie fått svar på denne undersøkinga, så ho kan ikkje svarast på ein gong til. Takk for at du deltok.',
    expiredTitle: 'Denne undersøkinga er stengd',
    expiredText: 'Fristen for å svare på denne undersøkinga har gått ut, så ho kan ikkje svarast på lenger. Takk for interessa.',
    unknownTitle: 'Vi fann ikkje denne undersøkinga',
    unknownText: 'Lenkja kan vere ufullstendig. Sjekk at du kopierte heile lenkja frå meldinga du fekk.',
    optoutTitle: 'Ikkje fleire undersøkingar frå NAV om møte',
    optoutText:
      'Viss du ikkje vil ha invitasjonar til å gi tilbakemelding etter møte med NAV, kan du seie nei her. Det gjeld denne e-postadressa eller dette telefonnummeret, og det påverkar ikkje saka di.',
    optoutButton: 'Ikkje send meg undersøkingar',
    optoutDoneTitle: 'Du får ikkje fleire undersøkingar',
    optoutDoneText: 'Vi har registrert at du ikkje vil ha invitasjonar til å gi tilbakemelding etter møte med NAV.',
    optoutUnknownTitle: 'Vi fann ikkje denne lenkja',
    optoutUnknownText: 'Lenkja kan vere ufullstendig. Sjekk at du kopierte heile lenkja frå meldinga du fekk.',
  },
};
