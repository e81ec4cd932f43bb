import type { Catalog, Lang } from '../i18n/index.ts';

type Key =
  | 'analysisIntro'
  | 'meIntro'
  | 'periodAndInstrument'
  | 'periodYear'
  | 'periodTertial'
  | 'periodNav'
  | 'periodOpen'
  | 'suppressedControl'
  | 'suppressedOpen'
  | 'rowRuleOffice'
  | 'rowRuleOwn'
  | 'noOfficeRows'
  | 'droppedSparse'
  | 'mergedNote'
  | 'computedAt'
  | 'itemsNav'
  | 'office'
  | 'you'
  | 'n'
  | 'rawMean'
  | 'adjustedMean'
  | 'estimate'
  | 'interval'
  | 'reliability'
  | 'comparison'
  | 'higher'
  | 'lower'
  | 'notDifferent'
  | 'suppressed'
  | 'lowReliability'
  | 'reliabilityUnknown'
  | 'columnsNote'
  | 'orderNote'
  | 'referenceNote'
  | 'noShrinkage'
  | 'noOfficeVariance'
  | 'modelHeading'
  | 'modelIntro'
  | 'covariate'
  | 'coefficient'
  | 'standardError'
  | 'pValue'
  | 'droppedHeading'
  | 'droppedConstant'
  | 'droppedCollinear'
  | 'mattered'
  | 'betweenRatio'
  | 'rankCorrelation'
  | 'flagChanges'
  | 'variances'
  | 'answersFor07'
  | 'modelIntroNested'
  | 'variancesNested'
  | 'officeMeaning'
  | 'innsatsHeading'
  | 'innsatsNote'
  | 'innsatsChange'
  | 'withInnsats'
  | 'unavailable'
  | 'noData'
  | 'noDataPeriod'
  | 'jsonLink'
  | 'chartTitle'
  | 'chartDescription'
  | 'chartReference'
  | 'scaleNote'
  | 'yourAdjustment'
  | 'detailsSummary'
  | 'tableRegion'
  | 'low';

