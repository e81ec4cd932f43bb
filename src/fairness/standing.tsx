import { BodyLong } from '@navikt/ds-react';
import { translator, type Catalog, type Lang } from '../i18n/index.ts';
import { formatDecimal } from '../i18n/format.ts';
import type { FairFigure } from './report.ts';

/**
 * Where a counselor stands on one statement, said first in plain words and drawn on the whole 1–6
 * scale: their adjusted estimate with its interval beside the national level. The picture carries
 * exactly the numbers of the sentence (same rounding, same locale), so the two cannot disagree; the
 * model behind them is on the same page, folded away.
 */

type Key =
  | 'higher'
  | 'lower'
  | 'same'
  | 'sentence'
  | 'noFigure'
  | 'pictureTitle'
  | 'pictureDescription'
  | 'you'
  | 'nation'
  | 'scaleLow'
  | 'scaleHigh';

export const standingMessages: Catalog<Key> = {
  nb: {
    sentence:
      'Når vi tar hensyn til hvem brukerne dine er, ligger du på {estimate} på «{statement}», trolig et sted mellom {lower} og {upper}. Landet ligger på {nation}: {verdict}',
    higher: 'du ligger sikkert høyere enn landet.',
    lower: 'du ligger sikkert lavere enn landet.',
    same: 'forskjellen fra landet er ikke større enn det tilfeldigheter kan gi.',
    noFigure: 'Du har for få svar på «{statement}» i denne perioden til at vi kan si hvor du ligger.',
    pictureTitle: 'Hvor du ligger på «{statement}»',
    pictureDescription:
      'Skala fra 1 til 6. Streken er området du trolig ligger i ({lower}–{upper}), punktet er {estimate}. Den stiplede linjen er landet ({nation}).',
    you: 'Deg',
    nation: 'Landet',
    scaleLow: 'helt uenig',
    scaleHigh: 'helt enig',
  },
  nn: {
    sentence:
      'Når vi tek omsyn til kven brukarane dine er, ligg du på {estimate} på «{statement}», truleg ein stad mellom {lower} og {upper}. Landet ligg på {nation}: {verdict}',
    higher: 'du ligg sikkert høgare enn landet.',
    lower: 'du ligg sikkert lågare enn landet.',
    same: 'skilnaden frå landet er ikkje større enn det tilfeldigheiter kan gje.',
    noFigure: 'Du har for få svar på «{statement}» i denne perioden til at vi kan seie kvar du ligg.',
    pictureTitle: 'Kvar du ligg på «{statement}»',
    pictureDescription:
      'Skala frå 1 til 6. Streken er området du truleg ligg i ({lower}–{upper}), punktet er {estimate}. Den stipla linja er landet ({nation}).',
    you: 'Deg',
    nation: 'Landet',
    scaleLow: 'heilt ueinig',
    scaleHigh: 'heilt einig',
  },
  en: {
    sentence:
      'Taking into account who your users are, you are at {estimate} on “{statement}”, probably somewhere between {lower} and {upper}. The nation is at {nation}: {verdict}',
    higher: 'you are clearly above the nation.',
    lower: 'you are clearly below the nation.',
    same: 'the difference from the nation is no larger than chance can make.',
    noFigure: 'You have too few answers on “{statement}” in this period for us to say where you stand.',
    pictureTitle: 'Where you stand on “{statement}”',
    pictureDescription:
      'Scale from 1 to 6. The bar is the range you probably lie in ({lower}–{upper}), the dot is {estimate}. The dashed line is the nation ({nation}).',
    you: 'You',
    nation: 'Nation',
    scaleLow: 'strongly disagree',
    scaleHigh: 'strongly agree',
  },
};

/** The numbers of the sentence and the picture, rounded once. */
function figuresOf(own: FairFigure, reference: number, lang: Lang) {
  // Two decimals, as in the table of the same figures below.
  const f = (v: number) => formatDecimal(lang, v, 2);
  return { estimate: f(own.estimate!), lower: f(own.interval!.lower), upper: f(own.interval!.upper), nation: f(reference) };
}

