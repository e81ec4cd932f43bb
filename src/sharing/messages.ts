import type { Catalog } from '../i18n/index.ts';

type Key =
  | 'sharingIntro'
  | 'figures'
  | 'comments'
  | 'withLeader'
  | 'withGroup'
  | 'sharedOn'
  | 'notShared'
  | 'turnOn'
  | 'turnOff'
  | 'shareTableCaption'
  | 'recipient'
  | 'status'
  | 'action'
  | 'groupsHeading'
  | 'groupsIntro'
  | 'groupName'
  | 'createGroup'
  | 'members'
  | 'addMember'
  | 'colleague'
  | 'removeMember'
  | 'leaveGroup'
  | 'noGroups'
  | 'historyHeading'
  | 'historyGranted'
  | 'historyRevoked'
  | 'stillActive'
  | 'noHistory'
  | 'when'
  | 'auditIntro'
  | 'auditEmpty'
  | 'who'
  | 'what'
  | 'why'
  | 'action_individual_results.read'
  | 'action_comment.hide'
  | 'action_comment.keep'
  | 'action_policy.publish'
  | 'action_policy.withdraw'
  | 'reason_self'
  | 'reason_shared-with-leader'
  | 'reason_shared-with-group'
  | 'reason_office-policy'
  | 'commentsIntro'
  | 'noReleasedComments'
  | 'reportAbusive'
  | 'reported'
  | 'kept'
  | 'month'
  | 'sharedWithMeIntro'
  | 'nobodyShares'
  | 'openResults'
  | 'resultsTitle'
  | 'resultsVisibleBecause'
  | 'auditedNote'
  | 'figuresNotShared'
  | 'commentsNotShared'
  | 'periodHeading'
  | 'answers'
  | 'notEnough'
  | 'notEnoughComments'
  | 'noComments'
  | 'statement'
  | 'noAnswersYet'
  | 'jsonLink'
  | 'policiesIntro'
  | 'office'
  | 'startsOn'
  | 'startsOnHelp'
  | 'includeComments'
  | 'publish'
  | 'withdraw'
  | 'noPolicies'
  | 'currentPolicies'
  | 'readerReason_self'
  | 'readerReason_shared-with-leader'
  | 'readerReason_shared-with-group'
  | 'readerReason_office-policy'
  | 'moderationIntro'
  | 'hide'
  | 'keep'
  | 'nothingReported'
  | 'state_reported'
  | 'state_hidden'
  | 'state_kept'
  | 'comment';

