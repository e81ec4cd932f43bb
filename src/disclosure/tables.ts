/**
 * Typed view of the disclosure tables of migration 0160_disclosure.sql, merged into the shared DB
 * interface by module augmentation.
 */
export interface DisclosureHistoryTable {
  reader_id: string;
  /** A counselor's answers at one unit (`counselor|unit`), or a unit's comparison average (`unit|id`). */
  subject: string;
  instrument_id: string;
  instrument_version: number;
  year: number;
  /** Per measure (and last, comments), a bit for each of the year's 16 fixed periods shown. */
  shown: number[];
}

declare module '../db/schema.ts' {
  interface DB {
    disclosure_history: DisclosureHistoryTable;
  }
}
