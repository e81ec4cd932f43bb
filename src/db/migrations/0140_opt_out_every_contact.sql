-- Opt-out is for the person, not for the one address the message went to: a user who said no from
-- an e-mail must not get an SMS next time. An invitation keeps the salted keys of every contact
-- the case system gave for the meeting (not only the one it was delivered on), and so does the
-- opt-out link made for it; opting out records them all. Null on rows from before this migration,
-- which fall back to the delivery key.
alter table invitation add column contact_keys text[];
alter table opt_out_link add column contact_keys text[];
