import { scrubContact, TransportError, type OutgoingMessage, type Transport } from './types.ts';

/**
 * Adapter for an HTTP SMS gateway: a JSON POST `{ to, from, text }` with a bearer token. The
 * Idempotency-Key header lets the gateway drop a message it has already accepted, which is what
 * makes a re-send after a worker crash harmless.
 */
export function smsGatewayTransport(opts: { url: string; token: string | undefined; sender: string; timeoutMs: number }): Transport {
  return {
    async send(message: OutgoingMessage) {
      let response: Response;
      try {
        response = await fetch(opts.url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'idempotency-key': message.idempotencyKey,
            ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}),
          },
          body: JSON.stringify({ to: message.to, from: opts.sender, text: message.text }),
          signal: AbortSignal.timeout(opts.timeoutMs),
        });
      } catch (err) {
        throw new TransportError(`sms gateway unreachable: ${scrubContact((err as Error).message)}`, false);
      }
      if (response.ok) {
        await response.body?.cancel();
        return;
      }
      const detail = scrubContact((await response.text().catch(() => '')).slice(0, 200));
      // 4xx means the request itself is wrong (bad number, bad token) — except throttling and timeouts.
      const permanent = response.status >= 400 && response.status < 500 && response.status !== 408 && response.status !== 429;
      throw new TransportError(`sms gateway ${response.status}: ${detail}`, permanent);
    },
  };
}