export const sharingMessages: Catalog<Key> = {
  nb: {
    readerReason_self: 'dette er dine egne resultater',
    'readerReason_shared-with-leader': 'veilederen deler med sin leder',
    'readerReason_shared-with-group': 'veilederen deler med en kollegagruppe du er med i',
    'readerReason_office-policy': 'kontorets retningslinje om at ledere ser den enkeltes resultater',
    sharingIntro:
      'Resultatene dine er dine. Du velger selv om lederen din eller en kollegagruppe skal se tallene, og for seg kommentarene. Du kan slå delingen av når som helst, og det gjelder med en gang.',
    figures: 'tall',
    comments: 'kommentarer',
    withLeader: 'Lederen min',
    withGroup: 'Kollegagruppe: {name}',
    sharedOn: 'Delt',
    notShared: 'Ikke delt',
    turnOn: 'Del {what} med {who}',
    turnOff: 'Slutt å dele {what} med {who}',
    shareTableCaption: 'Hvem du deler med nå',
    recipient: 'Mottaker',
    status: 'Status',
    action: 'Endre',
    groupsHeading: 'Kollegagrupper (kollegaveiledning)',
    groupsIntro: 'Lag en gruppe med kolleger på kontoret ditt. Medlemmene ser bare det hver enkelt selv deler med gruppen.',
    groupName: 'Navn på ny gruppe',
    createGroup: 'Lag gruppe',
    members: 'Medlemmer',
    addMember: 'Legg til',
    colleague: 'Kollega',
    removeMember: 'Fjern {name}',
    leaveGroup: 'Gå ut av gruppen',
    noGroups: 'Du er ikke med i noen kollegagruppe.',
    historyHeading: 'Historikk',
    historyGranted: 'Delt',
    historyRevoked: 'Slått av',
    stillActive: 'Gjelder',
    noHistory: 'Du har ikke delt noe ennå.',
    when: 'Tidspunkt',
    auditIntro: 'Hver gang noen andre enn deg leser resultatene dine, blir det logget her: hvem, når og hva.',
    auditEmpty: 'Ingen andre har lest resultatene dine.',
    who: 'Hvem',
    what: 'Hva',
    why: 'Grunnlag',
    'action_individual_results.read': 'Leste resultatene dine',
    'action_comment.hide': 'Skjulte en kommentar',
    'action_comment.keep': 'Beholdt en meldt kommentar',
    'action_policy.publish': 'Publiserte retningslinje',
    'action_policy.withdraw': 'Trakk tilbake retningslinje',
    reason_self: 'Deg selv',
    'reason_shared-with-leader': 'Du deler med lederen din',
    'reason_shared-with-group': 'Du deler med en kollegagruppe',
    'reason_office-policy': 'Kontorets retningslinje',
    commentsIntro: 'Hvis en kommentar er krenkende, kan du melde fra. Administratoren vurderer den og kan skjule den for alle.',
    noReleasedComments: 'Ingen kommentarer er frigitt ennå.',
    reportAbusive: 'Meld fra om kommentaren',
    reported: 'Meldt, venter på vurdering',
    kept: 'Vurdert og beholdt',
    month: 'Måned',
    sharedWithMeIntro:
      'Veiledere som har delt resultatene sine med deg, eller som kontorets retningslinje gjelder for. Hver gang du åpner dem, ser veilederen det.',
    nobodyShares: 'Ingen har delt resultater med deg.',
    openResults: 'Se resultatene til {name}',
    resultsTitle: 'Resultatene til {name}',
    resultsVisibleBecause: 'Du ser dette fordi: {reason}.',
    auditedNote: 'Denne visningen er logget, og {name} kan se at du har lest den.',
    figuresNotShared: 'Tallene er ikke delt med deg.',
    commentsNotShared: 'Kommentarene er ikke delt med deg.',
    periodHeading: 'Periode {period}',
    answers: '{n} svar',
    notEnough: 'For få svar til å vise tall (minst {k}).',
    notEnoughComments: 'Kommentarer vises når perioden har minst {k} svar.',
    noComments: 'Ingen kommentarer i perioden.',
    statement: 'Utsagn',
    noAnswersYet: 'Ingen svar ennå.',
    jsonLink: 'Samme tall som JSON',
    policiesIntro:
      'Et kontor kan vedta at lederne ser resultatene til den enkelte veileder. Veilederne får se retningslinjen og startdatoen minst {days} dager før den gjelder.',
    office: 'Kontor',
    startsOn: 'Gjelder fra',
    startsOnHelp: 'ÅÅÅÅ-MM-DD, tidligst {date}',
    includeComments: 'Gjelder også kommentarer',
    publish: 'Publiser',
    withdraw: 'Trekk tilbake',
    noPolicies: 'Ingen retningslinjer er publisert.',
    currentPolicies: 'Publiserte retningslinjer',
    moderationIntro: 'Kommentarer som veiledere har meldt som krenkende. Å skjule en kommentar gjelder for alle, og blir logget.',
    hide: 'Skjul kommentaren',
    keep: 'Behold kommentaren',
    nothingReported: 'Ingen kommentarer er meldt.',
    state_reported: 'Meldt',
    state_hidden: 'Skjult',
    state_kept: 'Beholdt',
    comment: 'Kommentar',
  },
  nn: {
    readerReason_self: 'dette er dei eigne resultata dine',
    'readerReason_shared-with-leader': 'rettleiaren deler med leiaren sin',
    'readerReason_shared-with-group': 'rettleiaren deler med ei kollegagruppe du er med i',
    'readerReason_office-policy': 'retningslina til kontoret om at leiarar ser resultata til den einskilde',
    sharingIntro:
      'Resultata dine er dine. Du vel sjølv om leiaren din eller ei kollegagruppe skal sjå tala, og for seg kommentarane. Du kan slå av delinga når som helst, og det gjeld med ein gong.',
    figures: 'tal',
    comments: 'kommentarar',
    withLeader: 'Leiaren min',
    withGroup: 'Kollegagruppe: {name}',
    sharedOn: 'Delt',
    notShared: 'Ikkje delt',
    turnOn: 'Del {what} med {who}',
    turnOff: 'Slutt å dele {what} med {who}',
    shareTableCaption: 'Kven du deler med no',
    recipient: 'Mottakar',
    status: 'Status',
    action: 'Endre',
    groupsHeading: 'Kollegagrupper (kollegarettleiing)',
    groupsIntro: 'Lag ei gruppe med kollegaer på kontoret ditt. Medlemmene ser berre det kvar enkelt sjølv deler med gruppa.',
    groupName: 'Namn på ny gruppe',
    createGroup: 'Lag gruppe',
    members: 'Medlemmer',
    addMember: 'Legg til',
    colleague: 'Kollega',
    removeMember: 'Fjern {name}',
    leaveGroup: 'Gå ut av gruppa',
    noGroups: 'Du er ikkje med i noka kollegagruppe.',
    historyHeading: 'Historikk',
    historyGranted: 'Delt',
    historyRevoked: 'Slått av',
    stillActive: 'Gjeld',
    noHistory: 'Du har ikkje delt noko enno.',
    when: 'Tidspunkt',
    auditIntro: 'Kvar gong nokon andre enn deg les resultata dine, blir det logga her: kven, når og kva.',
    auditEmpty: 'Ingen andre har lese resultata dine.',
    who: 'Kven',
    what: 'Kva',
    why: 'Grunnlag',
    'action_individual_results.read': 'Las resultata dine',
    'action_comment.hide': 'Gøymde ein kommentar',
    'action_comment.keep': 'Heldt på ein meld kommentar',
    'action_policy.publish': 'Publiserte retningsline',
    'action_policy.withdraw': 'Trekte tilbake retningsline',
    reason_self: 'Deg sjølv',
    'reason_shared-with-leader': 'Du deler med leiaren din',
    'reason_shared-with-group': 'Du deler med ei kollegagruppe',
    'reason_office-policy': 'Retningslina til kontoret',
    commentsIntro: 'Dersom ein kommentar er krenkjande, kan du melde frå. Administratoren vurderer han og kan gøyme han for alle.',
    noReleasedComments: 'Ingen kommentarar er frigjevne enno.',
    reportAbusive: 'Meld frå om kommentaren',
    reported: 'Meld, ventar på vurdering',
    kept: 'Vurdert og halden på',
    month: 'Månad',
    sharedWithMeIntro:
      'Rettleiarar som har delt resultata sine med deg, eller som retningslina til kontoret gjeld for. Kvar gong du opnar dei, ser rettleiaren det.',
    nobodyShares: 'Ingen har delt resultat med deg.',
    openResults: 'Sjå resultata til {name}',
    resultsTitle: 'Resultata til {name}',
    resultsVisibleBecause: 'Du ser dette fordi: {reason}.',
    auditedNote: 'Denne visinga er logga, og {name} kan sjå at du har lese ho.',
    figuresNotShared: 'Tala er ikkje delte med deg.',
    commentsNotShared: 'Kommentarane er ikkje delte med deg.',
    periodHeading: 'Periode {period}',
    answers: '{n} svar',
    notEnough: 'For få svar til å vise tal (minst {k}).',
    notEnoughComments: 'Kommentarar blir viste når perioden har minst {k} svar.',
    noComments: 'Ingen kommentarar i perioden.',
    statement: 'Utsegn',
    noAnswersYet: 'Ingen svar enno.',
    jsonLink: 'Same tal som JSON',
    policiesIntro:
      'Eit kontor kan vedta at leiarane ser resultata til den einskilde rettleiaren. Rettleiarane får sjå retningslina og startdatoen minst {days} dagar før ho gjeld.',
    office: 'Kontor',
    startsOn: 'Gjeld frå',
    startsOnHelp: 'ÅÅÅÅ-MM-DD, tidlegast {date}',
    includeComments: 'Gjeld også kommentarar',
    publish: 'Publiser',
    withdraw: 'Trekk tilbake',
    noPolicies: 'Ingen retningsliner er publiserte.',
    currentPolicies: 'Publiserte retningsliner',
    moderationIntro: 'Kommentarar som rettleiarar har meldt som krenkjande. Å gøyme ein kommentar gjeld for alle, og blir logga.',
    hide: 'Gøym kommentaren',
    keep: 'Hald på kommentaren',
    nothingReported: 'Ingen kommentarar er melde.',
    state_reported: 'Meld',
    state_hidden: 'Gøymd',
    state_kept: 'Halden på',
    comment: 'Kommentar',
  },
  en: {
    readerReason_self: 'these are your own results',
    'readerReason_shared-with-leader': 'the counselor shares with their leader',
    'readerReason_shared-with-group': 'the counselor shares with a colleague group you are in',
    'readerReason_office-policy': 'the office policy that leaders see individual results',
    sharingIntro:
      'Your results are yours. You choose whether your leader or a colleague group sees your figures, and separately your comments. You can stop sharing at any time, and it takes effect at once.',
    figures: 'figures',
    comments: 'comments',
    withLeader: 'My leader',
    withGroup: 'Colleague group: {name}',
    sharedOn: 'Shared',
    notShared: 'Not shared',
    turnOn: 'Share {what} with {who}',
    turnOff: 'Stop sharing {what} with {who}',
    shareTableCaption: 'Whom you share with now',
    recipient: 'Recipient',
    status: 'Status',
    action: 'Change',
    groupsHeading: 'Colleague groups (peer supervision)',
    groupsIntro: 'Make a group with colleagues in your office. Members see only what each of them shares with the group.',
    groupName: 'Name of new group',
    createGroup: 'Create group',
    members: 'Members',
    addMember: 'Add',
    colleague: 'Colleague',
    removeMember: 'Remove {name}',
    leaveGroup: 'Leave the group',
    noGroups: 'You are not in any colleague group.',
    historyHeading: 'History',
    historyGranted: 'Shared',
    historyRevoked: 'Turned off',
    stillActive: 'In effect',
    noHistory: 'You have not shared anything yet.',
    when: 'Time',
    auditIntro: 'Every time someone other than you reads your results, it is logged here: who, when and what.',
    auditEmpty: 'Nobody else has read your results.',
    who: 'Who',
    what: 'What',
    why: 'Grounds',
    'action_individual_results.read': 'Read your results',
    'action_comment.hide': 'Hid a comment',
    'action_comment.keep': 'Kept a reported comment',
    'action_policy.publish': 'Published a policy',
    'action_policy.withdraw': 'Withdrew a policy',
    reason_self: 'Yourself',
    'reason_shared-with-leader': 'You share with your leader',
    'reason_shared-with-group': 'You share with a colleague group',
    'reason_office-policy': 'The office policy',
    commentsIntro: 'If a comment is abusive, you can report it. The administrator reviews it and can hide it from everyone.',
    noReleasedComments: 'No comments have been released yet.',
    reportAbusive: 'Report this comment',
    reported: 'Reported, awaiting review',
    kept: 'Reviewed and kept',
    month: 'Month',
    sharedWithMeIntro:
      'Counselors who have shared their results with you, or whom the office policy covers. Each time you open them, the counselor can see it.',
    nobodyShares: 'Nobody has shared results with you.',
    openResults: 'See the results of {name}',
    resultsTitle: 'Results of {name}',
    resultsVisibleBecause: 'You see this because: {reason}.',
    auditedNote: 'This view is logged, and {name} can see that you read it.',
    figuresNotShared: 'The figures are not shared with you.',
    commentsNotShared: 'The comments are not shared with you.',
    periodHeading: 'Period {period}',
    answers: '{n} answers',
    notEnough: 'Too few answers to show figures (at least {k}).',
    notEnoughComments: 'Comments are shown once the period has at least {k} answers.',
    noComments: 'No comments in this period.',
    statement: 'Statement',
    noAnswersYet: 'No answers yet.',
    jsonLink: 'The same figures as JSON',
    policiesIntro:
      "An office may decide that its leaders see each counselor's results. Counselors see the policy and its start date at least {days} days before it applies.",
    office: 'Office',
    startsOn: 'Applies from',
    startsOnHelp: 'YYYY-MM-DD, at the earliest {date}',
    includeComments: 'Covers comments too',
    publish: 'Publish',
    withdraw: 'Withdraw',
    noPolicies: 'No policies have been published.',
    currentPolicies: 'Published policies',
    moderationIntro: 'Comments that counselors have reported as abusive. Hiding a comment applies to everyone and is logged.',
    hide: 'Hide the comment',
    keep: 'Keep the comment',
    nothingReported: 'No comments have been reported.',
    state_reported: 'Reported',
    state_hidden: 'Hidden',
    state_kept: 'Kept',
    comment: 'Comment',
  },
};
