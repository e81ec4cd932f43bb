import { z } from 'zod';
import { singleLineText } from '../validation/text.ts';
import { LANGUAGES } from '../i18n/index.ts';
import { normalisePhone } from '../contacts/normalise.ts';

/** One meeting event from a case system (state or municipal side). */

export const CHANNELS = ['in_person', 'phone', 'video', 'digital_dialogue'] as const;
export const MEETING_KINDS = [
  'follow_up',
  'first_assessment',
  'activity_planning',
  'aap_follow_up',
  'youth_follow_up',
  'qualification_programme',
  'social_services',
  'other',
] as const;
/** Cut at 30 for youth follow-up (seed 003); under 18 is never invited. */
export const AGE_BANDS = ['under_18', '18_29', '30_39', '40_49', '50_66', '67_plus'] as const;
export const INNSATSGRUPPER = ['standard', 'situasjonsbestemt', 'spesielt_tilpasset', 'varig_tilpasset'] as const;
export const BENEFITS = [
  'none',
  'aap',
  'dagpenger',
  'sykepenger',
  'uforetrygd',
  'sosialhjelp',
  'kvalifiseringsstonad',
  'tiltakspenger',
  'overgangsstonad',
  'other',
] as const;

const id = singleLineText().trim().min(1).max(100);

export const meetingEventSchema = z
  .object({
    external_id: singleLineText().trim().min(1).max(200),
    starts_at: z.iso.datetime({ offset: true }),
    counselor_id: id,
    unit_id: id,
    channel: z.enum(CHANNELS),
    meeting_kind: z.enum(MEETING_KINDS),
    email: z.string().trim().toLowerCase().pipe(z.email()).nullish(),
    mobile: z
      .string()
      .nullish()
      .transform((v, ctx) => {
        if (v === null || v === undefined || v.trim() === '') return null;
        const phone = normalisePhone(v);
        if (!phone) ctx.addIssue({ code: 'custom', message: 'not a valid mobile number' });
        return phone;
      }),
    language: z.enum(LANGUAGES).default('nb'),
    sensitive: z.boolean().default(false),
    protected_address: z.boolean().default(false),
    age_band: z.enum(AGE_BANDS).nullish(),
    innsatsgruppe: z.enum(INNSATSGRUPPER).nullish(),
    benefit: z.enum(BENEFITS).nullish(),
    recent_adverse_decision: z.boolean().nullish(),
    interpreter_used: z.boolean().nullish(),
    first_meeting: z.boolean().nullish(),
  })
  .strict();

export type MeetingEvent = z.infer<typeof meetingEventSchema>;

export const MAX_BATCH = 5000;

export const meetingBatchSchema = z.object({
  meetings: z.array(z.unknown()).min(1).max(MAX_BATCH),
});
