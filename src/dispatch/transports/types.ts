import type { Lang } from '../../i18n/index.ts';

export interface OutgoingMessage {
  /**
   * Deterministic per invitation and purpose (`<meeting_id>-invite`, `<meeting_id>-reminder`), so a
   * message sent again after a crash is recognisably the same message: the SMTP Message-ID, the SMS
   * gateway's Idempotency-Key and the outbox file name are all derived from it.
   */
  idempotencyKey: string;
  /**
   * An invitation or its reminder to a citizen, a counselor's monthly results digest (`digest-<employee>-<month>`),
   * or a kollegaveiledning session's calendar e-mail (`circle-<session>-<employee>-<sequence>`).
   */
  kind: 'invite' | 'reminder' | 'digest' | 'session';
  channel: 'email' | 'sms';
  to: string;
  subject: string;
  text: string;
  language: Lang;
  /** The survey, for an invitation; the counselor's results page, for a digest. */
  surveyLink: string;
  /** Where to say no more: the opt-out page, or the counselor's own setting for a digest. */
  optOutLink: string;
  /** An iCalendar file to attach (e-mail only): a session's invitation or its cancellation. */
  calendar?: CalendarAttachment;
}

export interface CalendarAttachment {
  method: 'REQUEST' | 'CANCEL';
  filename: string;
  /** RFC 5545 text, CRLF line ends. */
  content: string;
}

export interface Transport {
  send(message: OutgoingMessage): Promise<void>;
  close?(): Promise<void>;
}

/** A failed delivery. `permanent` means retrying cannot help (the address was refused). */
export class TransportError extends Error {
  constructor(
    message: string,
    public readonly permanent: boolean,
  ) {
    super(message);
  }
}

/** Error texts are stored on the invitation; strip anything that looks like a contact first. */
export function scrubContact(text: string): string {
  return text
    .replace(/[^\s<>@"']+@[^\s<>@"']+/g, '[address]')
    .replace(/\+?\d[\d\s-]{6,}\d/g, '[number]')
    .slice(0, 300);
}
