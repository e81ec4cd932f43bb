import type { Catalog } from '../i18n/index.ts';

type Key =
  | 'intro'
  | 'filters'
  | 'periodKind'
  | 'month'
  | 'tertial'
  | 'period'
  | 'office'
  | 'allOffices'
  | 'show'
  | 'countsHeading'
  | 'channelHeading'
  | 'channelIntro'
  | 'channel'
  | 'channel_in_person'
  | 'channel_phone'
  | 'channel_video'
  | 'channel_digital_dialogue'
  | 'tableCaption'
  | 'unitOrCounselor'
  | 'level'
  | 'levelOffice'
  | 'levelTeam'
  | 'levelCounselor'
  | 'registered'
  | 'invited'
  | 'dispatchShare'
  | 'excluded'
  | 'waiting'
  | 'undelivered'
  | 'channelTotal'
  | 'countsSum'
  | 'answered'
  | 'responseRate'
  | 'answersOpen'
  | 'noData'
  | 'flagsHeading'
  | 'flagsIntro'
  | 'flagsNone'
  | 'flagsCaption'
  | 'metric'
  | 'metricRegistered'
  | 'metricShare'
  | 'observed'
  | 'expected'
  | 'lowerBound'
  | 'ruleHeading'
  | 'rule'
  | 'jsonLink';

