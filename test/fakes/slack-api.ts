/**
 * A fake Slack Web API: a real HTTP server that the real @slack/web-api
 * client (inside Bolt) talks to through SLACK_API_URL. It records every call
 * with its method name and parsed arguments, answers like Slack does, and can
 * be told to fail a method (ratelimited, expired_trigger_id, not_in_channel…).
 * It also plays response_url: `${url}/response/<id>` records what is posted,
 * and Slack's file hosting: files added with addFile() are described by
 * files.info and downloaded from url_private_download with the bot token
 * (without it, like Slack, a 200 HTML login page).
 * It takes uploads the way files.uploadV2 makes them (files.getUploadURLExternal,
 * a multipart POST to the upload URL, files.completeUploadExternal), keeps
 * them in `uploads`, and opens DMs (conversations.open answers D<user id>).
 * And it plays Socket Mode: apps.connections.open (app-level xapp- token
 * only) hands out a one-use ws:// URL on this same server, where a real
 * WebSocket server (the `ws` package) says hello and records what the app
 * sends back (acks), so tests can push envelopes the way Slack does.
 * And OAuth installs (test/fakes/slack-oauth.ts): oauth.v2.access, with
 * tokens per workspace that auth.test describes and that die on uninstall.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { createFakeSlackOAuth, type FakeSlackOAuth } from './slack-oauth.ts';

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

export interface SocketMessage {
  /** What the app sent over the socket (an ack: `{ envelope_id, payload }`). */
  message: Record<string, unknown>;
  at: number;
}

export interface FakeSocketMode {
  /** Sockets the app has opened, open or not. */
  connections: number;
  /** Sockets open right now. */
  open(): number;
  /** Everything the app sent over any socket. */
  received: SocketMessage[];
  /** Send an envelope (or anything) to every open socket, as Slack would. */
  send(message: Record<string, unknown>): void;
  /** The first message from the app with this envelope_id. */
  ackFor(envelopeId: string, timeoutMs?: number): Promise<SocketMessage>;
}

export interface SlackUpload {
  id: string;
  filename: string;
  title?: string;
  /** Where completeUploadExternal shared it; undefined until then. */
  channel?: string;
  comment?: string;
  content: Buffer;
  completed: boolean;
}

export interface FakeSlackApi {
  /** Files uploaded with files.uploadV2, in order. */
  uploads: SlackUpload[];
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
  /** Socket Mode: the WebSocket side of Slack. */
  socket: FakeSocketMode;
  /** OAuth installs: approve() an install, then the service exchanges the code (test/fakes/slack-oauth.ts). */
  oauth: FakeSlackOAuth;
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
  const uploads: SlackUpload[] = [];
  const files = new Map<string, { id: string; name: string; content: Buffer; filetype: string; mimetype: string }>();
  // Socket Mode: tickets from apps.connections.open, each good for one connection.
  const tickets = new Set<string>();
  const sockets = new Set<WebSocket>();
  const received: SocketMessage[] = [];
  let socketConnections = 0;
  const wss = new WebSocketServer({ noServer: true });
  const oauth = createFakeSlackOAuth();

