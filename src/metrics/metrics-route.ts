/**
 * GET /metrics in Prometheus text format. Off unless METRICS=on or
 * METRICS_TOKEN is set; with a token, only `Authorization: Bearer <token>`
 * reads it (compared in constant time). Outbox and bulk-job gauges are
 * computed per scrape by a core function.
 */
import { timingSafeEqual, createHash } from 'node:crypto';
import type { Router, RequestHandler } from 'express';
import { Gauge, Registry } from 'prom-client';
import type { Core } from '../core/core.ts';
import { measureOutbox } from '../core/outbox/measure-outbox.ts';
import { metrics, processRegistry } from './metrics.ts';

export function registerMetricsRoute(router: Router, deps: { core: Core; enabled: boolean; token?: string }): void {
  if (!deps.enabled) return;
  router.get('/metrics', async (req, res) => {
    if (deps.token !== undefined && !bearerMatches(req.headers.authorization, deps.token)) {
      res
        .status(401)
        .set('WWW-Authenticate', 'Bearer')
        .type('text')
        .send('metrics need Authorization: Bearer <METRICS_TOKEN>\n');
      return;
    }
    const scrape = await scrapeRegistry(deps.core);
    const merged = Registry.merge([processRegistry, scrape]);
    res.set('Content-Type', merged.contentType).send(await merged.metrics());
  });
}

async function scrapeRegistry(core: Core): Promise<Registry> {
  const registry = new Registry();
  const { messages, bulkJobs } = await measureOutbox(core);
  const depth = new Gauge({
    name: 'portal_desk_outbox_messages',
    help: 'Messages not sent yet (or given up), by channel and status',
    labelNames: ['channel', 'status'] as const,
    registers: [registry],
  });
  const age = new Gauge({
    name: 'portal_desk_outbox_oldest_age_seconds',
    help: 'Age of the oldest message, by channel and status',
    labelNames: ['channel', 'status'] as const,
    registers: [registry],
  });
  for (const m of messages) {
    depth.set({ channel: m.channel, status: m.status }, m.count);
    age.set({ channel: m.channel, status: m.status }, m.oldestAgeSeconds);
  }
  new Gauge({
    name: 'portal_desk_bulk_jobs_running',
    help: 'Bulk jobs (invitations, reminders, imports) not finished',
    registers: [registry],
  }).set(bulkJobs.running);
  const entries = new Gauge({
    name: 'portal_desk_bulk_job_entries',
    help: 'Entries of unfinished bulk jobs: total, sent, failed',
    labelNames: ['state'] as const,
    registers: [registry],
  });
  entries.set({ state: 'total' }, bulkJobs.total);
  entries.set({ state: 'sent' }, bulkJobs.sent);
  entries.set({ state: 'failed' }, bulkJobs.failed);
  return registry;
}

function bearerMatches(header: string | undefined, token: string): boolean {
  const given = /^Bearer\s+(\S+)$/i.exec(header ?? '')?.[1] ?? '';
  const digest = (text: string) => createHash('sha256').update(text).digest();
  return timingSafeEqual(digest(given), digest(token));
}

/** Times every request, labelled by the route pattern that answered it (`unmatched` when none did). */
export function timeRequests(): RequestHandler {
  return (req, res, next) => {
    const end = metrics.httpDuration.startTimer();
    res.once('finish', () => {
      const pattern = req.route?.path as string | undefined;
      end({
        method: req.method,
        route: pattern ? `${req.baseUrl}${pattern}` : 'unmatched',
        status: String(res.statusCode),
      });
    });
    next();
  };
}
