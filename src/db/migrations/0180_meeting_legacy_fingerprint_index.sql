-- Every start looks for meetings whose fingerprint is still of the legacy kind (rekeyLegacyFingerprints,
-- intake/fingerprint.ts). Once they are rekeyed there are none, and without an index finding that out
-- meant reading the whole meeting table (the slowest query of a restart). This index holds only such
-- rows: empty after the rekeying, so the look is instant and costs inserts nothing worth counting.
create index if not exists meeting_legacy_fingerprint on meeting (id)
  where payload_hash not like 'k:%' and payload_hash not like 'r:%' and fingerprint_after is null;
