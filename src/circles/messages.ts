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
  | 'area_folketrygdloven'
  | 'area_sosialtjenesteloven'
  | 'area_aap'
  | 'area_dagpenger'
  | 'area_sykepenger'
  | 'area_oppfolging'
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
  | 'summary';

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
    area_folketrygdloven: 'Folketrygdloven',
    area_sosialtjenesteloven: 'Sosialtjenesteloven',
    area_aap: 'AAP',
    area_dagpenger: 'Dagpenger',
    area_sykepenger: 'Sykepenger',
    area_oppfolging: 'Oppfølging',
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
    area_folketrygdloven: 'Folketrygdlova',
    area_sosialtjenesteloven: 'Sosialtenestelova',
    area_aap: 'AAP',
    area_dagpenger: 'Dagpengar',
    area_sykepenger: 'Sjukepengar',
    area_oppfolging: 'Oppfølging',
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
    area_folketrygdloven: 'National Insurance Act',
    area_sosialtjenesteloven: 'Social Services Act',
    area_aap: 'Work assessment allowance (AAP)',
    area_dagpenger: 'Unemployment benefit',
    area_sykepenger: 'Sickness benefit',
    area_oppfolging: 'Follow-up',
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
  },
};
