/**
 * Drives load for bench/redeem.ts from its own process, so the load does not
 * share the event loop (or the core) of the servers being measured.
 *
 *   node bench/load-generator.mjs <plan.json>
 *
 * The plan: { url, seconds, connections, rate?, headers, body, tokens }. Every
 * request is a POST to /l/<next unused token>. Prints one JSON line:
 * { rps, p50, p99, statuses, tokensUsed }.
 */
import { readFileSync } from 'node:fs';
import autocannon from 'autocannon';

const plan = JSON.parse(readFileSync(process.argv[2], 'utf8'));
let used = 0;
const result = await autocannon({
  url: plan.url,
  duration: plan.seconds,
  connections: plan.connections,
  ...(plan.rate ? { overallRate: plan.rate } : {}),
  requests: [
    {
      method: 'POST',
      headers: plan.headers,
      body: plan.body,
      setupRequest: (request) => {
        if (used >= plan.tokens.length) throw new Error('out of links: bench/redeem.ts planned too few');
        return { ...request, path: `/l/${plan.tokens[used++]}` };
      },
    },
  ],
});
console.log(
  JSON.stringify({
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    statuses: {
      '3xx': result['3xx'],
      '4xx': result['4xx'],
      '5xx': result['5xx'],
      errors: result.errors,
      timeouts: result.timeouts,
    },
    tokensUsed: used,
  }),
);