  const server: Server = createServer(async (req, res) => {
    const rawBody = await readRawBody(req);
    const body = rawBody.toString('utf8');
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
      calls.push({
        method: 'files.download',
        args: { file: file?.id ?? null },
        token: auth.startsWith('Bearer ') ? auth.slice(7) : null,
        at: Date.now(),
      });
      if (!auth.startsWith('Bearer xox')) {
        res.writeHead(200, { 'content-type': 'text/html' });
        return res.end('<html>Sign in to Slack</html>');
      }
      if (!file) return send(404, { ok: false, error: 'file_not_found' });
      res.writeHead(200, { 'content-type': file.mimetype, 'content-length': String(file.content.length) });
      return res.end(file.content);
    }
    if (path.startsWith('/upload/')) {
      // Slack's upload URL takes the bytes as they are or as multipart form data.
      const upload = uploads.find((u) => u.id === decodeURIComponent(path.slice('/upload/'.length)));
      if (!upload) return send(404, { ok: false, error: 'invalid_upload' });
      const type = String(req.headers['content-type'] ?? '');
      if (type.startsWith('multipart/form-data')) {
        const form = await new Request('http://fake/upload', {
          method: 'POST',
          headers: { 'content-type': type },
          body: rawBody,
        }).formData();
        const part = [...form.values()][0];
        upload.content = typeof part === 'string' ? Buffer.from(part) : Buffer.from(await (part as Blob).arrayBuffer());
      } else upload.content = rawBody;
      res.writeHead(200, { 'content-type': 'text/plain' });
      return res.end(`OK - ${upload.content.length}`);
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
      if (failure.error === 'ratelimited')
        return send(429, { ok: false, error: 'ratelimited' }, { 'retry-after': '1' });
      return send(200, { ok: false, error: failure.error });
    }
    // Called without a token: the token exchange (client id and secret instead) and the reachability check.
    if (oauth.answer(method, args, send)) return;
    if (method === 'api.test') return send(200, { ok: true, args: {} });
    if (!token) return send(200, { ok: false, error: 'not_authed' });
    const refusal = oauth.refusal(token);
    if (refusal) return send(200, { ok: false, error: refusal });

    const ts = () => `${tsCounter++}.000100`;
    switch (method) {
      case 'apps.connections.open': {
        // Slack only accepts the app-level token here.
        if (!token.startsWith('xapp-')) return send(200, { ok: false, error: 'not_allowed_token_type' });
        const ticket = randomBytes(8).toString('hex');
        tickets.add(ticket);
        return send(200, { ok: true, url: `${url.replace(/^http:/, 'ws:')}/link/?ticket=${ticket}&app_id=A0PORTAL` });
      }
      case 'auth.test':
        return send(
          200,
          oauth.authTest(token) ?? {
            ok: true,
            url: 'https://fake.slack.test/',
            team: 'Fake',
            user: 'portal-desk',
            team_id: 'T0FAKE',
            user_id: 'UBOT',
            bot_id: 'BFAKE',
          },
        );
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
          file: {
            id: file.id,
            name: file.name,
            title: file.name,
            filetype: file.filetype,
            mimetype: file.mimetype,
            size: file.content.length,
            url_private: download,
            url_private_download: `${download}?download=1`,
          },
        });
      }
      case 'conversations.open':
        return send(200, { ok: true, channel: { id: `D${String(args.users ?? '').split(',')[0]}` } });
      case 'files.getUploadURLExternal': {
        if (!args.filename || !args.length) return send(200, { ok: false, error: 'invalid_arguments' });
        const id = `F${String(++fileCounter).padStart(8, '0')}`;
        uploads.push({ id, filename: String(args.filename), content: Buffer.alloc(0), completed: false });
        return send(200, { ok: true, upload_url: `${url}/upload/${id}`, file_id: id });
      }
      case 'files.completeUploadExternal': {
        const listed = (Array.isArray(args.files) ? args.files : []) as Array<{ id: string; title?: string }>;
        const found = listed.map((f) => uploads.find((u) => u.id === f.id));
        if (found.length === 0 || found.some((u) => !u || u.content.length === 0))
          return send(200, { ok: false, error: 'file_not_found' });
        for (const [i, upload] of found.entries()) {
          Object.assign(upload!, {
            completed: true,
            title: listed[i]!.title,
            channel: typeof args.channel_id === 'string' ? args.channel_id : undefined,
            comment: typeof args.initial_comment === 'string' ? args.initial_comment : undefined,
          });
        }
        return send(200, { ok: true, files: found.map((u) => ({ id: u!.id, name: u!.filename, title: u!.title })) });
      }
      case 'users.info':
        return send(200, { ok: true, user: { id: args.user, name: String(args.user).toLowerCase(), tz: 'UTC' } });
      default:
        return send(200, { ok: false, error: 'unknown_method' });
    }
  });
  server.on('upgrade', (req, socket, head) => {
    const target = new URL(req.url ?? '/', 'http://fake');
    const ticket = target.searchParams.get('ticket') ?? '';
    if (target.pathname !== '/link/' || !tickets.delete(ticket)) {
      socket.end('HTTP/1.1 401 Unauthorized\r\nconnection: close\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      socketConnections += 1;
      sockets.add(ws);
      ws.on('close', () => sockets.delete(ws));
      ws.on('message', (data) => received.push({ message: parseJson(String(data)), at: Date.now() }));
      ws.send(
        JSON.stringify({ type: 'hello', num_connections: 1, debug_info: {}, connection_info: { app_id: 'A0PORTAL' } }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const waitFor = async <T>(probe: () => T | undefined | false, timeoutMs = 5_000): Promise<T> => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = probe();
      if (value !== undefined && value !== false) return value;
      if (Date.now() > deadline) throw new Error('fake Slack: timed out waiting for a call');
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  };

  return {
    url,
    uploads,
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
      files.set(id, {
        id,
        name: file.name,
        content: Buffer.from(file.content),
        filetype: file.filetype ?? (csv ? 'csv' : 'text'),
        mimetype: file.mimetype ?? (csv ? 'text/csv' : 'text/plain'),
      });
      return id;
    },
    waitFor,
    oauth,
    socket: {
      get connections() {
        return socketConnections;
      },
      open: () => [...sockets].filter((ws) => ws.readyState === ws.OPEN).length,
      received,
      send(message) {
        for (const ws of sockets) if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(message));
      },
      ackFor: (envelopeId, timeoutMs = 5_000) =>
        waitFor(() => received.find((r) => r.message.envelope_id === envelopeId), timeoutMs),
    },
    reset() {
      calls.length = 0;
      responses.length = 0;
      received.length = 0;
      uploads.length = 0;
      failures.clear();
    },
    close: () =>
      new Promise<void>((resolve) => {
        // Upgraded sockets are no longer the HTTP server's: end them here or the process keeps them open.
        for (const ws of sockets) ws.terminate();
        wss.close();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

async function readRawBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
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
