/** A synthetic fødselsnummer with valid check digits (15.05.1985, individual number 123), as fnrvalidator counts it. */
export function validFnr(): string {
  const base = '150585123'.split('').map(Number);
  const mod = (ws: number[], ds: number[]) => {
    const r = 11 - (ws.reduce((s, w, i) => s + w * ds[i], 0) % 11);
    return r === 11 ? 0 : r;
  };
  const k1 = mod([3, 7, 6, 1, 8, 9, 4, 5, 2], base);
  const k2 = mod([5, 4, 3, 2, 7, 6, 5, 4, 3, 2], [...base, k1]);
  return [...base, k1, k2].join('');
}
