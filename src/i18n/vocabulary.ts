import { translator, type Catalog, type Lang } from './index.ts';

/**
 * Words more than one page uses, in one place so that one thing has one name: pages, unit kinds, roles.
 *
 * The name of every employee page, one per language: the page's title and h1 and its entry in the
 * application menu are the same words (one name for one thing), so both read from here.
 */
export const PAGE_IDS = [
  'me',
  'meFair',
  'meSharing',
  'meComments',
  'meAudit',
  'meNotes',
  'sharedWithMe',
  'circles',
  'competence',
  'reports',
  'fair',
  'staff',
  'localQuestions',
  'policies',
  'monitoring',
  'roles',
  'moderation',
  'review',
] as const;
export type PageId = (typeof PAGE_IDS)[number];

export const pageNames: Catalog<PageId> = {
  nb: {
    me: 'Mine resultater',
    meFair: 'Mine resultater, justert for brukerne',
    meSharing: 'Deling av mine resultater',
    meComments: 'Meld fra om kommentarer',
    meAudit: 'Hvem har sett resultatene mine',
    meNotes: 'Mine notater',
    sharedWithMe: 'Delt med meg',
    circles: 'Kollegaveiledning',
    competence: 'Kompetansetiltak',
    reports: 'Rapporter',
    fair: 'Rettferdig sammenligning av kontorer',
    staff: 'Personalundersøkelser',
    localQuestions: 'Kontorets og fylkets spørsmål',
    policies: 'Kontorets retningslinje',
    monitoring: 'Overvåking av utvalget',
    roles: 'Roller',
    moderation: 'Meldte kommentarer',
    review: 'Vurder lokale spørsmål',
  },
  nn: {
    me: 'Resultata mine',
    meFair: 'Resultata mine, justerte for brukarane',
    meSharing: 'Deling av resultata mine',
    meComments: 'Meld frå om kommentarar',
    meAudit: 'Kven har sett resultata mine',
    meNotes: 'Notata mine',
    sharedWithMe: 'Delt med meg',
    circles: 'Kollegarettleiing',
    competence: 'Kompetansetiltak',
    reports: 'Rapportar',
    fair: 'Rettferdig samanlikning av kontor',
    staff: 'Personalundersøkingar',
    localQuestions: 'Spørsmåla til kontoret og fylket',
    policies: 'Retningslina til kontoret',
    monitoring: 'Overvaking av utvalet',
    roles: 'Roller',
    moderation: 'Melde kommentarar',
    review: 'Vurder lokale spørsmål',
  },
  en: {
    me: 'My results',
    meFair: 'My results, adjusted for who my users are',
    meSharing: 'Sharing my results',
    meComments: 'Report a comment',
    meAudit: 'Who has seen my results',
    meNotes: 'My notes',
    sharedWithMe: 'Shared with me',
    circles: 'Peer supervision',
    competence: 'Competence activities',
    reports: 'Reports',
    fair: 'Fair comparison of offices',
    staff: 'Staff surveys',
    localQuestions: 'Office and county questions',
    policies: 'Office policy',
    monitoring: 'Monitoring the selection',
    roles: 'Roles',
    moderation: 'Reported comments',
    review: 'Review local questions',
  },
};

/**
 * The areas of law and benefit a kollegaveiledning session or a competence activity is tagged with:
 * one list and one name for each, so a session on "AAP" and a course on "AAP" read alike.
 */
export const AREAS = ['folketrygdloven', 'sosialtjenesteloven', 'aap', 'dagpenger', 'sykepenger', 'oppfolging'] as const;
export type Area = (typeof AREAS)[number];
export const areaNames: Catalog<Area> = {
  nb: {
    folketrygdloven: 'Folketrygdloven',
    sosialtjenesteloven: 'Sosialtjenesteloven',
    aap: 'AAP',
    dagpenger: 'Dagpenger',
    sykepenger: 'Sykepenger',
    oppfolging: 'Oppfølging',
  },
  nn: {
    folketrygdloven: 'Folketrygdlova',
    sosialtjenesteloven: 'Sosialtenestelova',
    aap: 'AAP',
    dagpenger: 'Dagpengar',
    sykepenger: 'Sjukepengar',
    oppfolging: 'Oppfølging',
  },
  en: {
    folketrygdloven: 'National Insurance Act',
    sosialtjenesteloven: 'Social Services Act',
    aap: 'Work assessment allowance (AAP)',
    dagpenger: 'Unemployment benefit',
    sykepenger: 'Sickness benefit',
    oppfolging: 'Follow-up',
  },
};

export type UnitKindName = 'nation' | 'county' | 'office' | 'team';
export const unitKindNames: Catalog<UnitKindName> = {
  nb: { nation: 'landet', county: 'fylke', office: 'kontor', team: 'team' },
  nn: { nation: 'landet', county: 'fylke', office: 'kontor', team: 'team' },
  en: { nation: 'nation', county: 'county', office: 'office', team: 'team' },
};

export type RoleNameKey = 'counselor' | 'leader' | 'county_analyst' | 'national_analyst' | 'administrator';
export const roleNames: Catalog<RoleNameKey> = {
  nb: {
    counselor: 'Veileder',
    leader: 'Leder',
    county_analyst: 'Fylkesanalytiker',
    national_analyst: 'Nasjonal analytiker',
    administrator: 'Administrator',
  },
  nn: {
    counselor: 'Rettleiar',
    leader: 'Leiar',
    county_analyst: 'Fylkesanalytikar',
    national_analyst: 'Nasjonal analytikar',
    administrator: 'Administrator',
  },
  en: {
    counselor: 'Counselor',
    leader: 'Leader',
    county_analyst: 'County analyst',
    national_analyst: 'National analyst',
    administrator: 'Administrator',
  },
};

/** A questionnaire by name: the national one by its name, a local one by its id; with its version. */
const instrumentNames: Catalog<'national' | 'other'> = {
  nb: { national: 'Det nasjonale spørreskjemaet, versjon {version}', other: 'Spørreskjema {id}, versjon {version}' },
  nn: { national: 'Det nasjonale spørjeskjemaet, versjon {version}', other: 'Spørjeskjema {id}, versjon {version}' },
  en: { national: 'The national questionnaire, version {version}', other: 'Questionnaire {id}, version {version}' },
};

export function instrumentName(lang: Lang, instrument: { id: string; version: number; national: boolean }): string {
  return translator(instrumentNames, lang)(instrument.national ? 'national' : 'other', { id: instrument.id, version: instrument.version });
}
