/**
 * A fake Slack Web API: a real HTTP server that the real @slack/web-api
 * client (inside Bolt) talks to through SLACK_API_URL. It records every call
 * with its method name and parsed arguments, answers like Slack does, and can
 * be told to fail a method (ratelimited, expired_trigger_id, not_in_channel…).
 * It also plays response_url: `${url}/response/<id>` records what is posted,
 * and Slack's file hosting: files added with addFile() are described by
 * files.info and downloaded from url_private_download with the bot token
 * (without it, like Slack, a 200 HTML login page).
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SlackCall {
  method: string;
  args: Record<string, unknown>;
  token: string | null;
  at: number;
}

export interface ResponseUrlPost {
  id: string;
  body: Record<string, unknown>;
  at: number;
}

export interface FakeSlackApi {
  url: string;
  /** SLACK_API_URL for the app (ends with /api/). */
  apiUrl: string;
  calls: SlackCall[];
  responses: ResponseUrlPost[];
  callsTo(method: string): SlackCall[];
  /** A fresh response_url. */
  responseUrl(id?: string): string;
  responsesTo(id: string): ResponseUrlPost[];
  /** Fail the next `times` calls of a method (default: until cleared). ratelimited answers HTTP 429. */
  fail(method: string, error: string, times?: number): void;
  clearFailures(): void;
  /** A file as if someone uploaded it to Slack. @returns its id */
  addFile(file: { name: string; content: string | Buffer; filetype?: string; mimetype?: string; id?: string }): string;
  /** Members of a user group, for usergroups.users.list. */
  setGroupMembers(groupId: string, users: string[]): void;
  waitFor<T>(probe: () => T | undefined | false, timeoutMs?: number): Promise<T>;
  reset(): void;
  close(): Promise<void>;
}

let responseCounter = 0;

