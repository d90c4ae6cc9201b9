/**
 * A small Resend: a real HTTP server that the real `resend` SDK talks to
 * (RESEND_BASE_URL). POST /emails and POST /emails/batch (up to 100),
 * validation like Resend's (422), Idempotency-Key honoured (same key: same
 * answer, no second email; same key, other body: 409), a rate limit with
 * Resend's headers and 429 + Retry-After above it, and injectable failures.
 * As unkind as the real one on demand (`unkind`): a seeded share of requests
 * answer 500, half of them after the batch was accepted (a lost answer), and
 * another share answers only after the client gave up (a timeout, also
 * accepted). `requests` logs each request's key and body hash, so a test can
 * check that every retry repeated a request it had seen before.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHash, randomUUID } from 'node:crypto';

export interface ReceivedEmail {
  id: string;
  from: string;
  to: string[];
  subject: string;
  html?: string;
  text?: string;
  idempotencyKey?: string;
  headers?: Record<string, string>;
  replyTo?: string[];
}

export interface FakeResend {
  url: string;
  /** Every email accepted, once (a replayed idempotent request adds none). */
  emails: ReceivedEmail[];
  /** `at`: when the request arrived (ms since epoch). */
  requests: Array<{
    method: string;
    path: string;
    idempotencyKey?: string;
    status: number;
    bodyHash?: string;
    lostAnswer?: boolean;
    at: number;
  }>;
  /** The next `times` requests (default 1) fail with this status, before any email is accepted. */
  failNext(status: number, times?: number, retryAfterSeconds?: number): void;
  waitForEmails(count: number, timeoutMs?: number): Promise<ReceivedEmail[]>;
  close(): Promise<void>;
}

export interface FakeResendOptions {
  /** Requests accepted in any 1-second window; above it, 429. @default unlimited */
  requestsPerSecond?: number;
  /** When set, other bearer keys get 401. */
  apiKey?: string;
  /** Added to every answer, to let a test catch a worker mid-request. @default 0 */
  latencyMs?: number;
  /** Faults of real providers and networks, drawn from a seeded generator. */
  unkind?: {
    /** Share of requests answered 500; half of them after accepting the emails. */
    errorRate: number;
    /** Share of requests accepted and answered only after `slowAnswerMs` (past the client's timeout). */
    timeoutRate: number;
    slowAnswerMs: number;
    seed?: number;
  };
}

