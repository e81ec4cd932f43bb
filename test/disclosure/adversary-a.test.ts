import { determinedReader } from '../support/determined-reader.ts';

// The determined reader over random organisations (test/support/determined-reader.ts); the cases are
// split over two files so that both workers run them.
determinedReader(20261205);