export function CounselorStanding(props: { own: FairFigure | undefined; statement: string; reference: number; lang: Lang; id: string }) {
  const { own, statement, reference, lang, id } = props;
  const t = translator(standingMessages, lang);
  if (!own || own.suppressed || own.estimate === null || own.interval === null) {
    return <BodyLong spacing>{t('noFigure', { statement })}</BodyLong>;
  }
  const numbers = figuresOf(own, reference, lang);
  const verdict = own.differs === 'higher' ? t('higher') : own.differs === 'lower' ? t('lower') : t('same');
  return (
    <>
      <BodyLong size="large" spacing data-testid="fair-standing">
        {t('sentence', { ...numbers, statement, verdict })}
      </BodyLong>
      <StandingPicture own={own} reference={reference} statement={statement} lang={lang} id={id} numbers={numbers} t={t} />
    </>
  );
}

function StandingPicture(props: {
  own: FairFigure;
  reference: number;
  statement: string;
  lang: Lang;
  id: string;
  numbers: ReturnType<typeof figuresOf>;
  t: ReturnType<typeof translator<Key>>;
}) {
  const { own, reference, statement, lang, id, numbers, t } = props;
  // A narrow viewBox so that on a 360 px phone the text is drawn at about its nominal size.
  const width = 340;
  const left = 20;
  const right = width - 20;
  const x = (v: number) => left + ((Math.min(6, Math.max(1, v)) - 1) / 5) * (right - left);
  const row = 44;
  const axis = 78;
  return (
    <figure className="bs-section bs-standing">
      <svg
        role="img"
        aria-labelledby={`${id}-title ${id}-desc`}
        viewBox={`0 0 ${width} 118`}
        width="100%"
        xmlns="http://www.w3.org/2000/svg"
      >
        <title id={`${id}-title`}>{t('pictureTitle', { statement })}</title>
        <desc id={`${id}-desc`}>{t('pictureDescription', numbers)}</desc>
        <line x1={x(reference)} x2={x(reference)} y1={10} y2={axis} stroke="#262626" strokeDasharray="4 3" />
        <text
          x={x(reference)}
          y={12}
          dx={x(reference) > width / 2 ? -4 : 4}
          textAnchor={x(reference) > width / 2 ? 'end' : 'start'}
          fontSize="13"
          fill="#262626"
        >
          {`${t('nation')} ${numbers.nation}`}
        </text>
        <rect
          x={x(own.interval!.lower)}
          y={row - 7}
          width={Math.max(2, x(own.interval!.upper) - x(own.interval!.lower))}
          height={14}
          rx={7}
          fill="#99c4dd"
        />
        <circle cx={x(own.estimate!)} cy={row} r={7} fill="#0056b4" />
        <text x={x(own.estimate!)} y={row - 13} textAnchor="middle" fontSize="13" fontWeight="600" fill="#0056b4">
          {`${t('you')} ${numbers.estimate}`}
        </text>
        <line x1={left} x2={right} y1={axis} y2={axis} stroke="#262626" />
        {[1, 2, 3, 4, 5, 6].map((v) => (
          <g key={v}>
            <line x1={x(v)} x2={x(v)} y1={axis} y2={axis + 5} stroke="#262626" />
            <text x={x(v)} y={axis + 19} textAnchor="middle" fontSize="13" fill="#262626">
              {formatDecimal(lang, v, 0)}
            </text>
          </g>
        ))}
        <text x={left} y={axis + 36} textAnchor="start" fontSize="12" fill="#262626">
          {t('scaleLow')}
        </text>
        <text x={right} y={axis + 36} textAnchor="end" fontSize="12" fill="#262626">
          {t('scaleHigh')}
        </text>
      </svg>
    </figure>
  );
}