export const fairnessMessages: Catalog<Key> = {
  nb: {
    analysisIntro:
      'Brukerne fordeles ikke tilfeldig: et kontor med mange brukere som nylig har fått avslag, får lavere svar av grunner som ikke har med veiledningen å gjøre. Her står rå gjennomsnitt og gjennomsnitt justert for brukersammensetning side om side, med usikkerhet og reliabilitet. Et kontor merkes som forskjellig bare når intervallet ikke dekker landsnivået.',
    meIntro:
      'Brukerne du møter, er ikke et tilfeldig utvalg: noen har nettopp fått avslag, noen trenger tolk. Derfor er tallet ditt justert som om du møtte de samme brukerne som landet gjør. Bare du ser denne siden, og det er ingen rangering.',
    periodAndInstrument: '{period} · {instrument} · modellen er tilpasset på alle svar i landet for denne perioden og denne versjonen.',
    periodYear: 'År {year}',
    periodTertial: '{tertial}. tertial {year}',
    periodNav: 'Velg periode',
    periodOpen:
      '{period} er ikke avsluttet ennå. Tall og modell vises først når alle svar for perioden er kommet inn, fra {date}: tall som endrer seg med hvert nytt svar, kunne vise det enkelte svaret.',
    suppressedControl: 'Holdes tilbake, som i grupperapportene',
    suppressedOpen: 'Perioden er ikke avsluttet',
    rowRuleOffice:
      'Et kontor står med tall bare der grupperapportene viser kontorets tall for samme periode og utsagn: minst {k} svar fra minst {m} veiledere, og ikke holdt tilbake for at tallet ikke skal kunne regnes ut fra andre tall. Modellen er likevel tilpasset på alle kontorer.',
    rowRuleOwn: 'Ditt tall vises bare der det også vises for deg under Mine resultater for samme periode.',
    noOfficeRows:
      'Kontortall vises bare for det nasjonale spørreskjemaet, som grupperapportenes personvernkontroll dekker. Modellen vises.',
    computedAt: 'Tallene bygger på statistikken slik den var {time}.',
    itemsNav: 'Velg utsagn',
    office: 'Kontor',
    you: 'Deg',
    n: 'Antall svar',
    rawMean: 'Rått gjennomsnitt',
    adjustedMean: 'Justert gjennomsnitt',
    estimate: 'Estimat (justert, krympet)',
    interval: '95 %-intervall',
    reliability: 'Reliabilitet',
    comparison: 'Sammenlignet med landet',
    higher: 'Høyere enn landet',
    lower: 'Lavere enn landet',
    notDifferent: 'Ikke sikker forskjell',
    suppressed: 'For få svar (under {k})',
    lowReliability: 'Lav: reliabilitet under {r}, tallet er usikkert.',
    reliabilityUnknown: 'ukjent',
    columnsNote:
      'Justert gjennomsnitt: det rå gjennomsnittet flyttet til landets brukersammensetning. Estimatet er i tillegg trukket mot landsnivået etter hvor mange svar det bygger på (krymping), og intervallet viser usikkerheten.',
    orderNote: 'Kontorene står alfabetisk, ikke etter resultat.',
    referenceNote: 'Landsnivå med landets brukersammensetning: {value}.',
    noShrinkage: 'For få kontorer i landet til å anslå forskjellen mellom kontorer: justert, men ikke krympet, og uten reliabilitet.',
    noOfficeVariance:
      'Modellen finner ingen forskjell mellom kontorene utover det tilfeldigheter blant veilederne og brukerne gir. Derfor får alle kontorer landsnivået, og ingen merkes.',
    modelHeading: 'Modellen: hva det er justert for',
    modelIntro:
      'Lineær blandet modell med tilfeldig konstantledd per enhet (REML), tilpasset på {answers} svar i {units} enheter. Koeffisientene er i skalapoeng sammenlignet med referansegruppen (30–39 år, uten ytelse, uten avslag, uten tolk, ikke første møte, møte ansikt til ansikt).',
    covariate: 'Forhold ved brukeren',
    coefficient: 'Koeffisient',
    standardError: 'Standardfeil',
    pValue: 'p-verdi',
    droppedHeading: 'Ikke med i modellen for denne perioden',
    droppedSparse: 'slått sammen med referansegruppen fordi for få svar i landet har dette (det trengs {min}, og like mange uten)',
    mergedNote:
      'Et forhold som er slått sammen med referansegruppen, får ingen egen koeffisient: svarene teller som referansegruppens. En koeffisient fra færre enn {min} svar kunne vise hva enkeltbrukere svarte.',
    droppedConstant: 'ingen svar i perioden har dette (eller alle har det)',
    droppedCollinear: 'følger av andre forhold',
    mattered: 'Justeringen flyttet enhetene typisk {sd} skalapoeng (standardavvik), høyst {max}.',
    betweenRatio: 'Variansen mellom enheter etter justering er {ratio} av variansen uten justering.',
    rankCorrelation: 'Rangkorrelasjon mellom estimater med og uten justering: {value}.',
    flagChanges: 'Enheter som endret merking (forskjellig fra landet) ved justering: {count}.',
    variances: 'Varians mellom enheter {between}, innenfor enheter {within}.',
    answersFor07: 'Svar en veileder trenger for reliabilitet 0,7: {n}.',
    modelIntroNested:
      'Lineær blandet modell med tilfeldig konstantledd for kontor og for veileder innen kontor (REML), tilpasset på {answers} svar. Koeffisientene er i skalapoeng sammenlignet med referansegruppen (30–39 år, uten ytelse, uten avslag, uten tolk, ikke første møte, møte ansikt til ansikt).',
    variancesNested:
      'Varians mellom kontorer {office}, mellom veiledere på samme kontor {counselor}, mellom svar til samme veileder {within}.',
    officeMeaning:
      'Et kontors tall er kontorets eget nivå, når det er tatt hensyn til hvem brukerne er og til tilfeldigheter blant veilederne. Et kontor med få veiledere får derfor et bredere intervall enn antall svar alene skulle tilsi.',
    innsatsHeading: 'Innsatsgruppe vises for seg',
    innsatsNote:
      'Innsatsgruppen settes av veilederen selv og kan derfor påvirkes av den som vurderes. Den er ikke med i justeringen over. Tatt med ville den flyttet enhetene typisk {sd} skalapoeng, høyst {max}.',
    innsatsChange: 'Koeffisienter for innsatsgruppe om den tas med:',
    withInnsats: 'Justert også for innsatsgruppe',
    unavailable: 'Ingen modell for dette utsagnet ennå ({reason}).',
    noData: 'Ingen svar å sammenligne ennå.',
    noDataPeriod: 'Ingen svar å sammenligne for {period}. Velg en annen periode.',
    jsonLink: 'Samme tall som JSON',
    chartTitle: 'Estimater med 95 %-intervall',
    chartDescription:
      'Punkt: justert og krympet estimat. Strek: intervall. Rute: rått gjennomsnitt. Loddrett linje: landsnivå. Samme tall står i tabellen.',
    chartReference: 'Landsnivå',
    scaleNote: 'Skala 1 (helt uenig) til 6 (helt enig).',
    yourAdjustment: 'Justeringen for din brukersammensetning: {value} skalapoeng.',
    detailsSummary: 'Slik er det regnet ut: tallene og modellen',
    tableRegion: 'Tabell: {label}',
    low: 'Lav',
  },
  nn: {
    analysisIntro:
      'Brukarane blir ikkje fordelte tilfeldig: eit kontor med mange brukarar som nyleg har fått avslag, får lågare svar av grunnar som ikkje har med rettleiinga å gjere. Her står rå gjennomsnitt og gjennomsnitt justert for brukarsamansetjing side om side, med uvisse og reliabilitet. Eit kontor blir merkt som ulikt berre når intervallet ikkje dekkjer landsnivået.',
    meIntro:
      'Brukarane du møter, er ikkje eit tilfeldig utval: nokre har nett fått avslag, nokre treng tolk. Difor er talet ditt justert som om du møtte dei same brukarane som landet gjer. Berre du ser denne sida, og det er inga rangering.',
    periodAndInstrument: '{period} · {instrument} · modellen er tilpassa på alle svar i landet for denne perioden og denne versjonen.',
    periodYear: 'År {year}',
    periodTertial: '{tertial}. tertial {year}',
    periodNav: 'Vel periode',
    periodOpen:
      '{period} er ikkje avslutta enno. Tal og modell blir viste først når alle svar for perioden har kome inn, frå {date}: tal som endrar seg med kvart nytt svar, kunne vise det einskilde svaret.',
    suppressedControl: 'Blir halde tilbake, som i grupperapportane',
    suppressedOpen: 'Perioden er ikkje avslutta',
    rowRuleOffice:
      'Eit kontor står med tal berre der grupperapportane viser talet for kontoret for same periode og utsegn: minst {k} svar frå minst {m} rettleiarar, og ikkje halde tilbake for at talet ikkje skal kunne reknast ut frå andre tal. Modellen er likevel tilpassa på alle kontor.',
    rowRuleOwn: 'Talet ditt blir berre vist der det også blir vist for deg under Resultata mine for same periode.',
    noOfficeRows:
      'Kontortal blir berre viste for det nasjonale spørjeskjemaet, som personvernkontrollen i grupperapportane dekkjer. Modellen blir vist.',
    computedAt: 'Tala byggjer på statistikken slik han var {time}.',
    itemsNav: 'Vel utsegn',
    office: 'Kontor',
    you: 'Deg',
    n: 'Tal på svar',
    rawMean: 'Rått gjennomsnitt',
    adjustedMean: 'Justert gjennomsnitt',
    estimate: 'Estimat (justert, krympa)',
    interval: '95 %-intervall',
    reliability: 'Reliabilitet',
    comparison: 'Samanlikna med landet',
    higher: 'Høgare enn landet',
    lower: 'Lågare enn landet',
    notDifferent: 'Ikkje sikker skilnad',
    suppressed: 'For få svar (under {k})',
    lowReliability: 'Låg: reliabilitet under {r}, talet er usikkert.',
    reliabilityUnknown: 'ukjend',
    columnsNote:
      'Justert gjennomsnitt: det rå gjennomsnittet flytt til brukarsamansetjinga i landet. Estimatet er i tillegg trekt mot landsnivået etter kor mange svar det byggjer på (krymping), og intervallet viser uvissa.',
    orderNote: 'Kontora står alfabetisk, ikkje etter resultat.',
    referenceNote: 'Landsnivå med brukarsamansetjinga i landet: {value}.',
    noShrinkage: 'For få kontor i landet til å anslå skilnaden mellom kontor: justert, men ikkje krympa, og utan reliabilitet.',
    noOfficeVariance:
      'Modellen finn ingen skilnad mellom kontora utover det tilfeldigheiter blant rettleiarane og brukarane gir. Difor får alle kontor landsnivået, og ingen vert merkte.',
    modelHeading: 'Modellen: kva det er justert for',
    modelIntro:
      'Lineær blanda modell med tilfeldig konstantledd per eining (REML), tilpassa på {answers} svar i {units} einingar. Koeffisientane er i skalapoeng samanlikna med referansegruppa (30–39 år, utan yting, utan avslag, utan tolk, ikkje første møte, møte andlet til andlet).',
    covariate: 'Forhold ved brukaren',
    coefficient: 'Koeffisient',
    standardError: 'Standardfeil',
    pValue: 'p-verdi',
    droppedHeading: 'Ikkje med i modellen for denne perioden',
    droppedSparse: 'slått saman med referansegruppa fordi for få svar i landet har dette (det trengst {min}, og like mange utan)',
    mergedNote:
      'Eit forhold som er slått saman med referansegruppa, får ingen eigen koeffisient: svara tel som svara i referansegruppa. Ein koeffisient frå færre enn {min} svar kunne vise kva einskilde brukarar svarte.',
    droppedConstant: 'ingen svar i perioden har dette (eller alle har det)',
    droppedCollinear: 'følgjer av andre forhold',
    mattered: 'Justeringa flytte einingane typisk {sd} skalapoeng (standardavvik), høgst {max}.',
    betweenRatio: 'Variansen mellom einingar etter justering er {ratio} av variansen utan justering.',
    rankCorrelation: 'Rangkorrelasjon mellom estimat med og utan justering: {value}.',
    flagChanges: 'Einingar som endra merking (ulik landet) ved justering: {count}.',
    variances: 'Varians mellom einingar {between}, innanfor einingar {within}.',
    answersFor07: 'Svar ein rettleiar treng for reliabilitet 0,7: {n}.',
    modelIntroNested:
      'Lineær blanda modell med tilfeldig konstantledd for kontor og for rettleiar innan kontor (REML), tilpassa på {answers} svar. Koeffisientane er i skalapoeng samanlikna med referansegruppa (30–39 år, utan yting, utan avslag, utan tolk, ikkje første møte, møte andlet til andlet).',
    variancesNested:
      'Varians mellom kontor {office}, mellom rettleiarar på same kontor {counselor}, mellom svar til same rettleiar {within}.',
    officeMeaning:
      'Eit kontors tal er kontorets eige nivå, når det er teke omsyn til kven brukarane er og til tilfeldigheiter blant rettleiarane. Eit kontor med få rettleiarar får difor eit breiare intervall enn talet på svar åleine skulle tilseie.',
    innsatsHeading: 'Innsatsgruppe blir vist for seg',
    innsatsNote:
      'Innsatsgruppa blir sett av rettleiaren sjølv og kan difor påverkast av den som blir vurdert. Ho er ikkje med i justeringa over. Teken med ville ho flytt einingane typisk {sd} skalapoeng, høgst {max}.',
    innsatsChange: 'Koeffisientar for innsatsgruppe om ho blir teken med:',
    withInnsats: 'Justert også for innsatsgruppe',
    unavailable: 'Ingen modell for denne utsegna enno ({reason}).',
    noData: 'Ingen svar å samanlikne enno.',
    noDataPeriod: 'Ingen svar å samanlikne for {period}. Vel ein annan periode.',
    jsonLink: 'Same tal som JSON',
    chartTitle: 'Estimat med 95 %-intervall',
    chartDescription:
      'Punkt: justert og krympa estimat. Strek: intervall. Rute: rått gjennomsnitt. Loddrett linje: landsnivå. Same tal står i tabellen.',
    chartReference: 'Landsnivå',
    scaleNote: 'Skala 1 (heilt usamd) til 6 (heilt samd).',
    yourAdjustment: 'Justeringa for brukarsamansetjinga di: {value} skalapoeng.',
    detailsSummary: 'Slik er det rekna ut: tala og modellen',
    tableRegion: 'Tabell: {label}',
    low: 'Låg',
  },
  en: {
    analysisIntro:
      'Users are not assigned at random: an office with many users who were just refused a benefit scores lower for reasons that have nothing to do with its counseling. Raw means and means adjusted for case mix stand side by side here, with uncertainty and reliability. An office is marked as different only when its interval excludes the national level.',
    meIntro:
      'The users you meet are not a random sample: some have just been refused a benefit, some need an interpreter. So your figure is adjusted as if you met the same users as the nation does. Only you see this page, and there is no ranking.',
    periodAndInstrument: '{period} · {instrument} · the model is fitted on every answer in the country for this period and version.',
    periodYear: 'Year {year}',
    periodTertial: 'Tertial {tertial} of {year}',
    periodNav: 'Choose a period',
    periodOpen:
      '{period} has not closed yet. Figures and the model are shown once all its answers are in, from {date}: figures that change with each new answer could reveal that answer.',
    suppressedControl: 'Withheld, as in the group reports',
    suppressedOpen: 'The period has not closed',
    rowRuleOffice:
      'An office has figures only where the group reports show its figure for the same period and statement: at least {k} answers from at least {m} counselors, and not withheld to keep it from being worked out from other figures. The model is still fitted on every office.',
    rowRuleOwn: 'Your figure is shown only where it is also shown to you under My results for the same period.',
    noOfficeRows:
      'Office figures are shown only for the national instrument, which the disclosure control of the group reports covers. The model is shown.',
    computedAt: 'Figures from the statistics as of {time}.',
    itemsNav: 'Choose a statement',
    office: 'Office',
    you: 'You',
    n: 'Answers',
    rawMean: 'Raw mean',
    adjustedMean: 'Adjusted mean',
    estimate: 'Estimate (adjusted, shrunken)',
    interval: '95 % interval',
    reliability: 'Reliability',
    comparison: 'Compared with the nation',
    higher: 'Higher than the nation',
    lower: 'Lower than the nation',
    notDifferent: 'No clear difference',
    suppressed: 'Too few answers (under {k})',
    lowReliability: 'Low: reliability under {r}, the figure is uncertain.',
    reliabilityUnknown: 'unknown',
    columnsNote:
      'Adjusted mean: the raw mean moved to the national case mix. The estimate is also drawn toward the national level according to how many answers it rests on (shrinkage), and the interval shows its uncertainty.',
    orderNote: 'Offices are listed alphabetically, not by result.',
    referenceNote: 'National level with the national case mix: {value}.',
    noShrinkage:
      'Too few offices in the country to estimate the variance between offices: adjusted, but not shrunken, and without reliability.',
    noOfficeVariance:
      'The model finds no difference between the offices beyond what chance among counselors and users gives. So every office gets the national level, and none is marked.',
    modelHeading: 'The model: what was adjusted for',
    modelIntro:
      'Linear mixed model with a random intercept per unit (REML), fitted on {answers} answers in {units} units. Coefficients are in scale points relative to the reference group (age 30–39, no benefit, no adverse decision, no interpreter, not a first meeting, met in person).',
    covariate: 'User characteristic',
    coefficient: 'Coefficient',
    standardError: 'Standard error',
    pValue: 'p-value',
    droppedHeading: 'Not in the model for this period',
    droppedSparse:
      'merged with the reference group because too few answers in the country have it ({min} are needed, and as many without it)',
    mergedNote:
      'A characteristic merged with the reference group gets no coefficient of its own: its answers count as the reference group’s. A coefficient from fewer than {min} answers could show what single users answered.',
    droppedConstant: 'no answer in the period has this (or every answer does)',
    droppedCollinear: 'follows from other characteristics',
    mattered: 'Adjustment moved units typically {sd} scale points (standard deviation), at most {max}.',
    betweenRatio: 'Variance between units after adjustment is {ratio} of the variance without it.',
    rankCorrelation: 'Rank correlation of estimates with and without adjustment: {value}.',
    flagChanges: 'Units whose marking (different from the nation) changed with adjustment: {count}.',
    variances: 'Variance between units {between}, within units {within}.',
    answersFor07: 'Answers a counselor needs for reliability 0.7: {n}.',
    modelIntroNested:
      'Linear mixed model with random intercepts for the office and for the counselor within the office (REML), fitted on {answers} answers. Coefficients are in scale points relative to the reference group (age 30–39, no benefit, no adverse decision, no interpreter, not a first meeting, met in person).',
    variancesNested:
      'Variance between offices {office}, between counselors in the same office {counselor}, between answers to the same counselor {within}.',
    officeMeaning:
      'An office’s figure is the office’s own level, allowing for who its users are and for chance among its counselors. An office with few counselors therefore gets a wider interval than its number of answers alone would suggest.',
    innsatsHeading: 'Innsatsgruppe shown apart',
    innsatsNote:
      'The innsatsgruppe is set by the counselor and can therefore be influenced by the person being rated. It is not part of the adjustment above. Included, it would have moved units typically {sd} scale points, at most {max}.',
    innsatsChange: 'Coefficients of innsatsgruppe if it were included:',
    withInnsats: 'Also adjusted for innsatsgruppe',
    unavailable: 'No model for this statement yet ({reason}).',
    noData: 'No answers to compare yet.',
    noDataPeriod: 'No answers to compare for {period}. Choose another period.',
    jsonLink: 'The same figures as JSON',
    chartTitle: 'Estimates with 95 % intervals',
    chartDescription:
      'Dot: adjusted, shrunken estimate. Line: interval. Diamond: raw mean. Vertical line: national level. The table holds the same figures.',
    chartReference: 'National level',
    scaleNote: 'Scale 1 (strongly disagree) to 6 (strongly agree).',
    yourAdjustment: 'Adjustment for your case mix: {value} scale points.',
    detailsSummary: 'How it is worked out: the figures and the model',
    tableRegion: 'Table: {label}',
    low: 'Low',
  },
};

