import { describe, expect, it } from 'vitest';
import {
  StatsInputError,
  chiSquareCdf,
  chiSquareQuantile,
  fCdf,
  fQuantile,
  normalCdf,
  normalQuantile,
  tCdf,
  tQuantile,
} from '../../src/stats/index.ts';
import { expectClose } from './fixtures.ts';

// Values from R 4.2: pt, qt, pchisq, qchisq, pf, qf, pnorm, qnorm.
describe('distributions against R', () => {
  it('CDFs and quantiles agree to 1e-8', () => {
    expectClose(tCdf(2, 10), 0.96330598261462974, 1e-8, 'pt');
    expectClose(tQuantile(0.975, 10), 2.2281388519862739, 1e-8, 'qt');
    expectClose(tCdf(-3.2, 3.5), 0.019870029683993679, 1e-8, 'pt fractional df');
    expectClose(chiSquareCdf(3.84, 1), 0.94995647875129474, 1e-8, 'pchisq');
    expectClose(chiSquareQuantile(0.95, 4), 9.487729036781154, 1e-8, 'qchisq');
    expectClose(fCdf(3, 2, 20), 0.92746184971359436, 1e-8, 'pf');
    expectClose(fQuantile(0.95, 3, 40), 2.8387453980206434, 1e-8, 'qf');
    expectClose(normalCdf(-1.5), 0.066807201268858071, 1e-8, 'pnorm');
    expectClose(normalQuantile(0.9), 1.2815515655446008, 1e-8, 'qnorm');
  });
  it('rejects impossible parameters', () => {
    expect(() => tCdf(1, 0)).toThrow(StatsInputError);
    expect(() => normalQuantile(1)).toThrow(StatsInputError);
    expect(() => fQuantile(0.5, 2, Number.NaN)).toThrow(StatsInputError);
  });
});
