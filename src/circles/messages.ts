import type { Catalog } from '../i18n/index.ts';

type Key =
  | 'intro'
  | 'myGroups'
  | 'noGroups'
  | 'membersCount'
  | 'open'
  | 'leave'
  | 'join'
  | 'otherGroups'
  | 'createHeading'
  | 'createIntro'
  | 'groupName'
  | 'members'
  | 'create'
  | 'upcoming'
  | 'noUpcoming'
  | 'membersHeading'
  | 'planHeading'
  | 'timeZoneNote'
  | 'date'
  | 'starts'
  | 'ends'
  | 'place'
  | 'videoLink'
  | 'placeHint'
  | 'facilitator'
  | 'theme'
  | 'themeHint'
  | 'structure'
  | 'structureNone'
  | 'structure_case'
  | 'structure_feedback_theme'
  | 'structure_rule_or_tool'
  | 'areas'
  | 'plan'
  | 'upcomingHeading'
  | 'pastHeading'
  | 'noSessions'
  | 'cancel'
  | 'cancelled'
  | 'agenda'
  | 'facilitatedBy'
  | 'videoMeeting'
  | 'scrubTitle'
  | 'scrubBody'
  | 'saveAnyway'
  | 'editFirst'
  | 'step_case_presentation'
  | 'step_case_questions'
  | 'step_case_reflection'
  | 'step_case_response'
  | 'step_case_takeaway'
  | 'step_feedback_statement'
  | 'step_feedback_talk'
  | 'step_feedback_try'
  | 'step_rule_what'
  | 'step_rule_practice'
  | 'step_rule_next'
  | 'leadersHeading'
  | 'leadersIntro'
  | 'office'
  | 'period'
  | 'sessionsHeld'
  | 'fewerThan'
  | 'noLedOffices'
  | 'mailSubject'
  | 'mailSubjectCancel'
  | 'mailBody'
  | 'mailBodyCancel'
  | 'summary'
  | 'discussHeading'
  | 'discussIntro'
  | 'discussTo'
  | 'discussChoose'
  | 'discussColleagues'
  | 'discussGroups'
  | 'discussTopic'
  | 'discussTopicHint'
  | 'discussSend'
  | 'discussScrubTitle'
  | 'discussScrubBody'
  | 'discussSendAnyway'
  | 'discussEditFirst'
  | 'discussToMe'
  | 'discussWants'
  | 'discussWantsGroup'
  | 'discussNone'
  | 'discussMarkDone'
  | 'discussMine'
  | 'discussMineItem'
  | 'discussMarkedDone'
  | 'discussOpen'
  | 'discussDoneOf'
  | 'discussWithdraw'
  | 'discussAsked'
  | 'discussNoOne'
  | 'notesHeading'
  | 'notesLink'
  | 'notesIntro'
  | 'notesLabel'
  | 'notesHint'
  | 'notesSave'
  | 'notesNone'
  | 'notesNotYet'
  | 'notesCancelled'
  | 'notesUpdated'
  | 'notesScrubTitle'
  | 'notesScrubBody'
  | 'notesEditFirst'
  | 'sessionTitle'
  | 'backToGroup'
  | 'meHeading'
  | 'meUpcoming'
  | 'colDate'
  | 'colTime'
  | 'colPlace'
  | 'colGroup'
  | 'colTheme'
  | 'meMore';

