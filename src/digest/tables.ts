import type { Timestamp } from '../db/schema.ts';

export interface DigestSentTable {
  employee_id: string;
  month: string;
  state: 'sending' | 'sent';
  lease_until: Timestamp | null;
  sent_at: Timestamp | null;
}

declare module '../db/schema.ts' {
  interface DB {
    digest_sent: DigestSentTable;
  }
}