export async function startFakeSlackApi(): Promise<FakeSlackApi> {
  const calls: SlackCall[] = [];
  const responses: ResponseUrlPost[] = [];
  const failures = new Map<string, { error: string; times: number }>();
  const groups = new Map<string, string[]>();
  let tsCounter = 1_700_000_000;
  let viewCounter = 0;
  let fileCounter = 0;
  const files = new Map<string, { id: string; name: string; content: Buffer; filetype: string; mimetype: string }>();

  const server: Server = createServer(async (req, res) => {
    const body = await readBody(req);
    const path = new URL(req.url ?? '/', 'http://fake').pathname;
    const send = (status: number, payload: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(JSON.stringify(payload));
    };
    if (path.startsWith('/response/')) {
      responses.push({ id: path.slice('/response/'.length), body: parseJson(body), at: Date.now() });
      return send(200, { ok: true });
    }
    if (path.startsWith('/files/')) {
      const file = files.get(decodeURIComponent(path.split('/')[2] ?? ''));
      const auth = String(req.headers.authorization ?? '');
      calls.push({ method: 'files.download', args: { file: file?.id ?? null }, token: auth.startsWith('Bearer ') ? auth.slice(7) : null, at: Date.now() });
      if (!auth.startsWith('Bearer xox')) {
        res.writeHead(200, { 'content-type': 'text/html' });
        return res.end('<html>Sign in to Slack</html>');
      }
      if (!file) return send(404, { ok: false, error: 'file_not_found' });
      res.writeHead(200, { 'content-type': file.mimetype, 'content-length': String(file.content.length) });
      return res.end(file.content);
    }
    if (!path.startsWith('/api/')) return send(404, { ok: false, error: 'unknown_url' });
    const method = path.slice('/api/'.length);
    const args = parseArgs(body, String(req.headers['content-type'] ?? ''));
    const auth = String(req.headers.authorization ?? '');
    const token = auth.startsWith('Bearer ') ? auth.slice(7) : typeof args.token === 'string' ? args.token : null;
    calls.push({ method, args, token, at: Date.now() });

    const failure = failures.get(method);
    if (failure) {
      failure.times -= 1;
      if (failure.times <= 0) failures.delete(method);
      if (failure.error === 'ratelimited') return send(429, { ok: false, error: 'ratelimited' }, { 'retry-after': '1' });
      return send(200, { ok: false, error: failure.error });
    }
    if (!token) return send(200, { ok: false, error: 'not_authed' });

    const ts = () => `${tsCounter++}.000100`;
    switch (method) {
      case 'auth.test':
        return send(200, { ok: true, url: 'https://fake.slack.test/', team: 'Fake', user: 'portal-desk', team_id: 'T0FAKE', user_id: 'UBOT', bot_id: 'BFAKE' });
      case 'views.open':
      case 'views.push':
      case 'views.update':
      case 'views.publish': {
        const view = parseJson(typeof args.view === 'string' ? args.view : JSON.stringify(args.view ?? {}));
        const id = typeof args.view_id === 'string' ? args.view_id : `V${++viewCounter}`;
        return send(200, { ok: true, view: { ...view, id, hash: `h${viewCounter}` } });
      }
      case 'chat.postMessage':
        return send(200, { ok: true, channel: args.channel, ts: ts(), message: { text: args.text } });
      case 'chat.update':
        return send(200, { ok: true, channel: args.channel, ts: args.ts, text: args.text });
      case 'chat.postEphemeral':
        return send(200, { ok: true, message_ts: ts() });
      case 'usergroups.users.list':
        return send(200, { ok: true, users: groups.get(String(args.usergroup)) ?? [] });
      case 'files.info': {
        const file = files.get(String(args.file));
        if (!file) return send(200, { ok: false, error: 'file_not_found' });
        const download = `${url}/files/${file.id}/${encodeURIComponent(file.name)}`;
        return send(200, {
          ok: true,
          file: { id: file.id, name: file.name, title: file.name, filetype: file.filetype, mimetype: file.mimetype, size: file.content.length, url_private: download, url_private_download: `${download}?download=1` },
        });
      }
      case 'users.info':
        return send(200, { ok: true, user: { id: args.user, name: String(args.user).toLowerCase(), tz: 'UTC' } });
      default:
        return send(200, { ok: false, error: 'unknown_method' });
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url,
    apiUrl: `${url}/api/`,
    calls,
    responses,
    callsTo: (method) => calls.filter((c) => c.method === method),
    responseUrl: (id = `r${++responseCounter}`) => `${url}/response/${id}`,
    responsesTo: (id) => responses.filter((r) => r.id === id),
    fail(method, error, times = Number.POSITIVE_INFINITY) {
      failures.set(method, { error, times });
    },
    clearFailures: () => failures.clear(),
    setGroupMembers: (groupId, users) => void groups.set(groupId, users),
    addFile(file) {
      const id = file.id ?? `F${String(++fileCounter).padStart(8, '0')}`;
      const csv = file.name.toLowerCase().endsWith('.csv');
      files.set(id, { id, name: file.name, content: Buffer.from(file.content), filetype: file.filetype ?? (csv ? 'csv' : 'text'), mimetype: file.mimetype ?? (csv ? 'text/csv' : 'text/plain') });
      return id;
    },
    async waitFor(probe, timeoutMs = 5_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const value = probe();
        if (value !== undefined && value !== false) return value as never;
        if (Date.now() > deadline) throw new Error('fake Slack: timed out waiting for a call');
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    },
    reset() {
      calls.length = 0;
      responses.length = 0;
      failures.clear();
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function parseJson(text: string): Record<string, unknown> {
  try {
    const value = JSON.parse(text) as unknown;
    return value && typeof value === 'object' ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** The Web API client sends form fields; objects (blocks, view) arrive as JSON strings and are parsed back. */
function parseArgs(body: string, contentType: string): Record<string, unknown> {
  if (contentType.includes('application/json')) return parseJson(body);
  const out: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(body)) {
    out[key] = /^[[{]/.test(value) ? (JSON.parse(value) as unknown) : value;
  }
  return out;
}
