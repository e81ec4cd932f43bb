import type { ColumnType, Generated } from 'kysely';

/**
 * Typed view of migration 0030_sharing.sql. Merged into the shared DB interface by module
 * augmentation, so this capability's tables live with it.
 */
type Timestamp = ColumnType<Date, Date | string, Date | string>;
type DefaultTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;

export type ShareWhat = 'figures' | 'comments';
export type GranteeKind = 'leader' | 'group';

export interface ColleagueGroupTable {
  id: Generated<number>;
  office_id: string;
  name: string;
  created_by: string;
  created_at: DefaultTimestamp;
}

export interface ColleagueGroupMemberTable {
  id: Generated<number>;
  group_id: number;
  employee_id: string;
  added_at: DefaultTimestamp;
  removed_at: Timestamp | null;
}

export interface ResultShareTable {
  id: Generated<number>;
  counselor_id: string;
  grantee_kind: GranteeKind;
  group_id: number | null;
  what: ShareWhat;
  created_at: DefaultTimestamp;
  revoked_at: Timestamp | null;
}

export interface OfficePolicyTable {
  id: Generated<number>;
  office_id: string;
  includes_comments: boolean;
  /** A local date, YYYY-MM-DD (dates are read as strings). */
  starts_on: string;
  published_at: DefaultTimestamp;
  published_by: string;
  withdrawn_at: Timestamp | null;
  withdrawn_by: string | null;
}

export interface CommentModerationTable {
  response_id: string;
  state: 'reported' | 'hidden' | 'kept';
  reported_at: Timestamp;
  decided_at: Timestamp | null;
  decided_by: string | null;
}

declare module '../db/schema.ts' {
  interface DB {
    colleague_group: ColleagueGroupTable;
    colleague_group_member: ColleagueGroupMemberTable;
    result_share: ResultShareTable;
    office_policy: OfficePolicyTable;
    comment_moderation: CommentModerationTable;
  }
}