/** Kollegaveiledning: the pages /groups and /groups/:id, and the calendar e-mail. */
export const circleMessages: Catalog<Key> = {
  nb: {
    intro:
      'En kollegaveiledningsgruppe er 3–8 kolleger på samme kontor, kommunalt og statlig ansatte sammen. Dere planlegger samlinger, og alle med e-postadresse får en kalenderinvitasjon. Det dere skriver her, er gruppens – skriv aldri noe som kan identifisere en bruker.',
    myGroups: 'Mine grupper',
    noGroups: 'Du er ikke med i noen gruppe ennå.',
    membersCount: '{count} medlemmer',
    open: 'Åpne {name}',
    leave: 'Forlat {name}',
    join: 'Bli med i {name}',
    otherGroups: 'Andre grupper på kontoret',
    createHeading: 'Opprett en gruppe',
    createIntro: 'Velg 2–7 kolleger fra kontoret ditt. Du blir selv med, så gruppen får 3–8 medlemmer.',
    groupName: 'Navn på gruppen',
    members: 'Medlemmer',
    create: 'Opprett gruppe',
    upcoming: 'Kommende samlinger',
    noUpcoming: 'Ingen samlinger er planlagt.',
    membersHeading: 'Medlemmer',
    planHeading: 'Planlegg en samling',
    timeZoneNote: 'Tidspunkter er i tidssonen {zone}.',
    date: 'Dato (åååå-mm-dd)',
    starts: 'Starter (tt:mm)',
    ends: 'Slutter (tt:mm)',
    place: 'Sted',
    videoLink: 'Videolenke',
    placeHint: 'Oppgi et sted, en videolenke eller begge.',
    facilitator: 'Leder samtalen',
    theme: 'Tema',
    themeHint: 'Ingen navn, fødselsnumre eller telefonnumre (taushetsplikt).',
    structure: 'Opplegg (valgfritt)',
    structureNone: 'Åpent, uten fast opplegg',
    structure_case: 'Et dilemma fra en sak',
    structure_feedback_theme: 'Et tema fra tilbakemeldingene våre',
    structure_rule_or_tool: 'En ny regel eller et nytt verktøy',
    areas: 'Områder',
    plan: 'Planlegg samlingen',
    upcomingHeading: 'Kommende samlinger',
    pastHeading: 'Tidligere samlinger',
    noSessions: 'Ingen.',
    cancel: 'Avlys samlingen {when}',
    cancelled: 'Avlyst',
    agenda: 'Agenda',
    facilitatedBy: 'Leder samtalen: {name}',
    videoMeeting: 'Videomøte',
    scrubTitle: 'Temaet kan inneholde opplysninger om en person',
    scrubBody:
      'Det ser ut som temaet har et fødselsnummer, et telefonnummer, en e-postadresse eller et navn. Husk taushetsplikten. Rediger temaet og planlegg på nytt, eller lagre likevel.',
    saveAnyway: 'Lagre likevel',
    editFirst: 'Planlegg med endret tema',
    step_case_presentation: 'Saken legges fram',
    step_case_questions: 'Oppklarende spørsmål',
    step_case_reflection: 'En runde med refleksjon',
    step_case_response: 'Saksholderen svarer',
    step_case_takeaway: 'Hva jeg tar med meg',
    step_feedback_statement: 'Utsagnet eller kommentarene vi tar opp',
    step_feedback_talk: 'Hva ligger bak?',
    step_feedback_try: 'Hva vi prøver fram til neste gang',
    step_rule_what: 'Hva er nytt?',
    step_rule_practice: 'Hva betyr det i møtene våre?',
    step_rule_next: 'Spørsmål vi tar videre',
    leadersHeading: 'Samlinger holdt i enhetene du leder',
    leadersIntro: 'Bare antall samlinger per kontor og periode. Ingen navn, temaer eller notater. Færre enn {k} vises ikke som tall.',
    office: 'Kontor',
    period: 'Periode',
    sessionsHeld: 'Samlinger holdt',
    fewerThan: 'færre enn {k}',
    noLedOffices: 'Du leder ingen kontorer.',
    mailSubject: 'Kollegaveiledning {when}: {theme}',
    mailSubjectCancel: 'Avlyst: kollegaveiledning {when}',
    mailBody:
      'Hei {name}!\n\nGruppen {group} har planlagt en samling {when}.\nTema: {theme}\nSted: {where}\nLeder samtalen: {facilitator}\n\nKalenderinvitasjonen ligger ved. Gruppen finner du her: {link}\n\nHilsen Brukerstemme',
    mailBodyCancel:
      'Hei {name}!\n\nSamlingen i gruppen {group} {when} er avlyst. Kalenderfilen som ligger ved, fjerner den fra kalenderen din.\n\nGruppen finner du her: {link}\n\nHilsen Brukerstemme',
    summary: 'Kollegaveiledning: {theme}',
    discussHeading: 'Drøft en sak',
    discussIntro:
      'Be en kollega på kontoret eller en av gruppene dine om en kort samtale. Skriv bare et kort tema, ingen saksopplysninger. Det sendes ingen e-post eller SMS og det er ingen frist: forespørselen står på siden til dem du spør til de markerer den som gjort, og forsvinner av seg selv etter {days} dager.',
    discussTo: 'Hvem vil du drøfte med?',
    discussChoose: 'Velg',
    discussColleagues: 'Kolleger',
    discussGroups: 'Gruppene dine',
    discussTopic: 'Kort tema',
    discussTopicHint: 'Ingen navn, fødselsnumre, telefonnumre eller andre opplysninger om en bruker (taushetsplikt).',
    discussSend: 'Send forespørselen',
    discussScrubTitle: 'Temaet kan inneholde opplysninger om en person',
    discussScrubBody:
      'Det ser ut som temaet har et fødselsnummer, et telefonnummer, en e-postadresse eller et navn. Husk taushetsplikten. Rediger temaet og send på nytt, eller send likevel.',
    discussSendAnyway: 'Send likevel',
    discussEditFirst: 'Send med endret tema',
    discussToMe: 'Noen vil drøfte med deg',
    discussWants: '{name} vil gjerne drøfte: {topic}',
    discussWantsGroup: '{name} vil gjerne drøfte med {group}: {topic}',
    discussNone: 'Ingen forespørsler.',
    discussMarkDone: 'Marker som gjort: {topic}',
    discussMine: 'Forespørslene dine',
    discussMineItem: 'Til {to}: {topic}',
    discussMarkedDone: 'markert som gjort',
    discussOpen: 'ikke markert som gjort ennå',
    discussDoneOf: '{done} av {count} har markert den som gjort',
    discussWithdraw: 'Trekk tilbake: {topic}',
    discussAsked: 'spurt {date}',
    discussNoOne: 'Du har ingen kolleger eller grupper å spørre ennå.',
    notesHeading: 'Gruppens notater',
    notesLink: 'Notater fra samlingen {when}',
    notesIntro:
      'Notatene tilhører gruppen: alle som er med i gruppen nå, kan lese dem og skrive i dem når samlingen har begynt. Lederen og andre utenfor gruppen ser dem ikke.',
    notesLabel: 'Notater',
    notesHint:
      'Skriv aldri noe som kan identifisere en bruker: ingen navn, fødselsnumre, telefonnumre, adresser eller detaljer fra en sak. La feltet stå tomt for å slette notatene.',
    notesSave: 'Lagre notatene',
    notesNone: 'Ingen notater ennå.',
    notesNotYet: 'Notater kan skrives når samlingen har begynt.',
    notesCancelled: 'Samlingen ble avlyst, så den har ingen notater.',
    notesUpdated: 'Sist endret {when} av {name}.',
    notesScrubTitle: 'Notatene kan inneholde opplysninger om en person',
    notesScrubBody:
      'Det ser ut som notatene har et fødselsnummer, et telefonnummer, en e-postadresse eller et navn. Husk taushetsplikten. Rediger og lagre på nytt, eller lagre likevel.',
    notesEditFirst: 'Lagre de endrede notatene',
    sessionTitle: 'Samling {when}',
    backToGroup: 'Tilbake til {name}',
    meHeading: 'Kollegaveiledning',
    meUpcoming: 'Dine kommende samlinger',
    colDate: 'Dato',
    colTime: 'Tid',
    colPlace: 'Sted eller lenke',
    colGroup: 'Gruppe',
    colTheme: 'Tema',
    meMore: 'Alle gruppene dine, samlinger og forespørsler',
  },
  nn: {
    intro:
      'Ei kollegarettleiingsgruppe er 3–8 kollegaer på same kontor, kommunalt og statleg tilsette saman. De planlegg samlingar, og alle med e-postadresse får ein kalenderinvitasjon. Det de skriv her, er gruppa si – skriv aldri noko som kan identifisere ein brukar.',
    myGroups: 'Gruppene mine',
    noGroups: 'Du er ikkje med i noka gruppe enno.',
    membersCount: '{count} medlemmer',
    open: 'Opne {name}',
    leave: 'Gå ut av {name}',
    join: 'Bli med i {name}',
    otherGroups: 'Andre grupper på kontoret',
    createHeading: 'Opprett ei gruppe',
    createIntro: 'Vel 2–7 kollegaer frå kontoret ditt. Du blir sjølv med, så gruppa får 3–8 medlemmer.',
    groupName: 'Namn på gruppa',
    members: 'Medlemmer',
    create: 'Opprett gruppe',
    upcoming: 'Komande samlingar',
    noUpcoming: 'Ingen samlingar er planlagde.',
    membersHeading: 'Medlemmer',
    planHeading: 'Planlegg ei samling',
    timeZoneNote: 'Tidspunkt er i tidssona {zone}.',
    date: 'Dato (åååå-mm-dd)',
    starts: 'Byrjar (tt:mm)',
    ends: 'Sluttar (tt:mm)',
    place: 'Stad',
    videoLink: 'Videolenkje',
    placeHint: 'Oppgi ein stad, ei videolenkje eller begge.',
    facilitator: 'Leier samtalen',
    theme: 'Tema',
    themeHint: 'Ingen namn, fødselsnummer eller telefonnummer (teieplikt).',
    structure: 'Opplegg (valfritt)',
    structureNone: 'Ope, utan fast opplegg',
    structure_case: 'Eit dilemma frå ei sak',
    structure_feedback_theme: 'Eit tema frå tilbakemeldingane våre',
    structure_rule_or_tool: 'Ein ny regel eller eit nytt verktøy',
    areas: 'Område',
    plan: 'Planlegg samlinga',
    upcomingHeading: 'Komande samlingar',
    pastHeading: 'Tidlegare samlingar',
    noSessions: 'Ingen.',
    cancel: 'Avlys samlinga {when}',
    cancelled: 'Avlyst',
    agenda: 'Agenda',
    facilitatedBy: 'Leier samtalen: {name}',
    videoMeeting: 'Videomøte',
    scrubTitle: 'Temaet kan innehalde opplysningar om ein person',
    scrubBody:
      'Det ser ut som temaet har eit fødselsnummer, eit telefonnummer, ei e-postadresse eller eit namn. Hugs teieplikta. Rediger temaet og planlegg på nytt, eller lagre likevel.',
    saveAnyway: 'Lagre likevel',
    editFirst: 'Planlegg med endra tema',
    step_case_presentation: 'Saka blir lagd fram',
    step_case_questions: 'Oppklarande spørsmål',
    step_case_reflection: 'Ein runde med refleksjon',
    step_case_response: 'Saksinnehavaren svarar',
    step_case_takeaway: 'Kva eg tek med meg',
    step_feedback_statement: 'Utsegna eller kommentarane vi tek opp',
    step_feedback_talk: 'Kva ligg bak?',
    step_feedback_try: 'Kva vi prøver fram til neste gong',
    step_rule_what: 'Kva er nytt?',
    step_rule_practice: 'Kva betyr det i møta våre?',
    step_rule_next: 'Spørsmål vi tek vidare',
    leadersHeading: 'Samlingar haldne i einingane du leier',
    leadersIntro: 'Berre talet på samlingar per kontor og periode. Ingen namn, tema eller notat. Færre enn {k} blir ikkje viste som tal.',
    office: 'Kontor',
    period: 'Periode',
    sessionsHeld: 'Samlingar haldne',
    fewerThan: 'færre enn {k}',
    noLedOffices: 'Du leier ingen kontor.',
    mailSubject: 'Kollegarettleiing {when}: {theme}',
    mailSubjectCancel: 'Avlyst: kollegarettleiing {when}',
    mailBody:
      'Hei {name}!\n\nGruppa {group} har planlagt ei samling {when}.\nTema: {theme}\nStad: {where}\nLeier samtalen: {facilitator}\n\nKalenderinvitasjonen ligg ved. Gruppa finn du her: {link}\n\nHelsing Brukerstemme',
    mailBodyCancel:
      'Hei {name}!\n\nSamlinga i gruppa {group} {when} er avlyst. Kalenderfila som ligg ved, fjernar ho frå kalenderen din.\n\nGruppa finn du her: {link}\n\nHelsing Brukerstemme',
    summary: 'Kollegarettleiing: {theme}',
    discussHeading: 'Drøft ei sak',
    discussIntro:
      'Be ein kollega på kontoret eller ei av gruppene dine om ein kort samtale. Skriv berre eit kort tema, ingen saksopplysningar. Det blir ikkje sendt e-post eller SMS og det er inga frist: førespurnaden står på sida til dei du spør til dei markerer han som gjort, og forsvinn av seg sjølv etter {days} dagar.',
    discussTo: 'Kven vil du drøfte med?',
    discussChoose: 'Vel',
    discussColleagues: 'Kollegaer',
    discussGroups: 'Gruppene dine',
    discussTopic: 'Kort tema',
    discussTopicHint: 'Ingen namn, fødselsnummer, telefonnummer eller andre opplysningar om ein brukar (teieplikt).',
    discussSend: 'Send førespurnaden',
    discussScrubTitle: 'Temaet kan innehalde opplysningar om ein person',
    discussScrubBody:
      'Det ser ut som temaet har eit fødselsnummer, eit telefonnummer, ei e-postadresse eller eit namn. Hugs teieplikta. Rediger temaet og send på nytt, eller send likevel.',
    discussSendAnyway: 'Send likevel',
    discussEditFirst: 'Send med endra tema',
    discussToMe: 'Nokon vil drøfte med deg',
    discussWants: '{name} vil gjerne drøfte: {topic}',
    discussWantsGroup: '{name} vil gjerne drøfte med {group}: {topic}',
    discussNone: 'Ingen førespurnader.',
    discussMarkDone: 'Marker som gjort: {topic}',
    discussMine: 'Førespurnadene dine',
    discussMineItem: 'Til {to}: {topic}',
    discussMarkedDone: 'markert som gjort',
    discussOpen: 'ikkje markert som gjort enno',
    discussDoneOf: '{done} av {count} har markert han som gjort',
    discussWithdraw: 'Trekk tilbake: {topic}',
    discussAsked: 'spurt {date}',
    discussNoOne: 'Du har ingen kollegaer eller grupper å spørje enno.',
    notesHeading: 'Notata til gruppa',
    notesLink: 'Notat frå samlinga {when}',
    notesIntro:
      'Notata høyrer til gruppa: alle som er med i gruppa no, kan lese dei og skrive i dei når samlinga har byrja. Leiaren og andre utanfor gruppa ser dei ikkje.',
    notesLabel: 'Notat',
    notesHint:
      'Skriv aldri noko som kan identifisere ein brukar: ingen namn, fødselsnummer, telefonnummer, adresser eller detaljar frå ei sak. La feltet stå tomt for å slette notata.',
    notesSave: 'Lagre notata',
    notesNone: 'Ingen notat enno.',
    notesNotYet: 'Notat kan skrivast når samlinga har byrja.',
    notesCancelled: 'Samlinga vart avlyst, så ho har ingen notat.',
    notesUpdated: 'Sist endra {when} av {name}.',
    notesScrubTitle: 'Notata kan innehalde opplysningar om ein person',
    notesScrubBody:
      'Det ser ut som notata har eit fødselsnummer, eit telefonnummer, ei e-postadresse eller eit namn. Hugs teieplikta. Rediger og lagre på nytt, eller lagre likevel.',
    notesEditFirst: 'Lagre dei endra notata',
    sessionTitle: 'Samling {when}',
    backToGroup: 'Tilbake til {name}',
    meHeading: 'Kollegarettleiing',
    meUpcoming: 'Dei komande samlingane dine',
    colDate: 'Dato',
    colTime: 'Tid',
    colPlace: 'Stad eller lenkje',
    colGroup: 'Gruppe',
    colTheme: 'Tema',
    meMore: 'Alle gruppene dine, samlingar og førespurnader',
  },
  en: {
    intro:
      'A kollegaveiledning (peer supervision) group is 3–8 colleagues of one office, municipal and state staff alike. You plan sessions, and everyone with an e-mail address gets a calendar invitation. What you write here is the group’s – never write anything that could identify a user.',
    myGroups: 'My groups',
    noGroups: 'You are not in any group yet.',
    membersCount: '{count} members',
    open: 'Open {name}',
    leave: 'Leave {name}',
    join: 'Join {name}',
    otherGroups: 'Other groups in the office',
    createHeading: 'Create a group',
    createIntro: 'Pick 2–7 colleagues from your office. You are a member yourself, so the group has 3–8 members.',
    groupName: 'Name of the group',
    members: 'Members',
    create: 'Create group',
    upcoming: 'Coming sessions',
    noUpcoming: 'No sessions are planned.',
    membersHeading: 'Members',
    planHeading: 'Plan a session',
    timeZoneNote: 'Times are in the time zone {zone}.',
    date: 'Date (yyyy-mm-dd)',
    starts: 'Starts (hh:mm)',
    ends: 'Ends (hh:mm)',
    place: 'Place',
    videoLink: 'Video link',
    placeHint: 'Give a place, a video link or both.',
    facilitator: 'Facilitator',
    theme: 'Theme',
    themeHint: 'No names, identity numbers or phone numbers (duty of confidentiality).',
    structure: 'Structure (optional)',
    structureNone: 'Open, no set structure',
    structure_case: 'A dilemma from a case',
    structure_feedback_theme: 'A theme from our feedback',
    structure_rule_or_tool: 'A new rule or tool',
    areas: 'Areas',
    plan: 'Plan the session',
    upcomingHeading: 'Coming sessions',
    pastHeading: 'Past sessions',
    noSessions: 'None.',
    cancel: 'Cancel the session on {when}',
    cancelled: 'Cancelled',
    agenda: 'Agenda',
    facilitatedBy: 'Facilitator: {name}',
    videoMeeting: 'Video meeting',
    scrubTitle: 'The theme may hold details about a person',
    scrubBody:
      'The theme seems to hold an identity number, a phone number, an e-mail address or a name. Mind the duty of confidentiality. Edit the theme and plan again, or save anyway.',
    saveAnyway: 'Save anyway',
    editFirst: 'Plan with the edited theme',
    step_case_presentation: 'The case is presented',
    step_case_questions: 'Clarifying questions',
    step_case_reflection: 'A round of reflection',
    step_case_response: 'The case owner responds',
    step_case_takeaway: 'What I take with me',
    step_feedback_statement: 'The statement or comments we bring',
    step_feedback_talk: 'What lies behind it?',
    step_feedback_try: 'What we try until next time',
    step_rule_what: 'What is new?',
    step_rule_practice: 'What does it mean in our meetings?',
    step_rule_next: 'Questions we take further',
    leadersHeading: 'Sessions held in the units you lead',
    leadersIntro: 'Only the number of sessions per office and period. No names, themes or notes. Fewer than {k} is not shown as a number.',
    office: 'Office',
    period: 'Period',
    sessionsHeld: 'Sessions held',
    fewerThan: 'fewer than {k}',
    noLedOffices: 'You lead no office.',
    mailSubject: 'Peer supervision {when}: {theme}',
    mailSubjectCancel: 'Cancelled: peer supervision {when}',
    mailBody:
      'Hello {name},\n\nThe group {group} has planned a session on {when}.\nTheme: {theme}\nPlace: {where}\nFacilitator: {facilitator}\n\nThe calendar invitation is attached. The group is here: {link}\n\nBrukerstemme',
    mailBodyCancel:
      'Hello {name},\n\nThe session of the group {group} on {when} is cancelled. The attached calendar file removes it from your calendar.\n\nThe group is here: {link}\n\nBrukerstemme',
    summary: 'Peer supervision: {theme}',
    discussHeading: 'Discuss a matter',
    discussIntro:
      'Ask a colleague in your office or one of your groups for a short talk. Write only a short topic, no case details. No e-mail or text message is sent and there is no deadline: the request shows on the page of those you ask until they mark it done, and disappears by itself after {days} days.',
    discussTo: 'Whom would you like to discuss with?',
    discussChoose: 'Choose',
    discussColleagues: 'Colleagues',
    discussGroups: 'Your groups',
    discussTopic: 'Short topic',
    discussTopicHint: 'No names, identity numbers, phone numbers or other details about a user (duty of confidentiality).',
    discussSend: 'Send the request',
    discussScrubTitle: 'The topic may hold details about a person',
    discussScrubBody:
      'The topic seems to hold an identity number, a phone number, an e-mail address or a name. Mind the duty of confidentiality. Edit the topic and send again, or send anyway.',
    discussSendAnyway: 'Send anyway',
    discussEditFirst: 'Send with the edited topic',
    discussToMe: 'Someone would like to discuss with you',
    discussWants: '{name} would like to discuss: {topic}',
    discussWantsGroup: '{name} would like to discuss with {group}: {topic}',
    discussNone: 'No requests.',
    discussMarkDone: 'Mark as done: {topic}',
    discussMine: 'Your requests',
    discussMineItem: 'To {to}: {topic}',
    discussMarkedDone: 'marked done',
    discussOpen: 'not marked done yet',
    discussDoneOf: '{done} of {count} have marked it done',
    discussWithdraw: 'Withdraw: {topic}',
    discussAsked: 'asked {date}',
    discussNoOne: 'You have no colleagues or groups to ask yet.',
    notesHeading: 'The group’s notes',
    notesLink: 'Notes of the session on {when}',
    notesIntro:
      'The notes belong to the group: everyone in the group now can read them and write in them once the session has begun. The leader and others outside the group do not see them.',
    notesLabel: 'Notes',
    notesHint:
      'Never write anything that could identify a user: no names, identity numbers, phone numbers, addresses or details of a case. Leave the field empty to delete the notes.',
    notesSave: 'Save the notes',
    notesNone: 'No notes yet.',
    notesNotYet: 'Notes can be written once the session has begun.',
    notesCancelled: 'The session was cancelled, so it has no notes.',
    notesUpdated: 'Last changed {when} by {name}.',
    notesScrubTitle: 'The notes may hold details about a person',
    notesScrubBody:
      'The notes seem to hold an identity number, a phone number, an e-mail address or a name. Mind the duty of confidentiality. Edit and save again, or save anyway.',
    notesEditFirst: 'Save the edited notes',
    sessionTitle: 'Session on {when}',
    backToGroup: 'Back to {name}',
    meHeading: 'Peer supervision',
    meUpcoming: 'Your coming sessions',
    colDate: 'Date',
    colTime: 'Time',
    colPlace: 'Place or link',
    colGroup: 'Group',
    colTheme: 'Theme',
    meMore: 'All your groups, sessions and requests',
  },
};
