import { translator, type Catalog, type Lang } from '../i18n/index.ts';
import type { ExclusionReason } from './rules.ts';

/**
 * Invitation and reminder texts. Short on purpose: what it is, that it is anonymous and voluntary,
 * that it is not a way to contact NAV, and how to say no to more of them.
 */
type Key = 'inviteSubject' | 'inviteEmail' | 'inviteSms' | 'reminderSubject' | 'reminderEmail' | 'reminderSms';

export const dispatchMessages: Catalog<Key> = {
  en: {
    inviteSubject: 'How was your meeting with NAV?',
    inviteEmail: `Hello,

You recently had a meeting with NAV. We would like to know how it went for you. It takes about two minutes.

Answer here: {link}

The survey is anonymous and voluntary. Your answers cannot be traced back to you, and answering or not does not affect your case. The link works until {expires}.

This is not a way to contact NAV, and you cannot reply to this e-mail. To contact NAV, go to nav.no/kontaktoss.

Do not want questions like this? {optout}`,
    inviteSms:
      'How was your meeting with NAV? Anonymous and voluntary, 2 min: {link} Not a way to contact NAV; do not reply. No more of these: {optout}',
    reminderSubject: 'Reminder: How was your meeting with NAV?',
    reminderEmail: `Hello,

A few days ago we asked how your meeting with NAV went. If you have not answered yet and would like to, you can do so here: {link}

The survey is anonymous and voluntary. This is the only reminder. The link works until {expires}.

This is not a way to contact NAV, and you cannot reply to this e-mail. To contact NAV, go to nav.no/kontaktoss.

Do not want questions like this? {optout}`,
    reminderSms:
      'Reminder: how was your meeting with NAV? Anonymous and voluntary: {link} Not a way to contact NAV; do not reply. No more of these: {optout}',
  },
  nb: {
    inviteSubject: 'Hvordan var møtet ditt med NAV?',
    inviteEmail: `Hei,

Du hadde nylig et møte med NAV. Vi vil gjerne vite hvordan du opplevde det. Det tar omtrent to minutter.

Svar her: {link}

Undersøkelsen er anonym og frivillig. Svarene dine kan ikke spores tilbake til deg, og det påvirker ikke saken din om du svarer eller ikke. Lenken virker til {expires}.

Dette er ikke en måte å kontakte NAV på, og du kan ikke svare på denne e-posten. Vil du kontakte NAV, gå til nav.no/kontaktoss.

Vil du ikke få slike spørsmål? {optout}`,
    inviteSms:
      'Hvordan var møtet ditt med NAV? Anonymt og frivillig, 2 min: {link} Ikke en måte å kontakte NAV på; ikke svar på SMS-en. Ingen flere slike: {optout}',
    reminderSubject: 'Påminnelse: Hvordan var møtet ditt med NAV?',
    reminderEmail: `Hei,

For noen dager siden spurte vi hvordan du opplevde møtet ditt med NAV. Har du ikke svart ennå og vil gjøre det, kan du svare her: {link}

Undersøkelsen er anonym og frivillig. Dette er den eneste påminnelsen. Lenken virker til {expires}.

Dette er ikke en måte å kontakte NAV på, og du kan ikke svare på denne e-posten. Vil du kontakte NAV, gå til nav.no/kontaktoss.

Vil du ikke få slike spørsmål? {optout}`,
    reminderSms:
      'Påminnelse: hvordan var møtet ditt med NAV? Anonymt og frivillig: {link} Ikke en måte å kontakte NAV på; ikke svar på SMS-en. Ingen flere slike: {optout}',
  },
  nn: {
    inviteSubject: 'Korleis var møtet ditt med NAV?',
    inviteEmail: `Hei,

Du hadde nyleg eit møte med NAV. Vi vil gjerne vite korleis du opplevde det. Det tek om lag to minutt.

Svar her: {link}

Undersøkinga er anonym og frivillig. Svara dine kan ikkje sporast tilbake til deg, og det påverkar ikkje saka di om du svarar eller ikkje. Lenka verkar til {expires}.

Dette er ikkje ein måte å kontakte NAV på, og du kan ikkje svare på denne e-posten. Vil du kontakte NAV, gå til nav.no/kontaktoss.

Vil du ikkje få slike spørsmål? {optout}`,
    inviteSms:
      'Korleis var møtet ditt med NAV? Anonymt og frivillig, 2 min: {link} Ikkje ein måte å kontakte NAV på; ikkje svar på SMS-en. Ingen fleire slike: {optout}',
    reminderSubject: 'Påminning: Korleis var møtet ditt med NAV?',
    reminderEmail: `Hei,

For nokre dagar sidan spurde vi korleis du opplevde møtet ditt med NAV. Har du ikkje svart enno og vil gjere det, kan du svare her: {link}

Undersøkinga er anonym og frivillig. Dette er den einaste påminninga. Lenka verkar til {expires}.

Dette er ikkje ein måte å kontakte NAV på, og du kan ikkje svare på denne e-posten. Vil du kontakte NAV, gå til nav.no/kontaktoss.

Vil du ikkje få slike spørsmål? {optout}`,
    reminderSms:
      'Påminning: korleis var møtet ditt med NAV? Anonymt og frivillig: {link} Ikkje ein måte å kontakte NAV på; ikkje svar på SMS-en. Ingen fleire slike: {optout}',
  },
};

