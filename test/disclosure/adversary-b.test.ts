import { determinedReader } from '../support/determined-reader.ts';

// The second half of the determined reader's cases (see adversary-a.test.ts).
determinedReader(20271205);
