import type { Catalog } from '../i18n/index.ts';

type Key =
  | 'intro'
  | 'privacy'
  | 'newHeading'
  | 'periodLabel'
  | 'tertials'
  | 'months'
  | 'years'
  | 'textLabel'
  | 'textDescription'
  | 'save'
  | 'listHeading'
  | 'noNotes'
  | 'notesFor'
  | 'written'
  | 'changed'
  | 'edit'
  | 'delete'
  | 'editTitle'
  | 'deleteTitle'
  | 'deleteQuestion'
  | 'deleteConfirm'
  | 'cancel'
  | 'deleteAllHeading'
  | 'deleteAllIntro'
  | 'deleteAllLink'
  | 'deleteAllTitle'
  | 'deleteAllQuestion'
  | 'deleteAllConfirm'
  | 'warningHeading'
  | 'warningIntro'
  | 'found_idNumber'
  | 'found_phone'
  | 'found_name'
  | 'found_email'
  | 'found_number'
  | 'warningChoices'
  | 'editText'
  | 'saveAnyway'
  | 'errorHeading'
  | 'field_text'
  | 'field_period'
  | 'badPeriod'
  | 'back';

/** The counselor's private notes (`/me/notes`). */
export const reflectionMessages: Catalog<Key> = {
  nb: {
    intro:
      'Her kan du skrive notater til deg selv om en periode av resultatene dine: hva du merket deg, hva du vil prøve. Bare du kan lese dem.',
    privacy:
      'Notatene lagres kryptert med en nøkkel som er din egen. Ingen andre kan lese dem, heller ikke lederen din eller en administrator. Sletter du et notat, er det borte med en gang.',
    newHeading: 'Skriv et notat',
    periodLabel: 'Periode',
    tertials: 'Tertial',
    months: 'Måned',
    years: 'År',
    textLabel: 'Notat',
    textDescription:
      'Skriv ikke noe som kan peke ut en bruker: ikke fødselsnummer, navn eller telefonnummer. Vi sjekker teksten før den lagres.',
    save: 'Lagre notatet',
    listHeading: 'Notatene dine',
    noNotes: 'Du har ingen notater ennå.',
    notesFor: 'Periode {period}',
    written: 'Skrevet {date}',
    changed: 'endret {date}',
    edit: 'Endre',
    delete: 'Slett',
    editTitle: 'Endre notatet',
    deleteTitle: 'Slett notatet',
    deleteQuestion: 'Vil du slette dette notatet for perioden {period}? Det kan ikke angres.',
    deleteConfirm: 'Ja, slett notatet',
    cancel: 'Avbryt',
    deleteAllHeading: 'Slett alle notatene',
    deleteAllIntro:
      'Du kan slette alle notatene dine på en gang. Da slettes også nøkkelen din, så heller ikke en sikkerhetskopi kan leses.',
    deleteAllLink: 'Slett alle notatene mine',
    deleteAllTitle: 'Slett alle notatene dine',
    deleteAllQuestion: 'Vil du slette alle de {n} notatene dine og nøkkelen din? Det kan ikke angres.',
    deleteAllConfirm: 'Ja, slett alle notatene',
    warningHeading: 'Teksten kan peke ut en person',
    warningIntro: 'Notatet er ikke lagret ennå. Vi fant:',
    found_idNumber: 'et fødselsnummer eller d-nummer',
    found_phone: 'et telefonnummer',
    found_name: 'et navn vi kjenner',
    found_email: 'en e-postadresse',
    found_number: 'et langt nummer',
    warningChoices: 'Du har taushetsplikt. Endre teksten og lagre igjen, eller lagre den som den er.',
    editText: 'Endre teksten',
    saveAnyway: 'Lagre likevel',
    errorHeading: 'Notatet ble ikke lagret',
    field_text: 'Notat',
    field_period: 'Periode',
    badPeriod: 'velg en periode som har begynt, og som resultatene dine fortsatt er lagret for',
    back: 'Tilbake til notatene',
  },
  nn: {
    intro:
      'Her kan du skrive notat til deg sjølv om ein periode av resultata dine: kva du merka deg, kva du vil prøve. Berre du kan lese dei.',
    privacy:
      'Notata blir lagra krypterte med ein nøkkel som er din eigen. Ingen andre kan lese dei, heller ikkje leiaren din eller ein administrator. Slettar du eit notat, er det borte med ein gong.',
    newHeading: 'Skriv eit notat',
    periodLabel: 'Periode',
    tertials: 'Tertial',
    months: 'Månad',
    years: 'År',
    textLabel: 'Notat',
    textDescription:
      'Skriv ikkje noko som kan peike ut ein brukar: ikkje fødselsnummer, namn eller telefonnummer. Vi sjekkar teksten før han blir lagra.',
    save: 'Lagre notatet',
    listHeading: 'Notata dine',
    noNotes: 'Du har ingen notat enno.',
    notesFor: 'Periode {period}',
    written: 'Skrive {date}',
    changed: 'endra {date}',
    edit: 'Endre',
    delete: 'Slett',
    editTitle: 'Endre notatet',
    deleteTitle: 'Slett notatet',
    deleteQuestion: 'Vil du slette dette notatet for perioden {period}? Det kan ikkje angrast.',
    deleteConfirm: 'Ja, slett notatet',
    cancel: 'Avbryt',
    deleteAllHeading: 'Slett alle notata',
    deleteAllIntro:
      'Du kan slette alle notata dine på ein gong. Då blir òg nøkkelen din sletta, så heller ikkje ein tryggingskopi kan lesast.',
    deleteAllLink: 'Slett alle notata mine',
    deleteAllTitle: 'Slett alle notata dine',
    deleteAllQuestion: 'Vil du slette alle dei {n} notata dine og nøkkelen din? Det kan ikkje angrast.',
    deleteAllConfirm: 'Ja, slett alle notata',
    warningHeading: 'Teksten kan peike ut ein person',
    warningIntro: 'Notatet er ikkje lagra enno. Vi fann:',
    found_idNumber: 'eit fødselsnummer eller d-nummer',
    found_phone: 'eit telefonnummer',
    found_name: 'eit namn vi kjenner',
    found_email: 'ei e-postadresse',
    found_number: 'eit langt nummer',
    warningChoices: 'Du har teieplikt. Endre teksten og lagre igjen, eller lagre han som han er.',
    editText: 'Endre teksten',
    saveAnyway: 'Lagre likevel',
    errorHeading: 'Notatet vart ikkje lagra',
    field_text: 'Notat',
    field_period: 'Periode',
    badPeriod: 'vel ein periode som har byrja, og som resultata dine framleis er lagra for',
    back: 'Tilbake til notata',
  },
  en: {
    intro:
      'Here you can write notes to yourself about a period of your results: what you noticed, what you want to try. Only you can read them.',
    privacy:
      'The notes are stored encrypted with a key of your own. Nobody else can read them, not your leader and not an administrator. A note you delete is gone at once.',
    newHeading: 'Write a note',
    periodLabel: 'Period',
    tertials: 'Four-month period',
    months: 'Month',
    years: 'Year',
    textLabel: 'Note',
    textDescription:
      'Write nothing that could point to a user: no national identity number, name or phone number. We check the text before it is saved.',
    save: 'Save the note',
    listHeading: 'Your notes',
    noNotes: 'You have no notes yet.',
    notesFor: 'Period {period}',
    written: 'Written {date}',
    changed: 'changed {date}',
    edit: 'Edit',
    delete: 'Delete',
    editTitle: 'Edit the note',
    deleteTitle: 'Delete the note',
    deleteQuestion: 'Delete this note for the period {period}? This cannot be undone.',
    deleteConfirm: 'Yes, delete the note',
    cancel: 'Cancel',
    deleteAllHeading: 'Delete all notes',
    deleteAllIntro: 'You can delete all your notes at once. Your key is deleted too, so not even a backup can be read.',
    deleteAllLink: 'Delete all my notes',
    deleteAllTitle: 'Delete all your notes',
    deleteAllQuestion: 'Delete all your {n} notes and your key? This cannot be undone.',
    deleteAllConfirm: 'Yes, delete all notes',
    warningHeading: 'The text may point to a person',
    warningIntro: 'The note is not saved yet. We found:',
    found_idNumber: 'a national identity number',
    found_phone: 'a phone number',
    found_name: 'a name we know',
    found_email: 'an e-mail address',
    found_number: 'a long number',
    warningChoices: 'You are bound by confidentiality. Edit the text and save again, or save it as it is.',
    editText: 'Edit the text',
    saveAnyway: 'Save anyway',
    errorHeading: 'The note was not saved',
    field_text: 'Note',
    field_period: 'Period',
    badPeriod: 'choose a period that has begun and whose results are still kept',
    back: 'Back to the notes',
  },
};
