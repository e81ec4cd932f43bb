import { translator, type Catalog, type Lang } from '../i18n/index.ts';
import { MARKERS } from '../validation/scrub.ts';

/**
 * A user's comment as a page shows it: marked with the language the user answered in, and each
 * part the scrubber took out (a name, a phone number) said in the reader's language and set apart,
 * so an English reader sees "[name removed]" inside a bokmål comment, marked as English.
 */

type Marker = keyof typeof MARKERS;
const markerWords: Catalog<Marker> = {
  nb: {
    idNumber: 'fødselsnummer fjernet',
    email: 'e-post fjernet',
    phone: 'telefonnummer fjernet',
    name: 'navn fjernet',
    number: 'nummer fjernet',
  },
  nn: {
    idNumber: 'fødselsnummer fjerna',
    email: 'e-post fjerna',
    phone: 'telefonnummer fjerna',
    name: 'namn fjerna',
    number: 'nummer fjerna',
  },
  en: {
    idNumber: 'identity number removed',
    email: 'e-mail removed',
    phone: 'phone number removed',
    name: 'name removed',
    number: 'number removed',
  },
};

const byText = new Map(Object.entries(MARKERS).map(([key, text]) => [text as string, key as Marker]));
const SPLIT = new RegExp(`(${[...byText.keys()].map((m) => m.replace(/[[\]]/g, '\\$&')).join('|')})`);

export function CommentText({ text, lang, pageLang }: { text: string; lang: string; pageLang: Lang }) {
  const t = translator(markerWords, pageLang);
  return (
    <span lang={lang}>
      {text.split(SPLIT).map((part, i) => {
        const marker = byText.get(part);
        return marker ? (
          <span key={i} lang={pageLang} className="bs-scrubbed">
            [{t(marker)}]
          </span>
        ) : (
          part
        );
      })}
    </span>
  );
}