const DATE_LOCALES: Record<Lang, string> = { nb: 'nb-NO', nn: 'nn-NO', en: 'en-GB' };

export interface ComposedMessage {
  subject: string;
  text: string;
}

/** The text of one message; e-mail gets a subject, SMS only the text (the subject is kept for the outbox listing). */
export function composeMessage(opts: {
  kind: 'invite' | 'reminder';
  channel: 'email' | 'sms';
  lang: Lang;
  link: string;
  optOutLink: string;
  expiresAt: Date;
  timeZone: string;
}): ComposedMessage {
  const t = translator(dispatchMessages, opts.lang);
  const expires = new Intl.DateTimeFormat(DATE_LOCALES[opts.lang], {
    timeZone: opts.timeZone,
    day: 'numeric',
    month: 'long',
    year: 'numeric',
  }).format(opts.expiresAt);
  const vars = { link: opts.link, optout: opts.optOutLink, expires };
  const subject = t(opts.kind === 'invite' ? 'inviteSubject' : 'reminderSubject');
  const body =
    opts.channel === 'email'
      ? opts.kind === 'invite'
        ? 'inviteEmail'
        : 'reminderEmail'
      : opts.kind === 'invite'
        ? 'inviteSms'
        : 'reminderSms';
  return { subject, text: t(body, vars) };
}

/**
 * Why a meeting got no invitation (dispatch/rules.ts), as every process table names it: monitoring,
 * a unit's response rates and a counselor's own. 'other': a reason the rules no longer name (older data).
 */
export const exclusionReasonLabels: Record<Lang, Record<ExclusionReason | 'other', string>> = {
  nb: {
    sensitive: 'sensitivt møte',
    protected_address: 'skjermet adresse',
    under_18: 'under 18',
    no_contact: 'mangler kontaktinfo',
    too_old: 'registrert for sent',
    opted_out: 'reservert',
    quarantine: 'karantene',
    other: 'annen grunn',
  },
  nn: {
    sensitive: 'sensitivt møte',
    protected_address: 'skjerma adresse',
    under_18: 'under 18',
    no_contact: 'manglar kontaktinfo',
    too_old: 'registrert for seint',
    opted_out: 'reservert',
    quarantine: 'karantene',
    other: 'anna grunn',
  },
  en: {
    sensitive: 'sensitive meeting',
    protected_address: 'protected address',
    under_18: 'under 18',
    no_contact: 'no contact details',
    too_old: 'registered too late',
    opted_out: 'opted out',
    quarantine: 'recontact quarantine',
    other: 'other reason',
  },
};

/** The label of a reason as stored on a meeting; one the rules do not name reads as itself. */
export function exclusionReasonLabel(lang: Lang, reason: string): string {
  const labels = exclusionReasonLabels[lang] as Record<string, string>;
  return labels[reason] ?? reason;
}
