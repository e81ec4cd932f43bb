import type { Catalog } from '../i18n/index.ts';

type Key =
  | 'navIntro'
  | 'navUnits'
  | 'navNone'
  | 'kind_nation'
  | 'kind_county'
  | 'kind_office'
  | 'kind_team'
  | 'reportIntro'
  | 'periodKind'
  | 'period_month'
  | 'period_tertial'
  | 'period_year'
  | 'show'
  | 'periodsLabel'
  | 'resultsHeading'
  | 'answersCount'
  | 'groupSuppressed'
  | 'suppressionNote'
  | 'statement'
  | 'n'
  | 'meanAxis'
  | 'shareAxis'
  | 'chartStatements'
  | 'distributionHeading'
  | 'chartDistribution'
  | 'trendHeading'
  | 'chartTrend'
  | 'periodCol'
  | 'breakdownHeading'
  | 'breakdownNote'
  | 'chartBreakdown'
  | 'unitCol'
  | 'answersCol'
  | 'ratesHeading'
  | 'registered'
  | 'excluded'
  | 'invited'
  | 'answered'
  | 'rate'
  | 'ratesNote'
  | 'excludedReason'
  | 'waiting'
  | 'undelivered'
  | 'dispatchSum'
  | 'commentsHeading'
  | 'commentsSuppressed'
  | 'commentsNote'
  | 'noComments'
  | 'exportsHeading'
  | 'exportCsv'
  | 'exportXlsx'
  | 'exportJson'
  | 'individualResults'
  | 'compareHeading'
  | 'compareOff'
  | 'compareOn'
  | 'compareLabel'
  | 'compareSave'
  | 'compareNote'
  | 'compareYou'
  | 'compare_team'
  | 'compare_office'
  | 'compare_nation'
  | 'ownTrendHeading'
  | 'ownDispatchHeading'
  | 'ownDispatchNote';

