import type { Catalog } from '../i18n/index.ts';

type Key =
  | 'gridHeading'
  | 'gridCaption'
  | 'gridPosition'
  | 'gridCapacity'
  | 'gridPlaced'
  | 'scaleNote'
  | 'cardsHeading'
  | 'placementLabel'
  | 'notPlaced'
  | 'presortLabel'
  | 'presortNone'
  | 'pileAgree'
  | 'pileNeutral'
  | 'pileDisagree'
  | 'postsortHeading'
  | 'submit'
  | 'save'
  | 'savedText'
  | 'errorSummaryHeading'
  | 'errorTitlePrefix'
  | 'errorColumnFull'
  | 'errorNotPlaced'
  | 'errorInvalid'
  | 'thanksTitle'
  | 'thanksText'
  | 'submittedTitle'
  | 'submittedText'
  | 'closedTitle'
  | 'closedText'
  | 'unknownTitle'
  | 'unknownText'
  | 'codeTitle'
  | 'codeText'
  | 'codeLabel'
  | 'codeButton'
  | 'codeUnknown'
  | 'resultsTitle'
  | 'resultsSummary'
  | 'factorsHeading'
  | 'factorCol'
  | 'unrotatedEigen'
  | 'unrotatedVar'
  | 'rotatedVar'
  | 'definingSorts'
  | 'reliability'
  | 'standardError'
  | 'loadingsHeading'
  | 'participantCol'
  | 'arraysHeading'
  | 'arrayCaption'
  | 'statementCol'
  | 'distinguishingHeading'
  | 'consensus'
  | 'correlationsHeading'
  | 'downloadHeading'
  | 'analysisError'
  | 'unflaggedWarning';