/** mulberry32: small, seeded, good enough to place faults reproducibly. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface EmailBody {
  from?: unknown;
  to?: unknown;
  subject?: unknown;
  html?: unknown;
  text?: unknown;
  headers?: unknown;
  reply_to?: unknown;
}

export async function startFakeResend(options: FakeResendOptions = {}): Promise<FakeResend> {
  const emails: ReceivedEmail[] = [];
  const requests: FakeResend['requests'] = [];
  const failures: Array<{ status: number; retryAfterSeconds?: number }> = [];
  const answers = new Map<string, { bodyHash: string; status: number; body: unknown }>();
  const accepted: number[] = [];
  const limit = options.requestsPerSecond;
  const random = seeded(options.unkind?.seed ?? 1);

  function answer(res: ServerResponse, status: number, body: unknown, extraHeaders: Record<string, string> = {}) {
    res.writeHead(status, { 'content-type': 'application/json', ...extraHeaders });
    res.end(JSON.stringify(body));
  }

  function error(status: number, name: string, message: string) {
    return { statusCode: status, name, message };
  }

  /** Resend's rules for one email; a message, or undefined when it is fine. */
  function invalid(email: EmailBody): string | undefined {
    const to = typeof email.to === 'string' ? [email.to] : email.to;
    if (typeof email.from !== 'string' || !/@/.test(email.from)) return 'Invalid `from` field.';
    if (
      !Array.isArray(to) ||
      to.length === 0 ||
      to.length > 50 ||
      !to.every((t) => typeof t === 'string' && /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/.test(t))
    )
      return 'Invalid `to` field.';
    if (typeof email.subject !== 'string' || email.subject === '') return 'Missing `subject` field.';
    if (typeof email.html !== 'string' && typeof email.text !== 'string') return 'Missing `html` or `text` field.';
    return undefined;
  }

  function accept(email: EmailBody, idempotencyKey: string | undefined): { id: string } {
    const id = randomUUID();
    emails.push({
      id,
      from: email.from as string,
      to: typeof email.to === 'string' ? [email.to] : (email.to as string[]),
      subject: email.subject as string,
      html: typeof email.html === 'string' ? email.html : undefined,
      text: typeof email.text === 'string' ? email.text : undefined,
      idempotencyKey,
      headers: (email.headers as Record<string, string> | undefined) ?? undefined,
      replyTo:
        email.reply_to === undefined
          ? undefined
          : typeof email.reply_to === 'string'
            ? [email.reply_to]
            : (email.reply_to as string[]),
    });
    return { id };
  }

  async function handle(
    req: IncomingMessage,
    res: ServerResponse,
  ): Promise<{ status: number; idempotencyKey?: string; bodyHash?: string; lostAnswer?: boolean }> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const idempotencyKey = req.headers['idempotency-key'] as string | undefined;
    const path = (req.url ?? '/').split('?')[0]!;
    if (options.latencyMs) await new Promise((resolve) => setTimeout(resolve, options.latencyMs));

    if (options.apiKey && req.headers.authorization !== `Bearer ${options.apiKey}`) {
      answer(res, 401, error(401, 'missing_api_key', 'API key is invalid'));
      return { status: 401, idempotencyKey };
    }
    const now = Date.now();
    while (accepted.length > 0 && accepted[0]! <= now - 1000) accepted.shift();
    const rateHeaders: Record<string, string> = limit
      ? {
          'ratelimit-limit': String(limit),
          'ratelimit-remaining': String(Math.max(limit - accepted.length - 1, 0)),
          'ratelimit-reset': '1',
        }
      : {};
    if (limit && accepted.length >= limit) {
      const retryAfter = Math.max(Math.ceil((accepted[0]! + 1000 - now) / 1000), 1);
      answer(
        res,
        429,
        error(429, 'rate_limit_exceeded', 'Too many requests. You can only make 2 requests per second.'),
        { ...rateHeaders, 'ratelimit-remaining': '0', 'retry-after': String(retryAfter) },
      );
      return { status: 429, idempotencyKey };
    }
    accepted.push(now);
    const failure = failures.shift();
    if (failure) {
      const headers: Record<string, string> =
        failure.retryAfterSeconds !== undefined ? { 'retry-after': String(failure.retryAfterSeconds) } : {};
      answer(
        res,
        failure.status,
        error(
          failure.status,
          failure.status === 429
            ? 'rate_limit_exceeded'
            : failure.status >= 500
              ? 'internal_server_error'
              : 'validation_error',
          'injected failure',
        ),
        { ...rateHeaders, ...headers },
      );
      return { status: failure.status, idempotencyKey };
    }
    if (req.method !== 'POST' || (path !== '/emails' && path !== '/emails/batch')) {
      answer(res, 404, error(404, 'not_found', 'Not found'));
      return { status: 404, idempotencyKey };
    }
    let body: unknown;
    try {
      body = JSON.parse(raw);
    } catch {
      answer(res, 422, error(422, 'validation_error', 'Invalid JSON'), rateHeaders);
      return { status: 422, idempotencyKey };
    }
    const bodyHash = createHash('sha256').update(`${path}\n${raw}`).digest('hex');
    // Faults: 500 before anything happened, or the work done and its answer lost (500 or too late).
    const roll = options.unkind ? random() : 1;
    const unkind = options.unkind;
    if (unkind && roll < unkind.errorRate / 2) {
      answer(res, 500, error(500, 'internal_server_error', 'injected failure before accepting'), rateHeaders);
      return { status: 500, idempotencyKey, bodyHash };
    }
    const loseAnswer = unkind !== undefined && roll < unkind.errorRate;
    const answerLate = unkind !== undefined && !loseAnswer && roll < unkind.errorRate + unkind.timeoutRate;
    if (idempotencyKey) {
      const previous = answers.get(idempotencyKey);
      if (previous) {
        if (previous.bodyHash !== bodyHash) {
          answer(
            res,
            409,
            error(409, 'invalid_idempotent_request', 'Same idempotency key used with a different request payload.'),
            rateHeaders,
          );
          return { status: 409, idempotencyKey, bodyHash };
        }
        if (loseAnswer) {
          answer(res, 500, error(500, 'internal_server_error', 'injected failure after accepting'), rateHeaders);
          return { status: 500, idempotencyKey, bodyHash, lostAnswer: true };
        }
        if (answerLate) await new Promise((resolve) => setTimeout(resolve, unkind!.slowAnswerMs));
        answer(res, previous.status, previous.body, rateHeaders);
        return { status: previous.status, idempotencyKey, bodyHash, lostAnswer: answerLate };
      }
    }
    let status = 200;
    let result: unknown;
    if (path === '/emails') {
      const problem = invalid(body as EmailBody);
      if (problem) [status, result] = [422, error(422, 'validation_error', problem)];
      else result = accept(body as EmailBody, idempotencyKey);
    } else {
      const list = Array.isArray(body) ? (body as EmailBody[]) : [];
      const problems = list.map((email, index) => ({ index, message: invalid(email) })).filter((p) => p.message);
      if (list.length === 0 || list.length > 100)
        [status, result] = [422, error(422, 'validation_error', 'A batch holds between 1 and 100 emails.')];
      else if (problems.length > 0)
        [status, result] = [
          422,
          error(422, 'validation_error', `emails[${problems[0]!.index}]: ${problems[0]!.message}`),
        ];
      else result = { data: list.map((email) => accept(email, idempotencyKey)) };
    }
    if (idempotencyKey) answers.set(idempotencyKey, { bodyHash, status, body: result });
    if (loseAnswer) {
      answer(res, 500, error(500, 'internal_server_error', 'injected failure after accepting'), rateHeaders);
      return { status: 500, idempotencyKey, bodyHash, lostAnswer: true };
    }
    if (answerLate) await new Promise((resolve) => setTimeout(resolve, unkind!.slowAnswerMs));
    answer(res, status, result, rateHeaders);
    return { status, idempotencyKey, bodyHash, lostAnswer: answerLate };
  }

  const server = createServer((req, res) => {
    const entry = {
      method: req.method ?? 'GET',
      path: (req.url ?? '/').split('?')[0]!,
      idempotencyKey: req.headers['idempotency-key'] as string | undefined,
      status: 0,
      at: Date.now(),
    };
    requests.push(entry);
    handle(req, res).then(
      (outcome) => {
        entry.status = outcome.status;
        if (outcome.bodyHash) (entry as FakeResend['requests'][number]).bodyHash = outcome.bodyHash;
        if (outcome.lostAnswer) (entry as FakeResend['requests'][number]).lostAnswer = true;
      },
      (err: unknown) => {
        entry.status = 500;
        if (!res.headersSent) answer(res, 500, error(500, 'internal_server_error', String(err)));
      },
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url,
    emails,
    requests,
    failNext(status, times = 1, retryAfterSeconds) {
      for (let i = 0; i < times; i++) failures.push({ status, retryAfterSeconds });
    },
    async waitForEmails(count, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      while (emails.length < count) {
        if (Date.now() > deadline)
          throw new Error(`fake Resend: ${emails.length} email(s) after ${timeoutMs} ms, expected ${count}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      return emails.slice(0, count);
    },
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
