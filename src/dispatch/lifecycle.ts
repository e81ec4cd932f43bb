import type { InvitationState } from '../db/schema.ts';

/**
 * The invitation's life as a pure function of its row and the time: what a worker should do with
 * an invitation that has come due.
 *
 *   scheduled → sending → sent → reminding → reminded → expired
 *                  ↘ failed        ↘ (no reminder) ──────↗      answered (set by the survey) at any point after sending
 *   scheduled/sending → cancelled (opted out before the send)
 *   answered/expired (and sent/reminded past expiry) → closed, by the retention pass once the link has expired
 */

/** States in which a survey link may be answered. 'sending' counts: a crash after the send leaves it there for a while. */
export const ANSWERABLE_STATES: readonly InvitationState[] = ['sending', 'sent', 'reminding', 'reminded'];
export const FINAL_STATES: readonly InvitationState[] = ['answered', 'expired', 'failed', 'cancelled', 'closed'];

export function isAnswerable(state: InvitationState, expiresAt: Date, now: Date): boolean {
  return ANSWERABLE_STATES.includes(state) && now.getTime() < expiresAt.getTime();
}

export interface DueRow {
  state: InvitationState;
  reminder_at: Date | null;
  reminded_at: Date | null;
  expires_at: Date;
  attempts: number;
}

export type DueAction =
  | { kind: 'send_invite' }
  | { kind: 'send_reminder' }
  | { kind: 'expire' }
  /** Delivery attempts used up (repeated crashes mid-send). */
  | { kind: 'give_up' }
  /** A final state that still had a due time: clear it (and any contact left behind). */
  | { kind: 'settle' }
  | { kind: 'wait'; until: Date };

export function dueAction(row: DueRow, now: Date, maxAttempts: number): DueAction {
  if (FINAL_STATES.includes(row.state)) return { kind: 'settle' };
  if (now.getTime() >= row.expires_at.getTime()) return { kind: 'expire' };
  switch (row.state) {
    case 'scheduled':
    case 'sending':
      return row.attempts >= maxAttempts ? { kind: 'give_up' } : { kind: 'send_invite' };
    case 'reminding':
      return row.attempts >= maxAttempts ? { kind: 'give_up' } : { kind: 'send_reminder' };
    case 'sent':
      if (row.reminder_at && !row.reminded_at) {
        return now.getTime() >= row.reminder_at.getTime() ? { kind: 'send_reminder' } : { kind: 'wait', until: row.reminder_at };
      }
      return { kind: 'wait', until: row.expires_at };
    case 'reminded':
    default:
      return { kind: 'wait', until: row.expires_at };
  }
}
