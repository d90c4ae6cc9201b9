/**
 * Logs through pino: one JSON object a line when stderr is not a terminal
 * (what log collectors read), readable lines through pino-pretty on a
 * terminal; LOG_FORMAT overrides. Errors passed as `{ error }` keep their type,
 * message and stack. Secrets are masked twice: by key (password, token,
 * authorization, …) and, as a last line of defence, anything that looks like
 * a link token, a bearer token or a Slack token anywhere in the line. The
 * code should not be logging them in the first place.
 *
 * The interface (message first, then fields) is the one the code used before
 * pino, so every caller stays as it was.
 */
import { createRequire } from 'node:module';
import { pino, stdSerializers, type Logger as PinoLogger } from 'pino';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type LogFormat = 'json' | 'pretty';

export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
  child(fields: Record<string, unknown>): Logger;
}

const secretPatterns: Array<[RegExp, string]> = [
  [/\/l\/[A-Za-z0-9_-]{20,}/g, '/l/[token]'],
  [/\b(xox[abpr]|xapp)-[A-Za-z0-9-]+/g, '$1-[redacted]'],
  [/\bBearer\s+[A-Za-z0-9._~+/=-]+/gi, 'Bearer [redacted]'],
  // API keys are base64url: '-' is part of them, or half a key would stay in clear.
  [/\b(re|pd)_[A-Za-z0-9_-]{16,}/g, '$1_[redacted]'],
  // Slack response URLs and Socket Mode tickets let whoever holds them post as the app.
  [/https:\/\/hooks\.slack\.com\/[^\s"'\\]+/g, 'https://hooks.slack.com/[redacted]'],
  [/([?&]ticket=)[^\s"'&\\]+/g, '$1[redacted]'],
  [/\b(reset-password\?token=)[A-Za-z0-9_-]+/g, '$1[token]'],
];

export function redact(text: string): string {
  return secretPatterns.reduce((out, [pattern, replacement]) => out.replace(pattern, replacement), text);
}

/** Field names whose values never reach a log, at the top level or one level down. */
const secretKeys = [
  'password',
  'token',
  'secret',
  'apiKey',
  'authorization',
  'cookie',
  'sessionSecret',
  'botToken',
  'appToken',
  'signingSecret',
];
const redactPaths = [
  ...secretKeys,
  ...secretKeys.map((k) => `*.${k}`),
  'headers.authorization',
  'headers.cookie',
  'req.headers.authorization',
  'req.headers.cookie',
];

export interface CreateLoggerOptions {
  level?: LogLevel;
  fields?: Record<string, unknown>;
  /** Receives each finished line (JSON), already masked. Default: stderr. */
  write?: (line: string) => void;
  /** @default LOG_FORMAT, else 'pretty' on a terminal and 'json' otherwise */
  format?: LogFormat;
}

export function createLogger(options: CreateLoggerOptions = {}): Logger {
  const format =
    options.format ??
    (process.env.LOG_FORMAT === 'json' || process.env.LOG_FORMAT === 'pretty'
      ? process.env.LOG_FORMAT
      : process.stderr.isTTY && !options.write
        ? 'pretty'
        : 'json');
  const sink = options.write ?? ((line: string) => process.stderr.write(`${line}\n`));
  const pretty = format === 'pretty' ? prettyStream() : undefined;
  const destination = {
    write(line: string) {
      const masked = redact(line.endsWith('\n') ? line.slice(0, -1) : line);
      if (pretty) pretty.write(`${masked}\n`);
      else sink(masked);
    },
  };
  const base = pino(
    {
      level: options.level ?? 'info',
      base: { pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      serializers: { error: stdSerializers.err, err: stdSerializers.err },
      redact: { paths: redactPaths, censor: '[redacted]' },
    },
    destination,
  );
  return wrap(options.fields ? base.child(options.fields) : base);
}

function wrap(logger: PinoLogger): Logger {
  const at = (level: LogLevel) => (message: string, fields?: Record<string, unknown>) =>
    fields ? logger[level](fields, message) : logger[level](message);
  return {
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    child: (fields) => wrap(logger.child(fields)),
  };
}

/** pino-pretty, loaded only when a terminal wants it. */
function prettyStream(): { write(line: string): void } {
  const pinoPretty = createRequire(import.meta.url)('pino-pretty') as (options: object) => {
    write(line: string): void;
  };
  return pinoPretty({
    destination: 2,
    sync: true,
    colorize: true,
    translateTime: 'SYS:HH:MM:ss.l',
    ignore: 'pid,hostname',
  });
}

/** For tests: collects the JSON lines instead of printing them. */
export function createMemoryLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  return Object.assign(createLogger({ level: 'debug', format: 'json', write: (line) => lines.push(line) }), { lines });
}