export const monitoringMessages: Catalog<Key> = {
  nb: {
    intro:
      'Invitasjoner sendes automatisk til alle som kan inviteres. Her ser du om møter fortsatt registreres og invitasjoner sendes som før, per enhet og veileder. Bare administratorer ser denne siden.',
    filters: 'Velg visning',
    periodKind: 'Periodetype',
    month: 'Måned',
    tertial: 'Tertial',
    period: 'Periode',
    office: 'Kontor',
    allOffices: 'Alle kontorer',
    show: 'Vis',
    countsHeading: 'Møter, invitasjoner og svar',
    channelHeading: 'Etter møteform: {scope}, {period}',
    channelIntro:
      'Hvem svarer? Brukere uten BankID, internett eller norsk svarer sjeldnere, og det synes på møteformen. En lav svarandel betyr ikke at brukerne er fornøyde eller misfornøyde.',
    channel: 'Møteform',
    channel_in_person: 'Fysisk møte',
    channel_phone: 'Telefon',
    channel_video: 'Video',
    channel_digital_dialogue: 'Digital dialog',
    tableCaption: 'Møter, invitasjoner, unntak og svar i {period}',
    unitOrCounselor: 'Enhet eller veileder',
    level: 'Nivå',
    levelOffice: 'Kontor',
    levelTeam: 'Team',
    levelCounselor: 'Veileder',
    registered: 'Møter registrert',
    invited: 'Invitasjoner sendt',
    dispatchShare: 'Andel invitert',
    excluded: 'Unntatt (grunn)',
    waiting: 'Ikke sendt ennå',
    undelivered: 'Ikke levert',
    channelTotal: 'Alle kanaler',
    countsSum:
      'Møter registrert = unntatt + ikke sendt ennå + ikke levert + invitasjoner sendt. Svar er aldri flere enn invitasjoner sendt.',
    answered: 'Svar',
    responseRate: 'Svarandel',
    answersOpen:
      'Perioden er ikke avsluttet. Svar telles bare for måneder der alle svar er kommet inn (til og med {month}); svarandelen vises når perioden avsluttes, {date}.',
    noData: 'Ingen møter registrert i perioden.',
    flagsHeading: 'Til gjennomgang: brå fall i {month}',
    flagsIntro:
      'Et flagg betyr at tallet falt klart under det vanlige nivået for denne enheten eller veilederen. Det er en grunn til å se nærmere etter (ferie og sykefravær gir samme mønster), ikke en konklusjon. Flagg vises bare her, ikke for ledere eller kolleger.',
    flagsNone: 'Ingen flagg denne måneden.',
    flagsCaption: 'Flaggede enheter og veiledere',
    metric: 'Mål',
    metricRegistered: 'Møter registrert',
    metricShare: 'Andel invitert',
    observed: 'Faktisk',
    expected: 'Forventet',
    lowerBound: 'Nedre grense',
    ruleHeading: 'Regelen',
    rule: 'Forventet nivå er medianen av de {months} foregående månedene, justert for sesong med resten av kontoret (for veiledere) eller landet (for team). Flagg når tallet er under forventet minus {band} robuste standardavvik, og fallet er minst {relative} % (møter) eller {share} prosentpoeng (andel invitert). Historikk under {baseline} møter i måneden vurderes ikke.',
    jsonLink: 'Samme tall som JSON',
  },
  nn: {
    intro:
      'Invitasjonar blir sende automatisk til alle som kan inviterast. Her ser du om møte framleis blir registrerte og invitasjonar sende som før, per eining og rettleiar. Berre administratorar ser denne sida.',
    filters: 'Vel vising',
    periodKind: 'Periodetype',
    month: 'Månad',
    tertial: 'Tertial',
    period: 'Periode',
    office: 'Kontor',
    allOffices: 'Alle kontor',
    show: 'Vis',
    countsHeading: 'Møte, invitasjonar og svar',
    channelHeading: 'Etter møteform: {scope}, {period}',
    channelIntro:
      'Kven svarer? Brukarar utan BankID, internett eller norsk svarer sjeldnare, og det syner på møteforma. Ein låg svardel tyder ikkje at brukarane er nøgde eller misnøgde.',
    channel: 'Møteform',
    channel_in_person: 'Fysisk møte',
    channel_phone: 'Telefon',
    channel_video: 'Video',
    channel_digital_dialogue: 'Digital dialog',
    tableCaption: 'Møte, invitasjonar, unntak og svar i {period}',
    unitOrCounselor: 'Eining eller rettleiar',
    level: 'Nivå',
    levelOffice: 'Kontor',
    levelTeam: 'Team',
    levelCounselor: 'Rettleiar',
    registered: 'Møte registrerte',
    invited: 'Invitasjonar sende',
    dispatchShare: 'Del invitert',
    excluded: 'Unnateke (grunn)',
    waiting: 'Ikkje sendt enno',
    undelivered: 'Ikkje levert',
    channelTotal: 'Alle kanalar',
    countsSum:
      'Møte registrerte = unnatekne + ikkje sende enno + ikkje leverte + invitasjonar sende. Svar er aldri fleire enn invitasjonar sende.',
    answered: 'Svar',
    responseRate: 'Svardel',
    answersOpen:
      'Perioden er ikkje avslutta. Svar blir talde berre for månader der alle svar har kome inn (til og med {month}); svardelen blir vist når perioden blir avslutta, {date}.',
    noData: 'Ingen møte registrerte i perioden.',
    flagsHeading: 'Til gjennomgang: brå fall i {month}',
    flagsIntro:
      'Eit flagg tyder at talet fall klart under det vanlege nivået for denne eininga eller rettleiaren. Det er ein grunn til å sjå nærare etter (ferie og sjukefråvær gir same mønster), ikkje ein konklusjon. Flagg blir berre viste her, ikkje for leiarar eller kollegaer.',
    flagsNone: 'Ingen flagg denne månaden.',
    flagsCaption: 'Flagga einingar og rettleiarar',
    metric: 'Mål',
    metricRegistered: 'Møte registrerte',
    metricShare: 'Del invitert',
    observed: 'Faktisk',
    expected: 'Forventa',
    lowerBound: 'Nedre grense',
    ruleHeading: 'Regelen',
    rule: 'Forventa nivå er medianen av dei {months} føregåande månadene, justert for sesong med resten av kontoret (for rettleiarar) eller landet (for team). Flagg når talet er under forventa minus {band} robuste standardavvik, og fallet er minst {relative} % (møte) eller {share} prosentpoeng (del invitert). Historikk under {baseline} møte i månaden blir ikkje vurdert.',
    jsonLink: 'Same tal som JSON',
  },
  en: {
    intro:
      'Invitations go out automatically to everyone eligible. This shows whether meetings are still registered and invitations sent as before, per unit and counselor. Only administrators see this page.',
    filters: 'Choose view',
    periodKind: 'Period type',
    month: 'Month',
    tertial: 'Tertial',
    period: 'Period',
    office: 'Office',
    allOffices: 'All offices',
    show: 'Show',
    countsHeading: 'Meetings, invitations and answers',
    channelHeading: 'By meeting channel: {scope}, {period}',
    channelIntro:
      'Who answers? Users without BankID, internet or Norwegian answer less often, and the channel shows it. A low response rate says nothing about whether users are satisfied.',
    channel: 'Meeting channel',
    channel_in_person: 'In person',
    channel_phone: 'Phone',
    channel_video: 'Video',
    channel_digital_dialogue: 'Digital dialogue',
    tableCaption: 'Meetings, invitations, exclusions and answers in {period}',
    unitOrCounselor: 'Unit or counselor',
    level: 'Level',
    levelOffice: 'Office',
    levelTeam: 'Team',
    levelCounselor: 'Counselor',
    registered: 'Meetings registered',
    invited: 'Invitations sent',
    dispatchShare: 'Share invited',
    excluded: 'Excluded (reason)',
    waiting: 'Not sent yet',
    undelivered: 'Not delivered',
    channelTotal: 'All channels',
    countsSum:
      'Meetings registered = excluded + not sent yet + not delivered + invitations sent. Answers are never more than the invitations sent.',
    answered: 'Answers',
    responseRate: 'Response rate',
    answersOpen:
      'The period has not closed. Answers are counted only for months whose answers are all in (through {month}); the response rate shows once the period closes, on {date}.',
    noData: 'No meetings registered in this period.',
    flagsHeading: 'For review: sharp drops in {month}',
    flagsIntro:
      'A flag means the figure fell clearly below the usual level for this unit or counselor. It is a reason to look closer (holidays and sick leave look the same), not a conclusion. Flags are shown here only, never to leaders or colleagues.',
    flagsNone: 'No flags this month.',
    flagsCaption: 'Flagged units and counselors',
    metric: 'Measure',
    metricRegistered: 'Meetings registered',
    metricShare: 'Share invited',
    observed: 'Observed',
    expected: 'Expected',
    lowerBound: 'Lower bound',
    ruleHeading: 'The rule',
    rule: 'The expected level is the median of the {months} previous months, adjusted for season by the rest of the office (for counselors) or the nation (for teams). A flag is raised when the figure is below expected minus {band} robust standard deviations and the drop is at least {relative} % (meetings) or {share} percentage points (share invited). Histories under {baseline} meetings a month are not judged.',
    jsonLink: 'The same figures as JSON',
  },
};
