import type { Catalog } from '../i18n/index.ts';

type Key =
  | 'intro'
  | 'readOnly'
  | 'noOffice'
  | 'officeHeading'
  | 'none'
  | 'addHeading'
  | 'editHeading'
  | 'office'
  | 'form'
  | 'form_fagmote'
  | 'form_case_forum'
  | 'form_mentor'
  | 'form_course'
  | 'form_peer_supervision'
  | 'form_other'
  | 'title'
  | 'activity'
  | 'ledBy'
  | 'ledByHint'
  | 'targetGroup'
  | 'targetGroupHint'
  | 'date'
  | 'dateCol'
  | 'timeZoneNote'
  | 'areas'
  | 'expected'
  | 'observed'
  | 'observedHint'
  | 'textHint'
  | 'register'
  | 'save'
  | 'edit'
  | 'delete'
  | 'back'
  | 'notYet'
  | 'scrubTitle'
  | 'scrubBody'
  | 'saveAnyway'
  | 'editFirst'
  | 'number'
  | 'period'
  | 'periodHeading'
  | 'periodIntro'
  | 'periodNone'
  | 'registerLink'
  | 'mark'
  | 'chartMarks';

/** The office's competence activities: the register /competence, and their marks on the office report. */
export const competenceMessages: Catalog<Key> = {
  nb: {
    intro:
      'Her registrerer kontorets ledere det kontoret gjør for å lære: fagmøter om regelendringer, saksforum, mentorordning for nyansatte, kurs og kollegaveiledning. Tiltakene vises ved kontorets resultater over tid, som læring ved siden av resultatene – ikke som en rangering.',
    readOnly: 'Du kan lese registeret. Det er kontorets ledere som registrerer og endrer tiltakene.',
    noOffice: 'Du hører ikke til noe kontor, så du har ikke noe register her.',
    officeHeading: 'Kompetansetiltak ved {office}',
    none: 'Ingen tiltak er registrert ennå.',
    addHeading: 'Registrer et tiltak',
    editHeading: 'Endre tiltaket',
    office: 'Kontor',
    form: 'Form',
    form_fagmote: 'Fagmøte',
    form_case_forum: 'Saksforum',
    form_mentor: 'Mentorordning for nyansatte',
    form_course: 'Kurs',
    form_peer_supervision: 'Kollegaveiledning',
    form_other: 'Annet',
    title: 'Tittel',
    activity: 'Tiltak',
    ledBy: 'Hvem leder tiltaket',
    ledByHint: 'Navnet på en kollega eller en rolle, for eksempel «fagkoordinator AAP».',
    targetGroup: 'Målgruppe',
    targetGroupHint: 'For eksempel «alle veiledere» eller «nyansatte i team Ungdom».',
    date: 'Dato (åååå-mm-dd)',
    dateCol: 'Dato',
    timeZoneNote: 'Datoen gjelder i tidssonen {zone}.',
    areas: 'Områder',
    expected: 'Forventet utbytte',
    observed: 'Observert utbytte',
    observedHint: 'Fylles ut senere, når dere har sett hva tiltaket ga.',
    textHint: 'Ingen opplysninger om brukere: ingen fødselsnumre eller telefonnumre (taushetsplikt).',
    register: 'Registrer tiltaket',
    save: 'Lagre endringene',
    edit: 'Endre {title}',
    delete: 'Slett tiltaket',
    back: 'Tilbake til kompetansetiltakene',
    notYet: 'ikke fylt ut ennå',
    scrubTitle: 'Teksten kan inneholde opplysninger om en bruker',
    scrubBody:
      'Det ser ut som {fields} har et fødselsnummer, et telefonnummer, en e-postadresse eller et langt nummer. Husk taushetsplikten. Rediger teksten og lagre på nytt, eller lagre likevel.',
    saveAnyway: 'Lagre likevel',
    editFirst: 'Lagre med endret tekst',
    number: 'Nr.',
    period: 'Periode',
    periodHeading: 'Kompetansetiltak i perioden',
    periodIntro:
      'Kontorets egne tiltak i periodene over, nummerert som merkene i diagrammet: læring ved siden av resultatene, ikke en rangering. Bare kontorets egne ledere og ansatte ser dem.',
    periodNone: 'Ingen tiltak er registrert i disse periodene.',
    registerLink: 'Til kontorets kompetansetiltak',
    mark: 'Tiltak {numbers}',
    chartMarks: 'Kompetansetiltak er merket i periodene de ble holdt.',
  },
  nn: {
    intro:
      'Her registrerer leiarane ved kontoret det kontoret gjer for å lære: fagmøte om regelendringar, saksforum, mentorordning for nytilsette, kurs og kollegarettleiing. Tiltaka blir viste ved resultata til kontoret over tid, som læring ved sida av resultata – ikkje som ei rangering.',
    readOnly: 'Du kan lese registeret. Det er leiarane ved kontoret som registrerer og endrar tiltaka.',
    noOffice: 'Du høyrer ikkje til noko kontor, så du har ikkje noko register her.',
    officeHeading: 'Kompetansetiltak ved {office}',
    none: 'Ingen tiltak er registrerte enno.',
    addHeading: 'Registrer eit tiltak',
    editHeading: 'Endre tiltaket',
    office: 'Kontor',
    form: 'Form',
    form_fagmote: 'Fagmøte',
    form_case_forum: 'Saksforum',
    form_mentor: 'Mentorordning for nytilsette',
    form_course: 'Kurs',
    form_peer_supervision: 'Kollegarettleiing',
    form_other: 'Anna',
    title: 'Tittel',
    activity: 'Tiltak',
    ledBy: 'Kven leier tiltaket',
    ledByHint: 'Namnet på ein kollega eller ei rolle, til dømes «fagkoordinator AAP».',
    targetGroup: 'Målgruppe',
    targetGroupHint: 'Til dømes «alle rettleiarar» eller «nytilsette i team Ungdom».',
    date: 'Dato (åååå-mm-dd)',
    dateCol: 'Dato',
    timeZoneNote: 'Datoen gjeld i tidssona {zone}.',
    areas: 'Område',
    expected: 'Forventa utbyte',
    observed: 'Observert utbyte',
    observedHint: 'Blir fylt ut seinare, når de har sett kva tiltaket gav.',
    textHint: 'Ingen opplysningar om brukarar: ingen fødselsnummer eller telefonnummer (teieplikt).',
    register: 'Registrer tiltaket',
    save: 'Lagre endringane',
    edit: 'Endre {title}',
    delete: 'Slett tiltaket',
    back: 'Tilbake til kompetansetiltaka',
    notYet: 'ikkje fylt ut enno',
    scrubTitle: 'Teksten kan innehalde opplysningar om ein brukar',
    scrubBody:
      'Det ser ut som {fields} har eit fødselsnummer, eit telefonnummer, ei e-postadresse eller eit langt nummer. Hugs teieplikta. Rediger teksten og lagre på nytt, eller lagre likevel.',
    saveAnyway: 'Lagre likevel',
    editFirst: 'Lagre med endra tekst',
    number: 'Nr.',
    period: 'Periode',
    periodHeading: 'Kompetansetiltak i perioden',
    periodIntro:
      'Tiltaka til kontoret i periodane over, nummererte som merka i diagrammet: læring ved sida av resultata, ikkje ei rangering. Berre leiarane og dei tilsette ved kontoret ser dei.',
    periodNone: 'Ingen tiltak er registrerte i desse periodane.',
    registerLink: 'Til kompetansetiltaka til kontoret',
    mark: 'Tiltak {numbers}',
    chartMarks: 'Kompetansetiltak er merkte i periodane dei vart haldne.',
  },
  en: {
    intro:
      'The office’s leaders register here what the office does to learn: office meetings on law changes, case forums, a mentor scheme for new staff, courses and peer supervision. The activities are shown beside the office’s results over time, as learning beside results – not as a ranking.',
    readOnly: 'You can read the register. The office’s leaders register and change the activities.',
    noOffice: 'You do not belong to an office, so there is no register for you here.',
    officeHeading: 'Competence activities at {office}',
    none: 'No activities are registered yet.',
    addHeading: 'Register an activity',
    editHeading: 'Change the activity',
    office: 'Office',
    form: 'Form',
    form_fagmote: 'Office meeting (fagmøte)',
    form_case_forum: 'Case forum',
    form_mentor: 'Mentor scheme for new staff',
    form_course: 'Course',
    form_peer_supervision: 'Peer supervision',
    form_other: 'Other',
    title: 'Title',
    activity: 'Activity',
    ledBy: 'Who leads it',
    ledByHint: 'A colleague’s name or a role, e.g. “AAP specialist”.',
    targetGroup: 'Target group',
    targetGroupHint: 'E.g. “all counselors” or “new staff in Team Ungdom”.',
    date: 'Date (yyyy-mm-dd)',
    dateCol: 'Date',
    timeZoneNote: 'The date is in the time zone {zone}.',
    areas: 'Areas',
    expected: 'Expected outcome',
    observed: 'Observed outcome',
    observedHint: 'Filled in later, once you have seen what the activity gave.',
    textHint: 'Nothing about users: no identity numbers or phone numbers (duty of confidentiality).',
    register: 'Register the activity',
    save: 'Save the changes',
    edit: 'Change {title}',
    delete: 'Delete the activity',
    back: 'Back to the competence activities',
    notYet: 'not filled in yet',
    scrubTitle: 'The text may hold information about a user',
    scrubBody:
      'It looks as if {fields} holds an identity number, a phone number, an e-mail address or a long number. Remember the duty of confidentiality. Edit the text and save again, or save anyway.',
    saveAnyway: 'Save anyway',
    editFirst: 'Save with the edited text',
    number: 'No.',
    period: 'Period',
    periodHeading: 'Competence activities in the period',
    periodIntro:
      'The office’s own activities in the periods above, numbered as the marks in the chart: learning beside results, not a ranking. Only the office’s own leaders and staff see them.',
    periodNone: 'No activities are registered in these periods.',
    registerLink: 'To the office’s competence activities',
    mark: 'Activity {numbers}',
    chartMarks: 'Competence activities are marked in the periods they were held.',
  },
};
