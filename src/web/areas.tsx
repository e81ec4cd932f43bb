import { Checkbox, CheckboxGroup } from '@navikt/ds-react';
import { translator, type Lang } from '../i18n/index.ts';
import { AREAS, areaNames } from '../i18n/vocabulary.ts';

/** The area tags as a list of names, e.g. "AAP, Folketrygdloven" (empty for no tags). */
export function areaList(lang: Lang, areas: readonly string[]): string {
  const name = translator(areaNames, lang);
  return areas
    .filter((a): a is (typeof AREAS)[number] => (AREAS as readonly string[]).includes(a))
    .map((a) => name(a))
    .join(', ');
}

/** The form's choice of area tags, the same on a session plan and a competence activity. */
export function AreaCheckboxes({ lang, legend, selected }: { lang: Lang; legend: string; selected: readonly string[] }) {
  const name = translator(areaNames, lang);
  return (
    <CheckboxGroup legend={legend} name="areas" defaultValue={[...selected]}>
      {AREAS.map((a) => (
        <Checkbox key={a} name="areas" value={a}>
          {name(a)}
        </Checkbox>
      ))}
    </CheckboxGroup>
  );
}
