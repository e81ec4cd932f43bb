import type { Database } from '../db/database.ts';
import type { Lang } from '../i18n/index.ts';

/**
 * A survey instrument is data, versioned. Changing any text or the order of statements means a new
 * version: responses name the version they answered, and `response.answers` holds one value per
 * statement in the definition's order (1..6, or null for "don't know / not relevant" or unanswered).
 */
export type LocalizedText = Record<Lang, string>;

export interface InstrumentStatement {
  /** Stable key across versions when the meaning is unchanged (lets reports line versions up). */
  id: string;
  text: LocalizedText;
}

export interface RatingItem {
  id: string;
  text: LocalizedText;
  /** Labels for the two ends of the 1..6 scale. */
  low: LocalizedText;
  high: LocalizedText;
}

export interface InstrumentDefinition {
  id: string;
  version: number;
  title: LocalizedText;
  /** Lead-in shown above the statements. */
  statementsIntro: LocalizedText;
  statements: InstrumentStatement[];
  /** Labels for the agreement scale, index 0 = value 1 (helt uenig) … index 5 = value 6 (helt enig). */
  scale: LocalizedText[];
  /** The "vet ikke / ikke relevant" option, stored as null. */
  dontKnow: LocalizedText;
  /** Overall rating of the meeting, stored in response.overall. */
  overall: RatingItem;
  /** NAV in general, asked apart from the counselor so anger at the system does not land on the counselor; response.nav_general. */
  navGeneral: RatingItem;
  /** One optional free-text question, stored in response.comment. */
  comment: { id: string; text: LocalizedText; hint: LocalizedText; maxLength: number };
}

export const SCALE_MIN = 1;
export const SCALE_MAX = 6;
/**
 * "Agree" on the six-point scale: an answer from AGREE_FROM up (slightly agree, agree, strongly agree).
 * Every share agreeing — national statements, office and county questions — is counted by this and
 * named by AGREE_RANGE, so what a column says and what it computes are one thing.
 */
export const AGREE_FROM = 4;
/** "4–6", for column headings and notes. */
export const AGREE_RANGE = `${AGREE_FROM}–${SCALE_MAX}`;

export const NATIONAL_INSTRUMENT: InstrumentDefinition = {
  id: 'national',
  version: 1,
  title: {
    nb: 'Hva synes du om møtet med veilederen din?',
    nn: 'Kva synest du om møtet med rettleiaren din?',
    en: 'What did you think of the meeting with your counselor?',
  },
  statementsIntro: {
    nb: 'Hvor enig eller uenig er du i disse utsagnene om møtet?',
    nn: 'Kor samd eller usamd er du i desse utsegnene om møtet?',
    en: 'How much do you agree or disagree with these statements about the meeting?',
  },
  statements: [
    {
      id: 'prepared',
      text: {
        nb: 'Veilederen var godt forberedt til møtet.',
        nn: 'Rettleiaren var godt førebudd til møtet.',
        en: 'The counselor was well prepared for the meeting.',
      },
    },
    {
      id: 'understanding',
      text: {
        nb: 'Jeg ble møtt med forståelse.',
        nn: 'Eg vart møtt med forståing.',
        en: 'I was met with understanding.',
      },
    },
    {
      id: 'time',
      text: {
        nb: 'Jeg fikk nok tid til å forklare situasjonen min.',
        nn: 'Eg fekk nok tid til å forklare situasjonen min.',
        en: 'I got enough time to explain my situation.',
      },
    },
    {
      id: 'planned',
      text: {
        nb: 'Det var planlagt og kjent for meg hva møtet skulle handle om.',
        nn: 'Det var planlagt og kjent for meg kva møtet skulle handle om.',
        en: 'What the meeting would be about was planned and known to me.',
      },
    },
    {
      id: 'next_steps',
      text: {
        nb: 'Jeg fikk informasjon jeg forsto om hva som skjer videre.',
        nn: 'Eg fekk informasjon eg forstod om kva som skjer vidare.',
        en: 'I got information I could understand about what happens next.',
      },
    },
    {
      id: 'respect',
      text: {
        nb: 'Jeg ble behandlet med respekt.',
        nn: 'Eg vart handsama med respekt.',
        en: 'I was treated with respect.',
      },
    },
  ],
  scale: [
    { nb: 'Helt uenig', nn: 'Heilt usamd', en: 'Strongly disagree' },
    { nb: 'Uenig', nn: 'Usamd', en: 'Disagree' },
    { nb: 'Litt uenig', nn: 'Litt usamd', en: 'Slightly disagree' },
    { nb: 'Litt enig', nn: 'Litt samd', en: 'Slightly agree' },
    { nb: 'Enig', nn: 'Samd', en: 'Agree' },
    { nb: 'Helt enig', nn: 'Heilt samd', en: 'Strongly agree' },
  ],
  dontKnow: { nb: 'Vet ikke / ikke relevant', nn: 'Veit ikkje / ikkje relevant', en: "Don't know / not relevant" },
  overall: {
    id: 'overall',
    text: {
      nb: 'Alt i alt, hvor fornøyd er du med møtet?',
      nn: 'Alt i alt, kor nøgd er du med møtet?',
      en: 'All in all, how satisfied are you with the meeting?',
    },
    low: { nb: 'Svært misfornøyd', nn: 'Svært misnøgd', en: 'Very dissatisfied' },
    high: { nb: 'Svært fornøyd', nn: 'Svært nøgd', en: 'Very satisfied' },
  },
  navGeneral: {
    id: 'nav_general',
    text: {
      nb: 'Uavhengig av dette møtet: hvordan ser du på NAV generelt?',
      nn: 'Uavhengig av dette møtet: korleis ser du på NAV generelt?',
      en: 'Apart from this meeting: how do you see NAV in general?',
    },
    low: { nb: 'Svært negativt', nn: 'Svært negativt', en: 'Very negatively' },
    high: { nb: 'Svært positivt', nn: 'Svært positivt', en: 'Very positively' },
  },
  comment: {
    id: 'comment',
    text: {
      nb: 'Er det noe mer du vil fortelle om møtet? (valgfritt)',
      nn: 'Er det noko meir du vil fortelje om møtet? (valfritt)',
      en: 'Is there anything else you would like to say about the meeting? (optional)',
    },
    hint: {
      nb: 'Ikke skriv navn, fødselsnummer eller andre opplysninger som kan identifisere deg eller andre.',
      nn: 'Ikkje skriv namn, fødselsnummer eller andre opplysningar som kan identifisere deg eller andre.',
      en: 'Do not write names, national identity numbers or anything else that could identify you or others.',
    },
    maxLength: 2000,
  },
};

/** Publishes a definition; a no-op when that id and version already exist (definitions never change in place). */
export async function ensureInstrument(db: Database, def: InstrumentDefinition): Promise<void> {
  await db
    .insertInto('instrument')
    .values({ id: def.id, version: def.version, definition: JSON.stringify(def) })
    .onConflict((oc) => oc.columns(['id', 'version']).doNothing())
    .execute();
}

export async function loadInstrument(db: Database, id: string, version: number): Promise<InstrumentDefinition | undefined> {
  const row = await db.selectFrom('instrument').select('definition').where('id', '=', id).where('version', '=', version).executeTakeFirst();
  if (!row) return undefined;
  // jsonb arrives parsed from pg and PGlite alike; a string would mean a driver without the parser.
  return (typeof row.definition === 'string' ? JSON.parse(row.definition) : row.definition) as InstrumentDefinition;
}
