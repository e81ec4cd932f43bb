// Load generator for the survey submission benchmark, run as its own process so the server under
// test does not share an event loop with it. Usage: node bench/load-submit.mjs URL TOKENS_FILE CONNECTIONS
import { readFileSync } from 'node:fs';
import autocannon from 'autocannon';

const [url, tokensFile, connections = '16'] = process.argv.slice(2);
const tokens = readFileSync(tokensFile, 'utf8').split('\n').filter(Boolean);
let next = 0;
const body =
  's_prepared=5&s_understanding=6&s_time=4&s_planned=dk&s_next_steps=5&s_respect=6&overall=5&nav_general=4&comment=&instrument_version=1';

const result = await autocannon({
  url,
  connections: Number(connections),
  amount: tokens.length,
  requests: [
    {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      setupRequest: (request) => {
        // The rendered form posts to /s/<token>?lang=…, which skips a lookup; measure that path.
        request.path = `/s/${tokens[next++ % tokens.length]}?lang=nb`;
        request.body = body;
        return request;
      },
    },
  ],
});
process.stdout.write(
  JSON.stringify({
    requests: result.requests.total,
    durationS: result.duration,
    rps: result.requests.total / result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
    statusCodes: result.statusCodeStats,
  }),
);