/** Readable names of the case-mix columns (field: level). */
const FIELDS: Record<Lang, Record<string, string>> = {
  nb: {
    age_band: 'Alder',
    benefit: 'Ytelse',
    recent_adverse_decision: 'Nylig avslag',
    interpreter_used: 'Tolk brukt',
    first_meeting: 'Første møte',
    channel: 'Kanal',
    innsatsgruppe: 'Innsatsgruppe',
  },
  nn: {
    age_band: 'Alder',
    benefit: 'Yting',
    recent_adverse_decision: 'Nyleg avslag',
    interpreter_used: 'Tolk brukt',
    first_meeting: 'Første møte',
    channel: 'Kanal',
    innsatsgruppe: 'Innsatsgruppe',
  },
  en: {
    age_band: 'Age',
    benefit: 'Benefit',
    recent_adverse_decision: 'Recent adverse decision',
    interpreter_used: 'Interpreter used',
    first_meeting: 'First meeting',
    channel: 'Channel',
    innsatsgruppe: 'Innsatsgruppe',
  },
};

const LEVELS: Record<Lang, Record<string, string>> = {
  nb: {
    missing: 'ikke oppgitt',
    yes: 'ja',
    '18_29': '18–29 år',
    '40_49': '40–49 år',
    '50_66': '50–66 år',
    '67_plus': '67 år og eldre',
    aap: 'AAP',
    dagpenger: 'dagpenger',
    sykepenger: 'sykepenger',
    uforetrygd: 'uføretrygd',
    sosialhjelp: 'sosialhjelp',
    kvalifiseringsstonad: 'kvalifiseringsstønad',
    tiltakspenger: 'tiltakspenger',
    overgangsstonad: 'overgangsstønad',
    other: 'annen',
    situasjonsbestemt: 'situasjonsbestemt',
    spesielt_tilpasset: 'spesielt tilpasset',
    varig_tilpasset: 'varig tilpasset',
    phone: 'telefon',
    video: 'video',
    digital_dialogue: 'digital dialog',
  },
  nn: {
    missing: 'ikkje oppgitt',
    yes: 'ja',
    '18_29': '18–29 år',
    '40_49': '40–49 år',
    '50_66': '50–66 år',
    '67_plus': '67 år og eldre',
    aap: 'AAP',
    dagpenger: 'dagpengar',
    sykepenger: 'sjukepengar',
    uforetrygd: 'uføretrygd',
    sosialhjelp: 'sosialhjelp',
    kvalifiseringsstonad: 'kvalifiseringsstønad',
    tiltakspenger: 'tiltakspengar',
    overgangsstonad: 'overgangsstønad',
    other: 'anna',
    situasjonsbestemt: 'situasjonsbestemt',
    spesielt_tilpasset: 'spesielt tilpassa',
    varig_tilpasset: 'varig tilpassa',
    phone: 'telefon',
    video: 'video',
    digital_dialogue: 'digital dialog',
  },
  en: {
    missing: 'not recorded',
    yes: 'yes',
    '18_29': 'age 18–29',
    '40_49': 'age 40–49',
    '50_66': 'age 50–66',
    '67_plus': 'age 67 and over',
    aap: 'work assessment allowance (AAP)',
    dagpenger: 'unemployment benefit',
    sykepenger: 'sickness benefit',
    uforetrygd: 'disability benefit',
    sosialhjelp: 'social assistance',
    kvalifiseringsstonad: 'qualification benefit',
    tiltakspenger: 'measures benefit',
    overgangsstonad: 'transitional benefit',
    other: 'other',
    situasjonsbestemt: 'situation-based',
    spesielt_tilpasset: 'specially adapted',
    varig_tilpasset: 'permanently adapted',
    phone: 'phone',
    video: 'video',
    digital_dialogue: 'digital dialogue',
  },
};

export function covariateLabel(name: string, lang: Lang): string {
  const [field, level] = name.split(':');
  return `${FIELDS[lang][field] ?? field}: ${LEVELS[lang][level] ?? level}`;
}
