import type { Transporter } from 'nodemailer';
import { scrubContact, TransportError, type OutgoingMessage, type Transport } from './types.ts';

/**
 * E-mail over SMTP. The Message-ID is derived from the idempotency key, so a message sent again
 * after a worker crash carries the same Message-ID as the first.
 *
 * What that buys depends on the relay: a plain SMTP relay does NOT deduplicate on Message-ID, so
 * after a crash in the window between "handed to the relay" and "marked sent" the user can receive
 * the invitation twice. Both links then work (each token is stored), and single use is enforced
 * on the invitation, so only one answer can be stored; most mail clients also thread or collapse
 * two messages with the same Message-ID. Exactly-once delivery to the inbox needs a relay or API
 * that honours an idempotency key (as the SMS gateway adapter uses).
 */
export function smtpTransport(opts: { url: string; from: string; timeoutMs: number }): Transport {
  // Pooled: the worker sends many messages in a row, so connections are reused. nodemailer (some
  // 40 modules) is loaded with the first message, not with every start of the server and worker.
  let transporter: Promise<Transporter> | undefined;
  const connect = () =>
    (transporter ??= import('nodemailer').then(({ default: nodemailer }) =>
      nodemailer.createTransport({
        url: opts.url,
        pool: true,
        maxConnections: 4,
        connectionTimeout: opts.timeoutMs,
        greetingTimeout: opts.timeoutMs,
        socketTimeout: opts.timeoutMs,
      }),
    ));
  const domain = /@([^>\s]+)/.exec(opts.from)?.[1] ?? 'brukerstemme.invalid';
  return {
    async send(message: OutgoingMessage) {
      const smtp = await connect();
      try {
        await smtp.sendMail({
          from: opts.from,
          to: message.to,
          subject: message.subject,
          text: message.text,
          messageId: `<${message.idempotencyKey}@${domain}>`,
          headers: { 'Content-Language': message.language === 'en' ? 'en' : message.language === 'nn' ? 'nn' : 'nb' },
          ...(message.calendar
            ? {
                attachments: [
                  {
                    filename: message.calendar.filename,
                    content: message.calendar.content,
                    contentType: `text/calendar; charset=utf-8; method=${message.calendar.method}`,
                  },
                ],
              }
            : {}),
        });
      } catch (err) {
        const e = err as Error & { responseCode?: number };
        // 5xx from the server is a refusal that will not change; everything else may be passing.
        const permanent = typeof e.responseCode === 'number' && e.responseCode >= 500;
        throw new TransportError(`smtp: ${scrubContact(e.message)}`, permanent);
      }
    },
    async close() {
      (await transporter)?.close();
    },
  };
}
