import type { Catalog } from '../i18n/index.ts';

type Key =
  // On the survey
  | 'surveyHeading'
  | 'surveyIntroOffice'
  | 'surveyIntroCounty'
  | 'askedByOffice'
  | 'askedByCounty'
  // The owner's page
  | 'pageIntro'
  | 'rulesHeading'
  | 'ruleCap'
  | 'ruleMonths'
  | 'ruleReview'
  | 'ruleResults'
  | 'ruleText'
  | 'noQuestions'
  | 'questionsOf'
  | 'proposeHeading'
  | 'ownerLabel'
  | 'textNbLabel'
  | 'textNnLabel'
  | 'textEnLabel'
  | 'textHint'
  | 'translationHint'
  | 'startLabel'
  | 'endLabel'
  | 'monthHint'
  | 'proposeButton'
  | 'proposed'
  | 'withdrawButton'
  | 'endButton'
  | 'resultsLink'
  // Statuses and columns
  | 'status_pending'
  | 'status_approved'
  | 'status_rejected'
  | 'status_withdrawn'
  | 'status_ended'
  | 'colQuestion'
  | 'colOwner'
  | 'colWindow'
  | 'colStatus'
  | 'colProposedBy'
  | 'colActions'
  | 'colReason'
  | 'windowText'
  | 'notRunning'
  | 'reasonLine'
  // Review
  | 'reviewIntro'
  | 'pendingHeading'
  | 'noPending'
  | 'decidedHeading'
  | 'decidedTable'
  | 'noDecided'
  | 'approveButton'
  | 'rejectButton'
  | 'approveReasonLabel'
  | 'rejectReasonLabel'
  | 'capWarning'
  | 'capOk'
  | 'inLanguage'
  | 'missingTranslation'
  // Results
  | 'resultsTitle'
  | 'resultsIntro'
  | 'resultsPrivacy'
  | 'periodKind'
  | 'kind_month'
  | 'kind_tertial'
  | 'kind_year'
  | 'notStarted'
  | 'colPeriod'
  | 'colN'
  | 'colMean'
  | 'colAgree'
  | 'colDontKnow'
  | 'suppressed'
  | 'suppressedComplement'
  | 'suppressedOpen'
  | 'distributionHeading'
  | 'distributionCaption'
  | 'figuresCaption'
  | 'chartLabel'
  | 'chartAxis'
  | 'jsonLink'
  | 'csvLink'
  | 'xlsxLink'
  | 'backToList'
  // Errors
  | 'errorHeading'
  | 'field_owner_unit_id'
  | 'field_text_nb'
  | 'field_text_nn'
  | 'field_text_en'
  | 'field_start_month'
  | 'field_end_month'
  | 'field_reason';