export const groupMessages: Catalog<Key> = {
  nb: {
    navIntro: 'Rapportene du har tilgang til. Alle tall vises bare for grupper med nok svar og nok veiledere.',
    navUnits: 'Enheter',
    navNone: 'Du har ingen grupperapporter.',
    kind_nation: 'Landet',
    kind_county: 'Fylke',
    kind_office: 'Kontor',
    kind_team: 'Team',
    reportIntro: 'Resultater for {unit}. Ingen rangering: enhetene står i alfabetisk rekkefølge.',
    periodKind: 'Periodetype',
    period_month: 'Måned',
    period_tertial: 'Tertial',
    period_year: 'År',
    show: 'Vis',
    periodsLabel: 'Perioder',
    resultsHeading: 'Resultater {period}',
    answersCount: '{n} svar',
    groupSuppressed: 'For få svar eller for få veiledere til at tallene kan vises uten å avsløre enkeltpersoner.',
    suppressionNote: 'Tall vises bare når de bygger på minst {k} svar fra minst {m} veiledere. «For få svar» betyr skjult, ikke null.',
    statement: 'Utsagn',
    n: 'Antall svar (n)',
    meanAxis: 'Gjennomsnitt (1–6)',
    shareAxis: 'Andel av svarene',
    chartStatements: 'Stolpediagram: gjennomsnitt per utsagn. Samme tall står i tabellen.',
    distributionHeading: 'Fordeling av svarene',
    chartDistribution: 'Stablet stolpediagram: fordeling av svar 1–6 per utsagn. Samme tall står i tabellen.',
    trendHeading: 'Utvikling',
    chartTrend: 'Stolpediagram: helhetsvurdering per periode. Samme tall står i tabellen.',
    periodCol: 'Periode',
    breakdownHeading: 'Enhetene side om side',
    breakdownNote: 'Alfabetisk rekkefølge, aldri sortert etter resultat.',
    chartBreakdown: 'Stolpediagram: helhetsvurdering per enhet. Samme tall står i tabellen.',
    unitCol: 'Enhet',
    answersCol: 'Svar',
    ratesHeading: 'Svarprosent og utsending',
    registered: 'Møter registrert',
    excluded: 'Ikke invitert (regel)',
    invited: 'Invitert',
    answered: 'Besvart',
    rate: 'Svarprosent',
    ratesNote: 'Alle møter som oppfyller reglene får invitasjon automatisk.',
    excludedReason: 'Ikke invitert: {reason}',
    waiting: 'Ikke sendt ennå',
    undelivered: 'Ikke levert',
    dispatchSum:
      'Møter registrert = ikke invitert (per grunn) + ikke sendt ennå + ikke levert + invitert. Svar telles bare for måneder der alle svarene er inne, og aldri flere enn invitert.',
    commentsHeading: 'Kommentarer fra tertial {period}',
    commentsSuppressed: 'Kommentarer vises for team med minst {k} svar i tertialet.',
    commentsNote:
      'Kommentarene vises i tilfeldig rekkefølge med bare måned, og navn, fødselsnumre, telefonnumre og e-postadresser er fjernet.',
    noComments: 'Ingen kommentarer i tertialet.',
    exportsHeading: 'Last ned',
    exportCsv: 'CSV',
    exportXlsx: 'Excel (XLSX)',
    exportJson: 'JSON',
    individualResults: 'Individuelle resultater (der veilederen har delt, eller kontoret har en kunngjort ordning)',
    compareHeading: 'Sammenligning',
    compareOff: 'Sammenligning med snittet er slått av. Du kan slå den på; ingen rangering vises uansett.',
    compareOn: 'Du har valgt å se snittet for teamet, kontoret og landet ved siden av ditt eget.',
    compareLabel: 'Vis snittet for team, kontor og land ved siden av mine resultater',
    compareSave: 'Lagre',
    compareNote: 'Snittet vises bare når gruppen, uten dine egne svar, har nok svar.',
    compareYou: 'Du',
    compare_team: 'Teamet',
    compare_office: 'Kontoret',
    compare_nation: 'Landet',
    ownTrendHeading: 'Din utvikling',
    ownDispatchHeading: 'Dine møter og invitasjoner',
    ownDispatchNote: 'Slik ser du at alle møtene dine ble invitert etter de samme reglene.',
  },
  nn: {
    navIntro: 'Rapportane du har tilgang til. Alle tal blir berre viste for grupper med nok svar og nok rettleiarar.',
    navUnits: 'Einingar',
    navNone: 'Du har ingen grupperapportar.',
    kind_nation: 'Landet',
    kind_county: 'Fylke',
    kind_office: 'Kontor',
    kind_team: 'Team',
    reportIntro: 'Resultat for {unit}. Inga rangering: einingane står i alfabetisk rekkjefølgje.',
    periodKind: 'Periodetype',
    period_month: 'Månad',
    period_tertial: 'Tertial',
    period_year: 'År',
    show: 'Vis',
    periodsLabel: 'Periodar',
    resultsHeading: 'Resultat {period}',
    answersCount: '{n} svar',
    groupSuppressed: 'For få svar eller for få rettleiarar til at tala kan visast utan å avsløre enkeltpersonar.',
    suppressionNote:
      'Tal blir berre viste når dei byggjer på minst {k} svar frå minst {m} rettleiarar. «For få svar» tyder skjult, ikkje null.',
    statement: 'Utsegn',
    n: 'Tal på svar (n)',
    meanAxis: 'Gjennomsnitt (1–6)',
    shareAxis: 'Del av svara',
    chartStatements: 'Stolpediagram: gjennomsnitt per utsegn. Same tal står i tabellen.',
    distributionHeading: 'Fordeling av svara',
    chartDistribution: 'Stabla stolpediagram: fordeling av svar 1–6 per utsegn. Same tal står i tabellen.',
    trendHeading: 'Utvikling',
    chartTrend: 'Stolpediagram: heilskapsvurdering per periode. Same tal står i tabellen.',
    periodCol: 'Periode',
    breakdownHeading: 'Einingane side om side',
    breakdownNote: 'Alfabetisk rekkjefølgje, aldri sortert etter resultat.',
    chartBreakdown: 'Stolpediagram: heilskapsvurdering per eining. Same tal står i tabellen.',
    unitCol: 'Eining',
    answersCol: 'Svar',
    ratesHeading: 'Svarprosent og utsending',
    registered: 'Møte registrerte',
    excluded: 'Ikkje inviterte (regel)',
    invited: 'Inviterte',
    answered: 'Svara',
    rate: 'Svarprosent',
    ratesNote: 'Alle møte som oppfyller reglane får invitasjon automatisk.',
    excludedReason: 'Ikkje invitert: {reason}',
    waiting: 'Ikkje sendt enno',
    undelivered: 'Ikkje levert',
    dispatchSum:
      'Møte registrerte = ikkje inviterte (per grunn) + ikkje sende enno + ikkje leverte + inviterte. Svar blir berre talde for månader der alle svara er komne inn, og aldri fleire enn inviterte.',
    commentsHeading: 'Kommentarar frå tertial {period}',
    commentsSuppressed: 'Kommentarar blir viste for team med minst {k} svar i tertialet.',
    commentsNote:
      'Kommentarane blir viste i tilfeldig rekkjefølgje med berre månad, og namn, fødselsnummer, telefonnummer og e-postadresser er fjerna.',
    noComments: 'Ingen kommentarar i tertialet.',
    exportsHeading: 'Last ned',
    exportCsv: 'CSV',
    exportXlsx: 'Excel (XLSX)',
    exportJson: 'JSON',
    individualResults: 'Individuelle resultat (der rettleiaren har delt, eller kontoret har ei kunngjord ordning)',
    compareHeading: 'Samanlikning',
    compareOff: 'Samanlikning med snittet er slått av. Du kan slå ho på; inga rangering blir vist uansett.',
    compareOn: 'Du har valt å sjå snittet for teamet, kontoret og landet ved sida av ditt eige.',
    compareLabel: 'Vis snittet for team, kontor og land ved sida av resultata mine',
    compareSave: 'Lagre',
    compareNote: 'Snittet blir berre vist når gruppa, utan dine eigne svar, har nok svar.',
    compareYou: 'Du',
    compare_team: 'Teamet',
    compare_office: 'Kontoret',
    compare_nation: 'Landet',
    ownTrendHeading: 'Utviklinga di',
    ownDispatchHeading: 'Møta og invitasjonane dine',
    ownDispatchNote: 'Slik ser du at alle møta dine vart inviterte etter dei same reglane.',
  },
  en: {
    navIntro: 'The reports you have access to. Figures are shown only for groups with enough answers and enough counselors.',
    navUnits: 'Units',
    navNone: 'You have no group reports.',
    kind_nation: 'Nation',
    kind_county: 'County',
    kind_office: 'Office',
    kind_team: 'Team',
    reportIntro: 'Results for {unit}. No ranking: units are listed alphabetically.',
    periodKind: 'Period type',
    period_month: 'Month',
    period_tertial: 'Tertial',
    period_year: 'Year',
    show: 'Show',
    periodsLabel: 'Periods',
    resultsHeading: 'Results {period}',
    answersCount: '{n} answers',
    groupSuppressed: 'Too few answers or too few counselors to show figures without revealing individuals.',
    suppressionNote:
      'Figures are shown only when they rest on at least {k} answers from at least {m} counselors. "Too few answers" means hidden, not zero.',
    statement: 'Statement',
    n: 'Answers (n)',
    meanAxis: 'Mean (1–6)',
    shareAxis: 'Share of answers',
    chartStatements: 'Bar chart: mean per statement. The table has the same figures.',
    distributionHeading: 'Distribution of answers',
    chartDistribution: 'Stacked bar chart: answers 1–6 per statement. The table has the same figures.',
    trendHeading: 'Trend',
    chartTrend: 'Bar chart: overall rating per period. The table has the same figures.',
    periodCol: 'Period',
    breakdownHeading: 'Units side by side',
    breakdownNote: 'Alphabetical order, never sorted by result.',
    chartBreakdown: 'Bar chart: overall rating per unit. The table has the same figures.',
    unitCol: 'Unit',
    answersCol: 'Answers',
    ratesHeading: 'Response rate and dispatch',
    registered: 'Meetings registered',
    excluded: 'Not invited (rule)',
    invited: 'Invited',
    answered: 'Answered',
    rate: 'Response rate',
    ratesNote: 'Every meeting that meets the rules is invited automatically.',
    excludedReason: 'Not invited: {reason}',
    waiting: 'Not sent yet',
    undelivered: 'Not delivered',
    dispatchSum:
      'Meetings registered = not invited (by reason) + not sent yet + not delivered + invited. Answers are counted for months whose answers are all in, and are never more than the invited.',
    commentsHeading: 'Comments from tertial {period}',
    commentsSuppressed: 'Comments are shown for teams with at least {k} answers in the tertial.',
    commentsNote:
      'Comments are shown in random order with the month only; names, identity numbers, phone numbers and e-mail addresses have been removed.',
    noComments: 'No comments in the tertial.',
    exportsHeading: 'Download',
    exportCsv: 'CSV',
    exportXlsx: 'Excel (XLSX)',
    exportJson: 'JSON',
    individualResults: 'Individual results (where the counselor has shared, or the office has an announced policy)',
    compareHeading: 'Comparison',
    compareOff: 'Comparison with the average is off. You may switch it on; no ranking is ever shown.',
    compareOn: 'You chose to see the team, office and national average beside your own.',
    compareLabel: 'Show the team, office and national average beside my results',
    compareSave: 'Save',
    compareNote: 'An average is shown only when the group, without your own answers, has enough answers.',
    compareYou: 'You',
    compare_team: 'Team',
    compare_office: 'Office',
    compare_nation: 'Nation',
    ownTrendHeading: 'Your trend',
    ownDispatchHeading: 'Your meetings and invitations',
    ownDispatchNote: 'So you can see that all your meetings were invited by the same rules.',
  },
};
