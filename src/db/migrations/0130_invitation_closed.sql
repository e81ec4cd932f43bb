-- 'closed': an invitation whose link has expired, answered or not. Once nobody can answer any more,
-- whether this one invitation was answered is no longer needed (answers are counted from the
-- response table), and keeping it would let the meeting row be matched to its response. The
-- retention pass (src/dispatch/retention.ts) moves answered and expired invitations here together.
alter table invitation drop constraint invitation_state_check;
alter table invitation add constraint invitation_state_check
  check (state in ('scheduled', 'sending', 'sent', 'reminding', 'reminded', 'answered', 'expired', 'failed', 'cancelled', 'closed'));
create index invitation_closable_idx on invitation (expires_at) where state in ('answered', 'expired', 'sent', 'reminded');
