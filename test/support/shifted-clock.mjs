// Preloaded (`node --import`) into a Brukerstemme process by the fault test (test/support/cluster.ts) to
// move its wall clock BRUKERSTEMME_TEST_CLOCK_OFFSET_MS ahead: the last worker runs after the test's
// month is final, so the report snapshot counts its answers. Timers are not affected.
const offset = Number(process.env.BRUKERSTEMME_TEST_CLOCK_OFFSET_MS ?? 0);
if (offset) {
  const RealDate = Date;
  class ShiftedDate extends RealDate {
    constructor(...args) {
      if (args.length === 0) super(RealDate.now() + offset);
      else super(...args);
    }
    static now() {
      return RealDate.now() + offset;
    }
  }
  globalThis.Date = ShiftedDate;
}
