/**
 * A small Twilio Messages API: a real HTTP server that the real `twilio` SDK
 * talks to (TWILIO_API_URL selects the project's RequestClient subclass).
 * POST /2010-04-01/Accounts/{sid}/Messages.json with form fields To, From or
 * MessagingServiceSid, Body. Answers like Twilio: 201 with a message resource,
 * 400 with code 21211 for a number that is not E.164, 21610 for a recipient
 * who replied STOP (see optOut), 21603/21606 without a sender; injectable
 * failures (status and Twilio code), including lost answers (the message is
 * taken, then the answer is a 500). GET on the same path lists messages
 * (To, From filters, newest first) as Twilio's Message list does.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';

export interface ReceivedSms {
  sid: string;
  to: string;
  from?: string;
  messagingServiceSid?: string;
  body: string;
  statusCallback?: string;
  dateCreated: Date;
}

export interface FakeTwilio {
  url: string;
  messages: ReceivedSms[];
  requests: Array<{ method: string; path: string; status: number }>;
  /** The next `times` requests (default 1) fail with this HTTP status and Twilio error code. */
  failNext(status: number, times?: number, twilioCode?: number, retryAfterSeconds?: number): void;
  /** The next `times` sends are taken (the SMS goes out) but answered with a 500: a lost answer. */
  loseNextAnswers(times?: number): void;
  /** This number replied STOP: later messages to it get 21610. */
  optOut(phone: string): void;
  waitForMessages(count: number, timeoutMs?: number): Promise<ReceivedSms[]>;
  close(): Promise<void>;
}

export interface FakeTwilioOptions {
  /** When set with authToken, other Basic credentials get 401 (code 20003). */
  accountSid?: string;
  authToken?: string;
}

export async function startFakeTwilio(options: FakeTwilioOptions = {}): Promise<FakeTwilio> {
  const messages: ReceivedSms[] = [];
  const requests: FakeTwilio['requests'] = [];
  const failures: Array<{ status: number; code?: number; retryAfterSeconds?: number }> = [];
  let answersToLose = 0;
  const optedOut = new Set<string>();

  function answer(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify(body));
  }
  const error = (status: number, code: number | undefined, message: string) => ({
    status,
    code: code ?? null,
    message,
    more_info: code ? `https://www.twilio.com/docs/errors/${code}` : null,
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<number> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const form = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
    const match = /^\/2010-04-01\/Accounts\/(AC[0-9a-fA-F]{32})\/Messages\.json$/.exec((req.url ?? '').split('?')[0]!);
    if (req.method === 'GET' && match) {
      const query = new URL(req.url ?? '/', 'http://twilio.test').searchParams;
      const to = query.get('To');
      const from = query.get('From');
      const found = messages.filter((m) => (!to || m.to === to) && (!from || m.from === from)).reverse();
      const pageSize = Number(query.get('PageSize') ?? 50);
      answer(res, 200, {
        messages: found.slice(0, pageSize).map((m) => resource(match[1]!, m)),
        page: 0,
        page_size: pageSize,
        first_page_uri: req.url,
        next_page_uri: null,
        previous_page_uri: null,
        uri: req.url,
      });
      return 200;
    }
    if (req.method !== 'POST' || !match) {
      answer(res, 404, error(404, 20404, 'The requested resource was not found'));
      return 404;
    }
    if (options.accountSid && options.authToken) {
      const expected = `Basic ${Buffer.from(`${options.accountSid}:${options.authToken}`).toString('base64')}`;
      if (req.headers.authorization !== expected || match[1] !== options.accountSid) {
        answer(res, 401, error(401, 20003, 'Authenticate'));
        return 401;
      }
    }
    const failure = failures.shift();
    if (failure) {
      answer(
        res,
        failure.status,
        error(failure.status, failure.code, 'injected failure'),
        failure.retryAfterSeconds !== undefined ? { 'retry-after': String(failure.retryAfterSeconds) } : {},
      );
      return failure.status;
    }
    const to = form.get('To') ?? '';
    const from = form.get('From') ?? undefined;
    const messagingServiceSid = form.get('MessagingServiceSid') ?? undefined;
    const body = form.get('Body') ?? '';
    if (!/^\+[1-9]\d{6,14}$/.test(to)) {
      answer(res, 400, error(400, 21211, `The 'To' number ${to} is not a valid phone number.`));
      return 400;
    }
    if (!from && !messagingServiceSid) {
      answer(res, 400, error(400, 21603, "A 'From' or 'MessagingServiceSid' parameter is required to send a message"));
      return 400;
    }
    if (body === '') {
      answer(res, 400, error(400, 21602, 'Message body is required.'));
      return 400;
    }
    if (optedOut.has(to)) {
      answer(res, 400, error(400, 21610, 'Attempt to send to unsubscribed recipient'));
      return 400;
    }
    const sid = `SM${randomBytes(16).toString('hex')}`;
    const message: ReceivedSms = {
      sid,
      to,
      from,
      messagingServiceSid,
      body,
      statusCallback: form.get('StatusCallback') ?? undefined,
      dateCreated: new Date(),
    };
    messages.push(message);
    if (answersToLose > 0) {
      answersToLose--;
      answer(res, 500, error(500, 20500, 'Internal Server Error'));
      return 500;
    }
    answer(res, 201, resource(match[1]!, message));
    return 201;
  }

  function resource(accountSid: string, m: ReceivedSms) {
    return {
      sid: m.sid,
      account_sid: accountSid,
      to: m.to,
      // A Messaging Service picks the number; this one always picks the same.
      from: m.from ?? '+14155550199',
      messaging_service_sid: m.messagingServiceSid ?? null,
      body: m.body,
      status: 'queued',
      num_segments: String(Math.ceil(m.body.length / 153) || 1),
      date_created: m.dateCreated.toUTCString(),
      uri: `/2010-04-01/Accounts/${accountSid}/Messages/${m.sid}.json`,
    };
  }

  const server = createServer((req, res) => {
    const entry = { method: req.method ?? 'GET', path: (req.url ?? '/').split('?')[0]!, status: 0 };
    requests.push(entry);
    handle(req, res).then(
      (status) => {
        entry.status = status;
      },
      (err: unknown) => {
        entry.status = 500;
        if (!res.headersSent) answer(res, 500, error(500, undefined, String(err)));
      },
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url,
    messages,
    requests,
    failNext(status, times = 1, twilioCode, retryAfterSeconds) {
      for (let i = 0; i < times; i++) failures.push({ status, code: twilioCode, retryAfterSeconds });
    },
    loseNextAnswers(times = 1) {
      answersToLose += times;
    },
    optOut(phone) {
      optedOut.add(phone);
    },
    async waitForMessages(count, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      while (messages.length < count) {
        if (Date.now() > deadline)
          throw new Error(`fake Twilio: ${messages.length} message(s) after ${timeoutMs} ms, expected ${count}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      return messages.slice(0, count);
    },
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
