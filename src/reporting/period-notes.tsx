import { Alert, BodyShort } from '@navikt/ds-react';
import { translator, type Catalog, type Lang } from '../i18n/index.ts';
import { formatLongDate } from '../i18n/format.ts';
import type { CommentsResult } from './counselor-report.ts';

/**
 * What a period of individual results says besides its figures, the same on the counselor's own page
 * and on the page of someone they share with: the unit (for a counselor who moved), a period that
 * has not closed yet and when its figures come, figures withheld from this reader, and why comments
 * are not shown.
 */
type Key = 'unit' | 'periodOpen' | 'withheld' | 'commentsTooFew' | 'commentsPeriodOpen' | 'commentsPerTertial' | 'commentsWithheld';
const messages: Catalog<Key> = {
  nb: {
    unit: 'Svar fra møter registrert på {unit}.',
    periodOpen:
      'Perioden er ikke avsluttet ennå. Tallene kommer {date}, når alle svarene for perioden er kommet inn, slik at ingen kan lese ut ett enkelt svar av en endring.',
    withheld:
      'Noen av tallene er holdt tilbake for deg: sammen med gruppens tall ville de vist svarene til kolleger som ikke har delt sine. Veilederen ser dem selv, og delingen gjelder fortsatt.',
    commentsTooFew: 'Kommentarer vises når perioden har minst {k} svar.',
    commentsPeriodOpen: 'Kommentarene kommer når perioden er avsluttet.',
    commentsPerTertial: 'Kommentarer vises per tertial. Velg tertial for å lese dem.',
    commentsWithheld:
      'Kommentarene er holdt tilbake for deg: sammen med gruppens kommentarer ville de vist hvilke kommentarer som gjelder kolleger som ikke har delt sine.',
  },
  nn: {
    unit: 'Svar frå møte registrerte på {unit}.',
    periodOpen:
      'Perioden er ikkje avslutta enno. Tala kjem {date}, når alle svara for perioden er komne inn, slik at ingen kan lese ut eitt einskilt svar av ei endring.',
    withheld:
      'Nokre av tala er haldne tilbake for deg: saman med tala til gruppa ville dei vist svara til kollegaer som ikkje har delt sine. Rettleiaren ser dei sjølv, og delinga gjeld framleis.',
    commentsTooFew: 'Kommentarar blir viste når perioden har minst {k} svar.',
    commentsPeriodOpen: 'Kommentarane kjem når perioden er avslutta.',
    commentsPerTertial: 'Kommentarar blir viste per tertial. Vel tertial for å lese dei.',
    commentsWithheld:
      'Kommentarane er haldne tilbake for deg: saman med kommentarane til gruppa ville dei vist kva kommentarar som gjeld kollegaer som ikkje har delt sine.',
  },
  en: {
    unit: 'Answers from meetings registered at {unit}.',
    periodOpen:
      'This period has not closed yet. Its figures come on {date}, once all its answers are in, so that no one can read a single answer off a change.',
    withheld:
      'Some figures are withheld from you: together with the group’s figures they would reveal the answers of colleagues who have not shared theirs. The counselor sees them, and the sharing still stands.',
    commentsTooFew: 'Comments are shown once the period has at least {k} answers.',
    commentsPeriodOpen: 'Comments come once the period has closed.',
    commentsPerTertial: 'Comments are shown per tertial. Choose tertials to read them.',
    commentsWithheld:
      'The comments are withheld from you: together with the group’s comments they would show which comments are about colleagues who have not shared theirs.',
  },
};

export function PeriodNotes({
  period,
  lang,
  showUnit,
}: {
  period: { closed: boolean; closes_on: string | null; withheld: boolean; unit: { name: string } };
  lang: Lang;
  showUnit: boolean;
}) {
  const t = translator(messages, lang);
  return (
    <>
      {showUnit ? (
        <BodyShort spacing size="small">
          {t('unit', { unit: period.unit.name })}
        </BodyShort>
      ) : null}
      {!period.closed && period.closes_on ? (
        <Alert variant="info" size="small" className="bs-section">
          {t('periodOpen', { date: formatLongDate(lang, period.closes_on) })}
        </Alert>
      ) : null}
      {period.withheld ? (
        <Alert variant="info" size="small" className="bs-section">
          {t('withheld')}
        </Alert>
      ) : null}
    </>
  );
}

/** Why a period's comments are not shown. */
export function commentsSuppressedText(comments: Extract<CommentsResult, { suppressed: true }>, lang: Lang): string {
  const t = translator(messages, lang);
  switch (comments.reason) {
    case 'period_open':
      return t('commentsPeriodOpen');
    case 'released_per_tertial':
      return t('commentsPerTertial');
    case 'disclosure_control':
      return t('commentsWithheld');
    default:
      return t('commentsTooFew', { k: comments.n_min });
  }
}
