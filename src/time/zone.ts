/**
 * Wall-clock time in the agency's time zone (TIME_ZONE), for quiet hours, local months and the
 * moment a month's answers are final. Pure; Intl does the zone rules, including DST.
 */

export interface LocalTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
}

const partFormatters = new Map<string, Intl.DateTimeFormat>();
const offsetCache = new Map<string, number>();
const OFFSET_BUCKET_MS = 15 * 60_000;

/**
 * Wall-clock time of an instant in a time zone (Intl does the zone rules, including DST).
 * Zone offsets only change on quarter-hour boundaries, so the offset is computed once per
 * quarter hour and zone: Intl formatting is slow and batch scheduling calls this thousands of times.
 */
export function zonedParts(at: Date, timeZone: string): LocalTime & { second: number } {
  const t = at.getTime();
  const cacheKey = `${timeZone}|${Math.floor(t / OFFSET_BUCKET_MS)}`;
  let offset = offsetCache.get(cacheKey);
  if (offset === undefined) {
    offset = intlOffset(new Date(Math.floor(t / OFFSET_BUCKET_MS) * OFFSET_BUCKET_MS), timeZone);
    if (offsetCache.size > 50_000) offsetCache.clear();
    offsetCache.set(cacheKey, offset);
  }
  const local = new Date(t + offset);
  return {
    year: local.getUTCFullYear(),
    month: local.getUTCMonth() + 1,
    day: local.getUTCDate(),
    hour: local.getUTCHours(),
    minute: local.getUTCMinutes(),
    second: local.getUTCSeconds(),
  };
}

/** Milliseconds the zone's wall clock is ahead of UTC at this instant. */
function intlOffset(at: Date, timeZone: string): number {
  let fmt = partFormatters.get(timeZone);
  if (!fmt) {
    fmt = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    partFormatters.set(timeZone, fmt);
  }
  const parts = fmt.formatToParts(at);
  const pick = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const wall = Date.UTC(pick('year'), pick('month') - 1, pick('day'), pick('hour'), pick('minute'), pick('second'));
  return wall - Math.floor(at.getTime() / 1000) * 1000;
}

/** The instant when the wall clock in `timeZone` shows `local` (for a skipped hour: just after the jump). */
export function zonedTimeToInstant(local: LocalTime, timeZone: string): Date {
  const wall = Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute);
  const offsetAt = (t: number) => {
    const p = zonedParts(new Date(t), timeZone);
    return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - Math.floor(t / 1000) * 1000;
  };
  // Two rounds settle the offset on either side of a DST change.
  let guess = wall - offsetAt(wall);
  guess = wall - offsetAt(guess);
  return new Date(guess);
}

/** A date in the time zone, as YYYY-MM-DD (policies start on local days; figures appear on one). */
export function localDate(at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}

/** A local date `days` later (or earlier), YYYY-MM-DD. */
export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}