export const qmethodMessages: Catalog<Key> = {
  nb: {
    gridHeading: 'Rutenettet',
    gridCaption: 'Hvor mange utsagn hver kolonne skal ha, og hvor mange du har plassert der',
    gridPosition: 'Kolonne',
    gridCapacity: 'Plass til',
    gridPlaced: 'Plassert nå',
    scaleNote: '+{max} betyr mest enig, -{max} mest uenig. Hver kolonne har plass til et bestemt antall utsagn.',
    cardsHeading: 'Utsagnene',
    placementLabel: 'Kolonne',
    notPlaced: 'Ikke plassert',
    presortLabel: 'Første inntrykk',
    presortNone: 'Ikke valgt',
    pileAgree: 'Enig',
    pileNeutral: 'Nøytral',
    pileDisagree: 'Uenig',
    postsortHeading: 'Til slutt',
    submit: 'Send inn sorteringen',
    save: 'Lagre og fortsett senere',
    savedText: 'Sorteringen er lagret. Du kan fortsette senere med den samme lenken.',
    errorSummaryHeading: 'Sorteringen passer ikke i rutenettet ennå',
    errorTitlePrefix: 'Feil',
    errorColumnFull: 'Kolonne {position} har {count} utsagn, men plass til {capacity}.',
    errorNotPlaced: '{count} utsagn er ikke plassert ennå.',
    errorInvalid: 'Et svar var ugyldig. Prøv igjen.',
    thanksTitle: 'Takk for sorteringen',
    thanksText: 'Sorteringen din er sendt inn.',
    submittedTitle: 'Sorteringen er sendt inn',
    submittedText: 'Denne lenken er allerede brukt til å sende inn en sortering.',
    closedTitle: 'Undersøkelsen er ikke åpen',
    closedText: 'Denne undersøkelsen tar ikke imot sorteringer nå.',
    unknownTitle: 'Vi finner ikke denne lenken',
    unknownText: 'Sjekk at du har brukt hele lenken du fikk.',
    codeTitle: 'Delta i en Q-sortering',
    codeText: 'Skriv inn koden du har fått. Du får en egen lenke som du kan bruke for å fortsette senere.',
    codeLabel: 'Studiekode',
    codeButton: 'Start',
    codeUnknown: 'Vi finner ingen åpen undersøkelse med denne koden.',
    resultsTitle: 'Resultater: {title}',
    resultsSummary:
      '{sorts} sorteringer av {statements} utsagn. Ekstraksjon: {extraction}, rotasjon: {rotation}, flagging: |a| ≥ {threshold} og a² > h²/2.',
    factorsHeading: 'Faktorer',
    factorCol: 'Faktor',
    unrotatedEigen: 'Egenverdi (urotert)',
    unrotatedVar: '% varians (urotert)',
    rotatedVar: '% varians (rotert)',
    definingSorts: 'Definerende sorteringer',
    reliability: 'Reliabilitet',
    standardError: 'SE for skårer',
    loadingsHeading: 'Ladninger (flagget med *)',
    participantCol: 'Deltaker',
    arraysHeading: 'Faktorrekker',
    arrayCaption: 'Faktor {factor}: utsagnene i rutenettet',
    statementCol: 'Utsagn',
    distinguishingHeading: 'Særpregede utsagn og konsensus',
    consensus: 'konsensus',
    correlationsHeading: 'Korrelasjoner mellom faktorskårene',
    downloadHeading: 'Last ned (CSV)',
    analysisError: 'Analysen kan ikke gjøres: {message}',
    unflaggedWarning:
      'Ingen sortering er flagget på faktor {factors}. Skårene, faktorrekken og standardfeilen kan ikke beregnes for den og står tomme; særpregede utsagn og konsensus er funnet blant de andre faktorene. Se på ladningene og flagg for hånd, eller trekk ut færre faktorer.',
  },
  nn: {
    gridHeading: 'Rutenettet',
    gridCaption: 'Kor mange utsegner kvar kolonne skal ha, og kor mange du har plassert der',
    gridPosition: 'Kolonne',
    gridCapacity: 'Plass til',
    gridPlaced: 'Plassert no',
    scaleNote: '+{max} tyder mest samd, -{max} mest usamd. Kvar kolonne har plass til eit bestemt tal utsegner.',
    cardsHeading: 'Utsegnene',
    placementLabel: 'Kolonne',
    notPlaced: 'Ikkje plassert',
    presortLabel: 'Første inntrykk',
    presortNone: 'Ikkje valt',
    pileAgree: 'Samd',
    pileNeutral: 'Nøytral',
    pileDisagree: 'Usamd',
    postsortHeading: 'Til slutt',
    submit: 'Send inn sorteringa',
    save: 'Lagre og hald fram seinare',
    savedText: 'Sorteringa er lagra. Du kan halde fram seinare med den same lenkja.',
    errorSummaryHeading: 'Sorteringa passar ikkje i rutenettet enno',
    errorTitlePrefix: 'Feil',
    errorColumnFull: 'Kolonne {position} har {count} utsegner, men plass til {capacity}.',
    errorNotPlaced: '{count} utsegner er ikkje plasserte enno.',
    errorInvalid: 'Eit svar var ugyldig. Prøv igjen.',
    thanksTitle: 'Takk for sorteringa',
    thanksText: 'Sorteringa di er send inn.',
    submittedTitle: 'Sorteringa er send inn',
    submittedText: 'Denne lenkja er allereie brukt til å sende inn ei sortering.',
    closedTitle: 'Undersøkinga er ikkje open',
    closedText: 'Denne undersøkinga tek ikkje imot sorteringar no.',
    unknownTitle: 'Vi finn ikkje denne lenkja',
    unknownText: 'Sjekk at du har brukt heile lenkja du fekk.',
    codeTitle: 'Delta i ei Q-sortering',
    codeText: 'Skriv inn koden du har fått. Du får ei eiga lenkje som du kan bruke for å halde fram seinare.',
    codeLabel: 'Studiekode',
    codeButton: 'Start',
    codeUnknown: 'Vi finn inga open undersøking med denne koden.',
    resultsTitle: 'Resultat: {title}',
    resultsSummary:
      '{sorts} sorteringar av {statements} utsegner. Ekstraksjon: {extraction}, rotasjon: {rotation}, flagging: |a| ≥ {threshold} og a² > h²/2.',
    factorsHeading: 'Faktorar',
    factorCol: 'Faktor',
    unrotatedEigen: 'Eigenverdi (urotert)',
    unrotatedVar: '% varians (urotert)',
    rotatedVar: '% varians (rotert)',
    definingSorts: 'Definerande sorteringar',
    reliability: 'Reliabilitet',
    standardError: 'SE for skårar',
    loadingsHeading: 'Ladningar (flagga med *)',
    participantCol: 'Deltakar',
    arraysHeading: 'Faktorrekkjer',
    arrayCaption: 'Faktor {factor}: utsegnene i rutenettet',
    statementCol: 'Utsegn',
    distinguishingHeading: 'Særprega utsegner og konsensus',
    consensus: 'konsensus',
    correlationsHeading: 'Korrelasjonar mellom faktorskårane',
    downloadHeading: 'Last ned (CSV)',
    analysisError: 'Analysen kan ikkje gjerast: {message}',
    unflaggedWarning:
      'Ingen sortering er flagga på faktor {factors}. Skårane, faktorrekkja og standardfeilen kan ikkje reknast ut for han og står tomme; særprega utsegner og konsensus er funne blant dei andre faktorane. Sjå på ladningane og flagg for hand, eller trekk ut færre faktorar.',
  },
  en: {
    gridHeading: 'The grid',
    gridCaption: 'How many statements each column takes, and how many you have placed there',
    gridPosition: 'Column',
    gridCapacity: 'Takes',
    gridPlaced: 'Placed now',
    scaleNote: '+{max} means agree most, -{max} disagree most. Each column takes a set number of statements.',
    cardsHeading: 'The statements',
    placementLabel: 'Column',
    notPlaced: 'Not placed',
    presortLabel: 'First impression',
    presortNone: 'Not chosen',
    pileAgree: 'Agree',
    pileNeutral: 'Neutral',
    pileDisagree: 'Disagree',
    postsortHeading: 'Finally',
    submit: 'Submit the sort',
    save: 'Save and continue later',
    savedText: 'Your sort is saved. You can continue later with the same link.',
    errorSummaryHeading: 'The sort does not fit the grid yet',
    errorTitlePrefix: 'Error',
    errorColumnFull: 'Column {position} has {count} statements but takes {capacity}.',
    errorNotPlaced: '{count} statements are not placed yet.',
    errorInvalid: 'An answer was invalid. Please try again.',
    thanksTitle: 'Thank you for your sort',
    thanksText: 'Your sort has been submitted.',
    submittedTitle: 'The sort has been submitted',
    submittedText: 'This link has already been used to submit a sort.',
    closedTitle: 'The study is not open',
    closedText: 'This study is not taking sorts now.',
    unknownTitle: 'We cannot find this link',
    unknownText: 'Check that you used the whole link you received.',
    codeTitle: 'Take part in a Q sort',
    codeText: 'Enter the code you were given. You get a link of your own that you can use to continue later.',
    codeLabel: 'Study code',
    codeButton: 'Start',
    codeUnknown: 'We find no open study with this code.',
    resultsTitle: 'Results: {title}',
    resultsSummary:
      '{sorts} sorts of {statements} statements. Extraction: {extraction}, rotation: {rotation}, flagging: |a| ≥ {threshold} and a² > h²/2.',
    factorsHeading: 'Factors',
    factorCol: 'Factor',
    unrotatedEigen: 'Eigenvalue (unrotated)',
    unrotatedVar: '% variance (unrotated)',
    rotatedVar: '% variance (rotated)',
    definingSorts: 'Defining sorts',
    reliability: 'Reliability',
    standardError: 'SE of scores',
    loadingsHeading: 'Loadings (flagged with *)',
    participantCol: 'Participant',
    arraysHeading: 'Factor arrays',
    arrayCaption: 'Factor {factor}: the statements on the grid',
    statementCol: 'Statement',
    distinguishingHeading: 'Distinguishing and consensus statements',
    consensus: 'consensus',
    correlationsHeading: 'Correlations between factor scores',
    downloadHeading: 'Download (CSV)',
    analysisError: 'The analysis cannot be done: {message}',
    unflaggedWarning:
      'No sort is flagged on factor {factors}. Its scores, factor array and standard error cannot be computed and are left empty; the distinguishing and consensus statements are found among the other factors. Look at the loadings and flag by hand, or extract fewer factors.',
  },
};
