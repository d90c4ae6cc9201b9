/**
 * One-line logs. Anything that looks like a link token, a bearer token or a
 * Slack token is masked before it is written, as a last line of defence: the
 * code should not be logging them in the first place.
 */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
const order: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

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

export function createLogger(options: { level?: LogLevel; fields?: Record<string, unknown>; write?: (line: string) => void } = {}): Logger {
  const threshold = order[options.level ?? 'info'];
  const write = options.write ?? ((line: string) => process.stderr.write(line + '\n'));
  const base = options.fields ?? {};
  const log = (level: LogLevel) => (message: string, fields: Record<string, unknown> = {}) => {
    if (order[level] < threshold) return;
    const extra = { ...base, ...fields };
    const rendered = Object.entries(extra)
      .map(([key, value]) => `${key}=${value instanceof Error ? JSON.stringify(value.message) : JSON.stringify(value)}`)
      .join(' ');
    write(redact(`${new Date().toISOString()} ${level.toUpperCase().padEnd(5)} ${message}${rendered ? ' ' + rendered : ''}`));
  };
  return {
    debug: log('debug'),
    info: log('info'),
    warn: log('warn'),
    error: log('error'),
    child: (fields) => createLogger({ ...options, fields: { ...base, ...fields } }),
  };
}

/** For tests: collects lines instead of printing them. */
export function createMemoryLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  return Object.assign(createLogger({ level: 'debug', write: (line) => lines.push(line) }), { lines });
}
