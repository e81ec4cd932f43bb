import { describe, expect, it } from 'vitest';
import { leastSquares } from '../../bench/rows.ts';

describe('leastSquares (the soak bench slope)', () => {
  it('matches lm(y ~ x) on a small example worked by hand', () => {
    // x̄ = 3, ȳ = 4, Sxx = 10, Sxy = 6: slope 0.6, intercept 2.2; residuals −0.8, 0.6, 1, −0.6, −0.2,
    // SSE = 2.4, s² = 2.4 / 3 = 0.8, se(slope) = √(0.8 / 10) = 0.2828427125. R 4.2's
    // summary(lm(y ~ x, data.frame(x = 1:5, y = c(2, 4, 5, 4, 5))))$coefficients prints the same:
    // x 0.6 (Std. Error 0.2828427125), (Intercept) 2.2.
    const fit = leastSquares([1, 2, 3, 4, 5], [2, 4, 5, 4, 5]);
    expect(fit.slope).toBeCloseTo(0.6, 12);
    expect(fit.intercept).toBeCloseTo(2.2, 12);
    expect(fit.slopeSe).toBeCloseTo(Math.sqrt(0.08), 12);
    expect(fit.n).toBe(5);
  });

  it('recovers an exact line, with no error, whatever the spacing of x', () => {
    const xs = [10, 11, 13, 17, 25, 41];
    const fit = leastSquares(
      xs,
      xs.map((x) => 7 - 0.25 * x),
    );
    expect(fit.slope).toBeCloseTo(-0.25, 12);
    expect(fit.intercept).toBeCloseTo(7, 12);
    expect(fit.slopeSe).toBeCloseTo(0, 12);
  });

  it('is flat for a constant series and undefined where no line is', () => {
    expect(leastSquares([0, 1, 2, 3], [5, 5, 5, 5]).slope).toBe(0);
    expect(leastSquares([1], [1]).slope).toBeNaN();
    expect(leastSquares([2, 2, 2], [1, 2, 3]).slope).toBeNaN();
    expect(leastSquares([1, 2], [1, 3]).slopeSe).toBeNaN();
    expect(() => leastSquares([1, 2], [1])).toThrow(/2 x values but 1 y values/);
  });
});
