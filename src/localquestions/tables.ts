import type { ColumnType, Generated } from 'kysely';

/**
 * Typed view of migration 0110_local_questions.sql, merged into the shared DB interface by module
 * augmentation so this capability's tables live with it.
 */
type Timestamp = ColumnType<Date, Date | string, Date | string>;

export type LocalQuestionStatus = 'pending' | 'approved' | 'rejected' | 'withdrawn' | 'ended';

export interface LocalQuestionTable {
  id: Generated<number>;
  owner_unit_id: string;
  text: ColumnType<unknown, string, string>;
  /** First day of a month, YYYY-MM-01 (dates are read as strings). */
  start_month: string;
  end_month: string;
  status: ColumnType<LocalQuestionStatus, LocalQuestionStatus | undefined, LocalQuestionStatus>;
  proposed_by: string;
  proposed_at: Timestamp;
  decided_by: string | null;
  decided_at: Timestamp | null;
  decision_reason: string | null;
  closed_by: string | null;
  closed_at: Timestamp | null;
  proposed_end_month: string;
}

export interface LocalAnswerTable {
  question_id: number;
  month: string;
  /** 0 = "don't know / not relevant", 1..6 the scale. */
  value: number;
  answers: number;
}

declare module '../db/schema.ts' {
  interface DB {
    local_question: LocalQuestionTable;
    local_answer: LocalAnswerTable;
  }
}
