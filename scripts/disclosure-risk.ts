/**
 * How often the invariants the server does not guarantee fail, over random scenarios from the
 * disclosure property test: `npx tsx scripts/disclosure-risk.ts [scenarios] [seed]`. Prints, per
 * invariant, the share of scenarios with at least one violation and an example.
 */
import fc from 'fast-check';
import { scenarioArbitrary, violations, type Invariant } from '../test/support/disclosure-oracle.ts';

const count = Number(process.argv[2] ?? 2000);
const seed = Number(process.argv[3] ?? 42);
const failing = new Map<Invariant, { scenarios: number; example: string }>();
let withAnswers = 0;
for (const scenario of fc.sample(scenarioArbitrary, { numRuns: count, seed })) {
  if (scenario.responses.length > 0) withAnswers++;
  const found = violations(scenario);
  for (const invariant of new Set(found.map((v) => v.invariant))) {
    const entry = failing.get(invariant) ?? { scenarios: 0, example: found.find((v) => v.invariant === invariant)!.detail };
    entry.scenarios++;
    failing.set(invariant, entry);
  }
}
console.log(`${count} scenarios (seed ${seed}), ${withAnswers} with answers`);
for (const invariant of ['I1', 'I2', 'I3', 'I4', 'I5', 'X1', 'X2'] as Invariant[]) {
  const entry = failing.get(invariant);
  console.log(
    `${invariant}: ${entry ? `${entry.scenarios} scenarios (${((100 * entry.scenarios) / count).toFixed(2)} %), e.g. ${entry.example}` : 'none'}`,
  );
}
