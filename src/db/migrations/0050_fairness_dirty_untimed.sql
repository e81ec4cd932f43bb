-- No table records when an answer arrived (response has no timestamp by design); the dirty-month marks
-- must not either, or they would date single submissions until the next refresh.
alter table fairness_dirty_month drop column marked_at;
