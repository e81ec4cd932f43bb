import ICAL from 'ical.js';

/**
 * The calendar file as a calendar program reads it: parsed by ical.js (Mozilla's iCalendar library,
 * RFC 5545), which refuses what is not a calendar and unfolds, unescapes and types every value. Each
 * event's properties come back under their upper-case names as their iCalendar text (times as
 * `20260312T080000Z`), attendees as a list.
 */
export type ParsedEvent = Record<string, string> & { attendees: string[] };

function valueText(property: ICAL.Property): string {
  const value = property.getFirstValue();
  if (value instanceof ICAL.Time) return value.toICALString();
  return String(value);
}

export function parseCalendar(text: string): { method: string | undefined; version: string | undefined; events: ParsedEvent[] } {
  if (!text.startsWith('BEGIN:VCALENDAR\r\n')) throw new Error('not a calendar');
  const calendar = new ICAL.Component(ICAL.parse(text));
  if (calendar.name !== 'vcalendar') throw new Error('not a calendar');
  const events = calendar.getAllSubcomponents('vevent').map((event) => {
    const parsed = { attendees: [] as string[] } as ParsedEvent;
    for (const property of event.getAllProperties()) {
      if (property.name === 'attendee') parsed.attendees.push(valueText(property));
      else parsed[property.name.toUpperCase()] = valueText(property);
    }
    return parsed;
  });
  const method = calendar.getFirstPropertyValue('method');
  const version = calendar.getFirstPropertyValue('version');
  return { method: method === null ? undefined : String(method), version: version === null ? undefined : String(version), events };
}