export const localQuestionMessages: Catalog<Key> = {
  en: {
    surveyHeading: 'Questions from {unit}',
    surveyIntroOffice: '{unit} has added these questions itself. Only the office sees the answers, as totals for many people.',
    surveyIntroCounty: '{unit} has added these questions itself. Only the county sees the answers, as totals for many people.',
    askedByOffice: 'Asked by {unit}',
    askedByCounty: 'Asked by {unit}',
    pageIntro:
      'Your office or county can add up to three statements of its own to the survey for its meetings. Users answer them on the same scale as the national statements, after those.',
    rulesHeading: 'How it works',
    ruleCap:
      'At most three local questions appear on one survey, counting the office’s own and the county’s. An office or county has at most three running at a time.',
    ruleMonths:
      'A question runs for whole months (at most 12), by the month of the meeting. You can end it early; it then disappears from the survey at once.',
    ruleReview: 'An administrator reviews every proposal before it is asked. Until then you can withdraw it.',
    ruleResults:
      'Only the office’s leaders (or the county’s analysts) see the results, per month, tertial or year, and only where at least {k} have answered.',
    ruleText:
      'Write one statement the user can agree or disagree with, about the meeting or the office — not about a named person. The wording cannot be changed afterwards; a new wording is a new question.',
    noQuestions: 'No questions yet.',
    questionsOf: 'Questions of {unit}',
    proposeHeading: 'Propose a question',
    ownerLabel: 'For',
    textNbLabel: 'Statement in bokmål (required)',
    textNnLabel: 'Statement in nynorsk',
    textEnLabel: 'Statement in English',
    textHint: 'At most {max} characters.',
    translationHint: 'If left empty, users who read this language see the bokmål text.',
    startLabel: 'First month',
    endLabel: 'Last month',
    monthHint: 'As YYYY-MM, for example {example}.',
    proposeButton: 'Send for review',
    proposed: 'Proposed {date} by {name}',
    withdrawButton: 'Withdraw',
    endButton: 'End now',
    resultsLink: 'Results',
    status_pending: 'Awaiting review',
    status_approved: 'Approved',
    status_rejected: 'Rejected',
    status_withdrawn: 'Withdrawn',
    status_ended: 'Ended early',
    colQuestion: 'Statement',
    colOwner: 'Office or county',
    colWindow: 'Months',
    colStatus: 'Status',
    colProposedBy: 'Proposed by',
    colActions: 'Actions',
    colReason: 'Reason',
    windowText: '{from} to {to}',
    notRunning: 'not asked',
    reasonLine: 'Reason: {reason}',
    reviewIntro:
      'Offices and counties propose questions of their own. Check that each is one clear statement on the agreement scale, about the meeting or the office and not about a person, and that the translations say the same. Approval is refused when it would put more than three local questions on a survey.',
    pendingHeading: 'Awaiting review',
    noPending: 'No proposals are waiting.',
    decidedHeading: 'Latest decisions',
    decidedTable: 'Table of the latest decisions',
    noDecided: 'No decisions yet.',
    approveButton: 'Approve',
    rejectButton: 'Reject',
    approveReasonLabel: 'Note (optional)',
    rejectReasonLabel: 'Reason for rejecting (required, the proposer sees it)',
    capWarning: 'Cannot be approved now: {detail}.',
    capOk: 'Fits within the limit of three.',
    inLanguage: 'In {language}',
    missingTranslation: 'not given (bokmål is shown)',
    resultsTitle: 'Results: local question',
    resultsIntro: 'Answers to the statement below, asked by {unit} for meetings from {from} to {to}.',
    resultsPrivacy:
      'A figure is shown only when at least {k} have answered on the scale in the period; otherwise it is hidden, not zero. A period may also be hidden so that it cannot be worked out from the others. Agreeing means {range}: slightly agree, agree or strongly agree.',
    periodKind: 'Period',
    kind_month: 'Month',
    kind_tertial: 'Tertial',
    kind_year: 'Year',
    notStarted: 'The question has not been asked yet.',
    colPeriod: 'Period',
    colN: 'Answers',
    colMean: 'Mean (1–6)',
    colAgree: 'Agreeing ({range})',
    colDontKnow: 'Don’t know',
    suppressed: 'Too few answers',
    suppressedComplement: 'Hidden (protects another period)',
    suppressedOpen: 'Period not closed yet',
    distributionHeading: 'Distribution of answers',
    distributionCaption: 'Number of answers per scale value and period',
    figuresCaption: 'Answers, mean and share agreeing per period',
    chartLabel: 'Distribution of answers per period, as in the table below',
    chartAxis: 'Share of answers',
    jsonLink: 'The same figures as JSON',
    csvLink: 'Download as CSV',
    xlsxLink: 'Download as Excel (XLSX)',
    backToList: 'Back to office and county questions',
    errorHeading: 'Please correct the following',
    field_owner_unit_id: 'Office or county',
    field_text_nb: 'Statement in bokmål',
    field_text_nn: 'Statement in nynorsk',
    field_text_en: 'Statement in English',
    field_start_month: 'First month',
    field_end_month: 'Last month',
    field_reason: 'Reason',
  },
  nb: {
    surveyHeading: 'Spørsmål fra {unit}',
    surveyIntroOffice: '{unit} har lagt til disse spørsmålene selv. Bare kontoret ser svarene, som tall for mange personer samlet.',
    surveyIntroCounty: '{unit} har lagt til disse spørsmålene selv. Bare fylket ser svarene, som tall for mange personer samlet.',
    askedByOffice: 'Spurt av {unit}',
    askedByCounty: 'Spurt av {unit}',
    pageIntro:
      'Kontoret eller fylket kan legge inn opptil tre egne utsagn i undersøkelsen for sine møter. Brukerne svarer på samme skala som på de nasjonale utsagnene, etter dem.',
    rulesHeading: 'Slik fungerer det',
    ruleCap:
      'Høyst tre lokale spørsmål vises i én undersøkelse, kontorets egne og fylkets til sammen. Et kontor eller fylke har høyst tre i gang samtidig.',
    ruleMonths:
      'Et spørsmål går i hele måneder (høyst 12), etter måneden møtet var i. Du kan avslutte det tidligere; da forsvinner det fra undersøkelsen med en gang.',
    ruleReview: 'En administrator vurderer hvert forslag før det stilles. Til da kan du trekke det tilbake.',
    ruleResults:
      'Bare kontorets ledere (eller fylkets analytikere) ser resultatene, per måned, tertial eller år, og bare der minst {k} har svart.',
    ruleText:
      'Skriv ett utsagn brukeren kan være enig eller uenig i, om møtet eller kontoret – ikke om en navngitt person. Ordlyden kan ikke endres etterpå; ny ordlyd er et nytt spørsmål.',
    noQuestions: 'Ingen spørsmål ennå.',
    questionsOf: 'Spørsmål fra {unit}',
    proposeHeading: 'Foreslå et spørsmål',
    ownerLabel: 'For',
    textNbLabel: 'Utsagn på bokmål (må fylles ut)',
    textNnLabel: 'Utsagn på nynorsk',
    textEnLabel: 'Utsagn på engelsk',
    textHint: 'Høyst {max} tegn.',
    translationHint: 'Står feltet tomt, ser brukere som leser dette språket bokmålsteksten.',
    startLabel: 'Første måned',
    endLabel: 'Siste måned',
    monthHint: 'Som ÅÅÅÅ-MM, for eksempel {example}.',
    proposeButton: 'Send til vurdering',
    proposed: 'Foreslått {date} av {name}',
    withdrawButton: 'Trekk tilbake',
    endButton: 'Avslutt nå',
    resultsLink: 'Resultater',
    status_pending: 'Venter på vurdering',
    status_approved: 'Godkjent',
    status_rejected: 'Avslått',
    status_withdrawn: 'Trukket tilbake',
    status_ended: 'Avsluttet tidlig',
    colQuestion: 'Utsagn',
    colOwner: 'Kontor eller fylke',
    colWindow: 'Måneder',
    colStatus: 'Status',
    colProposedBy: 'Foreslått av',
    colActions: 'Handlinger',
    colReason: 'Begrunnelse',
    windowText: '{from} til {to}',
    notRunning: 'ikke stilt',
    reasonLine: 'Begrunnelse: {reason}',
    reviewIntro:
      'Kontorer og fylker foreslår egne spørsmål. Sjekk at hvert er ett tydelig utsagn på enighetsskalaen, om møtet eller kontoret og ikke om en person, og at oversettelsene sier det samme. Godkjenning avvises hvis den ville gitt mer enn tre lokale spørsmål i en undersøkelse.',
    pendingHeading: 'Venter på vurdering',
    noPending: 'Ingen forslag venter.',
    decidedHeading: 'Siste avgjørelser',
    decidedTable: 'Tabell over de siste avgjørelsene',
    noDecided: 'Ingen avgjørelser ennå.',
    approveButton: 'Godkjenn',
    rejectButton: 'Avslå',
    approveReasonLabel: 'Merknad (valgfritt)',
    rejectReasonLabel: 'Begrunnelse for avslag (må fylles ut, forslagsstilleren ser den)',
    capWarning: 'Kan ikke godkjennes nå: {detail}.',
    capOk: 'Er innenfor grensen på tre.',
    inLanguage: 'På {language}',
    missingTranslation: 'ikke oppgitt (bokmål vises)',
    resultsTitle: 'Resultater: lokalt spørsmål',
    resultsIntro: 'Svar på utsagnet nedenfor, stilt av {unit} for møter fra {from} til {to}.',
    resultsPrivacy:
      'Et tall vises bare når minst {k} har svart på skalaen i perioden; ellers skjules det, det er ikke null. En periode kan også skjules så den ikke kan regnes ut fra de andre. Enig betyr {range}: litt enig, enig eller helt enig.',
    periodKind: 'Periode',
    kind_month: 'Måned',
    kind_tertial: 'Tertial',
    kind_year: 'År',
    notStarted: 'Spørsmålet er ikke stilt ennå.',
    colPeriod: 'Periode',
    colN: 'Svar',
    colMean: 'Gjennomsnitt (1–6)',
    colAgree: 'Enige ({range})',
    colDontKnow: 'Vet ikke',
    suppressed: 'For få svar',
    suppressedComplement: 'Skjult (beskytter en annen periode)',
    suppressedOpen: 'Perioden er ikke avsluttet',
    distributionHeading: 'Fordeling av svarene',
    distributionCaption: 'Antall svar per verdi på skalaen og periode',
    figuresCaption: 'Svar, gjennomsnitt og andel enige per periode',
    chartLabel: 'Fordeling av svarene per periode, som i tabellen nedenfor',
    chartAxis: 'Andel av svarene',
    jsonLink: 'De samme tallene som JSON',
    csvLink: 'Last ned som CSV',
    xlsxLink: 'Last ned som Excel (XLSX)',
    backToList: 'Tilbake til kontorets og fylkets spørsmål',
    errorHeading: 'Rett opp dette',
    field_owner_unit_id: 'Kontor eller fylke',
    field_text_nb: 'Utsagn på bokmål',
    field_text_nn: 'Utsagn på nynorsk',
    field_text_en: 'Utsagn på engelsk',
    field_start_month: 'Første måned',
    field_end_month: 'Siste måned',
    field_reason: 'Begrunnelse',
  },
  nn: {
    surveyHeading: 'Spørsmål frå {unit}',
    surveyIntroOffice: '{unit} har lagt til desse spørsmåla sjølv. Berre kontoret ser svara, som tal for mange personar samla.',
    surveyIntroCounty: '{unit} har lagt til desse spørsmåla sjølv. Berre fylket ser svara, som tal for mange personar samla.',
    askedByOffice: 'Spurt av {unit}',
    askedByCounty: 'Spurt av {unit}',
    pageIntro:
      'Kontoret eller fylket kan leggje inn opptil tre eigne utsegner i undersøkinga for møta sine. Brukarane svarar på same skala som på dei nasjonale utsegnene, etter dei.',
    rulesHeading: 'Slik fungerer det',
    ruleCap:
      'Høgst tre lokale spørsmål blir viste i éi undersøking, dei til kontoret og fylket til saman. Eit kontor eller fylke har høgst tre i gang samstundes.',
    ruleMonths:
      'Eit spørsmål går i heile månader (høgst 12), etter månaden møtet var i. Du kan avslutte det tidlegare; då forsvinn det frå undersøkinga med ein gong.',
    ruleReview: 'Ein administrator vurderer kvart forslag før det blir stilt. Til då kan du trekkje det tilbake.',
    ruleResults:
      'Berre leiarane ved kontoret (eller analytikarane i fylket) ser resultata, per månad, tertial eller år, og berre der minst {k} har svart.',
    ruleText:
      'Skriv éi utsegn brukaren kan vere samd eller usamd i, om møtet eller kontoret – ikkje om ein namngitt person. Ordlyden kan ikkje endrast etterpå; ny ordlyd er eit nytt spørsmål.',
    noQuestions: 'Ingen spørsmål enno.',
    questionsOf: 'Spørsmål frå {unit}',
    proposeHeading: 'Føreslå eit spørsmål',
    ownerLabel: 'For',
    textNbLabel: 'Utsegn på bokmål (må fyllast ut)',
    textNnLabel: 'Utsegn på nynorsk',
    textEnLabel: 'Utsegn på engelsk',
    textHint: 'Høgst {max} teikn.',
    translationHint: 'Står feltet tomt, ser brukarar som les dette språket bokmålsteksten.',
    startLabel: 'Første månad',
    endLabel: 'Siste månad',
    monthHint: 'Som ÅÅÅÅ-MM, til dømes {example}.',
    proposeButton: 'Send til vurdering',
    proposed: 'Føreslått {date} av {name}',
    withdrawButton: 'Trekk tilbake',
    endButton: 'Avslutt no',
    resultsLink: 'Resultat',
    status_pending: 'Ventar på vurdering',
    status_approved: 'Godkjend',
    status_rejected: 'Avslått',
    status_withdrawn: 'Trekt tilbake',
    status_ended: 'Avslutta tidleg',
    colQuestion: 'Utsegn',
    colOwner: 'Kontor eller fylke',
    colWindow: 'Månader',
    colStatus: 'Status',
    colProposedBy: 'Føreslått av',
    colActions: 'Handlingar',
    colReason: 'Grunngiving',
    windowText: '{from} til {to}',
    notRunning: 'ikkje stilt',
    reasonLine: 'Grunngiving: {reason}',
    reviewIntro:
      'Kontor og fylke føreslår eigne spørsmål. Sjekk at kvart er éi tydeleg utsegn på semjeskalaen, om møtet eller kontoret og ikkje om ein person, og at omsetjingane seier det same. Godkjenning blir avvist om ho ville gitt meir enn tre lokale spørsmål i ei undersøking.',
    pendingHeading: 'Ventar på vurdering',
    noPending: 'Ingen forslag ventar.',
    decidedHeading: 'Siste avgjerder',
    decidedTable: 'Tabell over dei siste avgjerdene',
    noDecided: 'Ingen avgjerder enno.',
    approveButton: 'Godkjenn',
    rejectButton: 'Avslå',
    approveReasonLabel: 'Merknad (valfritt)',
    rejectReasonLabel: 'Grunngiving for avslag (må fyllast ut, forslagsstillaren ser ho)',
    capWarning: 'Kan ikkje godkjennast no: {detail}.',
    capOk: 'Er innanfor grensa på tre.',
    inLanguage: 'På {language}',
    missingTranslation: 'ikkje oppgitt (bokmål blir vist)',
    resultsTitle: 'Resultat: lokalt spørsmål',
    resultsIntro: 'Svar på utsegna nedanfor, stilt av {unit} for møte frå {from} til {to}.',
    resultsPrivacy:
      'Eit tal blir vist berre når minst {k} har svart på skalaen i perioden; elles blir det skjult, det er ikkje null. Ein periode kan òg bli skjult så han ikkje kan reknast ut frå dei andre. Samd tyder {range}: litt samd, samd eller heilt samd.',
    periodKind: 'Periode',
    kind_month: 'Månad',
    kind_tertial: 'Tertial',
    kind_year: 'År',
    notStarted: 'Spørsmålet er ikkje stilt enno.',
    colPeriod: 'Periode',
    colN: 'Svar',
    colMean: 'Gjennomsnitt (1–6)',
    colAgree: 'Samde ({range})',
    colDontKnow: 'Veit ikkje',
    suppressed: 'For få svar',
    suppressedComplement: 'Skjult (vernar ein annan periode)',
    suppressedOpen: 'Perioden er ikkje avslutta',
    distributionHeading: 'Fordeling av svara',
    distributionCaption: 'Tal på svar per verdi på skalaen og periode',
    figuresCaption: 'Svar, gjennomsnitt og del samde per periode',
    chartLabel: 'Fordeling av svara per periode, som i tabellen nedanfor',
    chartAxis: 'Del av svara',
    jsonLink: 'Dei same tala som JSON',
    csvLink: 'Last ned som CSV',
    xlsxLink: 'Last ned som Excel (XLSX)',
    backToList: 'Tilbake til spørsmåla til kontoret og fylket',
    errorHeading: 'Rett opp dette',
    field_owner_unit_id: 'Kontor eller fylke',
    field_text_nb: 'Utsegn på bokmål',
    field_text_nn: 'Utsegn på nynorsk',
    field_text_en: 'Utsegn på engelsk',
    field_start_month: 'Første månad',
    field_end_month: 'Siste månad',
    field_reason: 'Grunngiving',
  },
};
