/**
 * A minimal iCalendar reader for the tests (no iCalendar library is installed; ical.js would be the
 * maintained one): unfolds lines, splits name, parameters and value, unescapes TEXT values.
 */
export type ParsedEvent = Record<string, string> & { attendees: string[] };

const unescape = (v: string) => v.replace(/\\([\\;,nN])/g, (_, c: string) => (c === 'n' || c === 'N' ? '\n' : c));

export function parseCalendar(text: string): { method: string | undefined; version: string | undefined; events: ParsedEvent[] } {
  if (!text.startsWith('BEGIN:VCALENDAR\r\n')) throw new Error('not a calendar');
  const lines = text
    .replace(/\r\n[ \t]/g, '')
    .split('\r\n')
    .filter(Boolean);
  const events: ParsedEvent[] = [];
  let method: string | undefined;
  let version: string | undefined;
  let current: ParsedEvent | null = null;
  for (const line of lines) {
    const colon = line.search(/:(?=(?:[^"]*"[^"]*")*[^"]*$)/);
    const head = line.slice(0, colon);
    const value = line.slice(colon + 1);
    const name = head.split(';')[0];
    if (line === 'BEGIN:VEVENT') current = { attendees: [] } as unknown as ParsedEvent;
    else if (line === 'END:VEVENT') {
      events.push(current!);
      current = null;
    } else if (current) {
      if (name === 'ATTENDEE') current.attendees.push(value);
      else current[name] = ['SUMMARY', 'DESCRIPTION', 'LOCATION'].includes(name) ? unescape(value) : value;
    } else if (name === 'METHOD') method = value;
    else if (name === 'VERSION') version = value;
  }
  return { method, version, events };
}
