import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { TransportError, type OutgoingMessage, type Transport } from '../../src/dispatch/transports/types.ts';
import type { Transports } from '../../src/dispatch/transports/index.ts';

/** An in-memory transport that records what it is given and can be told to fail. */
export function recordingTransports() {
  const sent: OutgoingMessage[] = [];
  let failures: { count: number; permanent: boolean } = { count: 0, permanent: false };
  let delayMs = 0;
  const transport: Transport = {
    async send(message) {
      if (delayMs) await new Promise((r) => setTimeout(r, delayMs));
      if (failures.count > 0) {
        failures.count--;
        throw new TransportError(`refused <${message.to}> for now`, failures.permanent);
      }
      sent.push(message);
    },
  };
  const transports: Transports = { email: transport, sms: transport };
  return {
    transports,
    sent,
    failNext(count: number, permanent = false) {
      failures = { count, permanent };
    },
    slowDown(ms: number) {
      delayMs = ms;
    },
  };
}

export interface ReceivedMail {
  envelopeTo: string[];
  from: string;
  subject: string;
  text: string;
  messageId: string;
  language: string | undefined;
  /** Attachments as text (a calendar invitation's .ics, say). */
  attachments: Array<{ filename?: string; contentType: string; content: string }>;
}

/** A real SMTP server on a free local port, without TLS or auth, collecting parsed messages. */
export async function startSmtpServer(): Promise<{ url: string; received: ReceivedMail[]; close(): Promise<void> }> {
  const received: ReceivedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((mail) => {
          received.push({
            envelopeTo: session.envelope.rcptTo.map((r) => r.address),
            from: mail.from?.text ?? '',
            subject: mail.subject ?? '',
            text: mail.text ?? '',
            messageId: mail.messageId ?? '',
            language: mail.headers.get('content-language') as string | undefined,
            attachments: mail.attachments.map((a) => ({
              filename: a.filename,
              contentType: a.contentType,
              content: a.content.toString('utf8'),
            })),
          });
          callback();
        })
        .catch(callback);
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export interface GatewayRequest {
  authorization: string | undefined;
  idempotencyKey: string | undefined;
  body: { to: string; from: string; text: string };
}

/**
 * A fake HTTP SMS gateway. Like real gateways it deduplicates on Idempotency-Key: a repeated key
 * is acknowledged but not delivered again. `delivered` is what the user's phone would show.
 */
export async function startFakeSmsGateway(opts: { token?: string } = {}) {
  const requests: GatewayRequest[] = [];
  const delivered: GatewayRequest[] = [];
  const seen = new Set<string>();
  let failNext: number[] = [];
  const server: Server = createServer((req, res) => {
    let raw = '';
    req.on('data', (chunk) => (raw += chunk));
    req.on('end', () => {
      const entry: GatewayRequest = {
        authorization: req.headers.authorization,
        idempotencyKey: req.headers['idempotency-key'] as string | undefined,
        body: JSON.parse(raw || '{}'),
      };
      requests.push(entry);
      const status = failNext.shift();
      if (status) {
        res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify({ error: `failing for ${entry.body.to}` }));
        return;
      }
      if (opts.token && entry.authorization !== `Bearer ${opts.token}`) {
        res.writeHead(401).end('bad token');
        return;
      }
      const duplicate = entry.idempotencyKey !== undefined && seen.has(entry.idempotencyKey);
      if (entry.idempotencyKey) seen.add(entry.idempotencyKey);
      if (!duplicate) delivered.push(entry);
      res
        .writeHead(duplicate ? 200 : 202, { 'content-type': 'application/json' })
        .end(JSON.stringify({ id: entry.idempotencyKey, duplicate }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/v1/messages`,
    requests,
    delivered,
    failWith(...statuses: number[]) {
      failNext = statuses;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
