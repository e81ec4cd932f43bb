import type { Config } from '../../core/config.ts';
import { outboxTransport } from './outbox.ts';
import { smsGatewayTransport } from './sms-gateway.ts';
import { smtpTransport } from './smtp.ts';
import { TransportError, type OutgoingMessage, type Transport } from './types.ts';

export type { OutgoingMessage, Transport } from './types.ts';
export { TransportError } from './types.ts';

/** One transport per channel. */
export interface Transports {
  email: Transport;
  sms: Transport;
}

/** A send must finish well inside the worker's lease, or another worker would take the job over. */
export function sendTimeoutMs(config: Config): number {
  return Math.min(20_000, (config.WORKER_LEASE_SECONDS * 1000) / 2);
}

export function createTransports(config: Config, now: () => Date = () => new Date()): Transports {
  if (config.DELIVERY_MODE === 'outbox') {
    const outbox = outboxTransport(config.DATA_DIR, now);
    return { email: outbox, sms: outbox };
  }
  const timeoutMs = sendTimeoutMs(config);
  return {
    email: config.SMTP_URL ? smtpTransport({ url: config.SMTP_URL, from: config.SMTP_FROM, timeoutMs }) : unconfigured('SMTP_URL'),
    sms: config.SMS_GATEWAY_URL
      ? smsGatewayTransport({ url: config.SMS_GATEWAY_URL, token: config.SMS_GATEWAY_TOKEN, sender: config.SMS_SENDER, timeoutMs })
      : unconfigured('SMS_GATEWAY_URL'),
  };
}

/** Retryable, so setting the variable and restarting delivers what waited. */
function unconfigured(setting: string): Transport {
  return {
    async send(_message: OutgoingMessage) {
      throw new TransportError(`DELIVERY_MODE=live but ${setting} is not set`, false);
    },
  };
}

export async function closeTransports(transports: Transports): Promise<void> {
  await transports.email.close?.();
  if (transports.sms !== transports.email) await transports.sms.close?.();
}
