/**
 * The environment, read once and validated by one zod schema. Every problem
 * is collected so that a person fixing their configuration sees all of them at
 * once (see `formatConfigProblems`). The variable names are part of the
 * product's contract: README.md and .env.example list them.
 */
import { isIP } from 'node:net';
import { z } from 'zod';
import { parsePhoneNumberFromString } from 'libphonenumber-js';

const optionalText = z
  .string()
  .trim()
  .transform((value) => (value === '' ? undefined : value))
  .optional();

const url = (protocols: string[]) =>
  z
    .string()
    .trim()
    .refine(
      (value) => {
        try {
          return protocols.includes(new URL(value).protocol);
        } catch {
          return false;
        }
      },
      `must be a URL starting with ${protocols.map((p) => `${p}//`).join(' or ')}`,
    );

const optionalUrl = (protocols: string[]) =>
  z.preprocess(
    (value) => (typeof value === 'string' && value.trim() === '' ? undefined : value),
    url(protocols).optional(),
  );

const databaseUrl = z
  .string()
  .trim()
  .default('file:./data/portal.db')
  .refine((value) => {
    if (value.startsWith('file:')) return value.length > 'file:'.length;
    if (/^postgres(ql)?:\/\//.test(value)) {
      try {
        return new URL(value).hostname !== '';
      } catch {
        return false;
      }
    }
    return false;
  }, 'must be file:<path> (SQLite) or postgresql://user@host:port/database');

const emailFrom = optionalText.refine(
  (value) =>
    value === undefined || /^(?:[^<>]*<[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+>|[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+)$/.test(value),
  'must be an address, optionally with a display name: Portal Desk <portal@example.com>',
);

const e164 = optionalText.refine(
  (value) => value === undefined || (parsePhoneNumberFromString(value)?.isValid() === true && value.startsWith('+')),
  'must be a phone number in E.164 form, e.g. +14155550123',
);

/** An on/off switch: true, false, 1 or 0; unset or empty is off. */
const flag = optionalText
  .refine(
    (value) => value === undefined || ['true', 'false', '1', '0'].includes(value.toLowerCase()),
    'must be true or false (or 1 or 0)',
  )
  .transform((value) => value?.toLowerCase() === 'true' || value === '1');

/**
 * TRUST_PROXY, with Express's meaning: off (the default; X-Forwarded-For is
 * ignored), a hop count, or a list of trusted proxy addresses, CIDRs and
 * Express's names (loopback, linklocal, uniquelocal). `true` (trust every hop)
 * is refused: any client could then pick its own address for rate limits.
 */
const trustProxy = optionalText
  .refine((value) => {
    if (value === undefined || /^(false|0|off)$/i.test(value) || /^\d{1,2}$/.test(value)) return true;
    return value.split(',').every((entry) => {
      const item = entry.trim();
      if (['loopback', 'linklocal', 'uniquelocal'].includes(item)) return true;
      const [address = '', prefix, extra] = item.split('/');
      if (extra !== undefined || isIP(address) === 0) return false;
      return prefix === undefined || (/^\d{1,3}$/.test(prefix) && Number(prefix) <= (isIP(address) === 4 ? 32 : 128));
    });
  }, 'must be off, a hop count (1), or a comma-separated list of proxy addresses, CIDRs, loopback, linklocal or uniquelocal')
  .transform((value): TrustProxy => {
    if (value === undefined || /^(false|0|off)$/i.test(value)) return false;
    if (/^\d{1,2}$/.test(value)) return Number(value);
    return value.split(',').map((entry) => entry.trim());
  });

/** What Express's `trust proxy` setting is given: false, a hop count, or a list of addresses/CIDRs/names. */
export type TrustProxy = false | number | string[];
/** Like `flag`, also taking on and off. */
const onOff = optionalText
  .refine(
    (value) => value === undefined || ['on', 'off', 'true', 'false', '1', '0'].includes(value.toLowerCase()),
    'must be on or off',
  )
  .transform((value) => ['on', 'true', '1'].includes(value?.toLowerCase() ?? ''));

const environmentSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  // Unset: every interface (IPv4 and IPv6), as Node does; 127.0.0.1 keeps the service on this machine.
  HOST: optionalText,
  PUBLIC_URL: optionalUrl(['http:', 'https:']),
  DATABASE_URL: databaseUrl,
  DATA_DIR: z.string().trim().default('./data'),
  PORTAL_NAME: optionalText,
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
  // Unset: readable lines on a terminal, JSON otherwise.
  LOG_FORMAT: optionalText.refine(
    (v) => v === undefined || v === 'json' || v === 'pretty',
    'must be json or pretty',
  ) as z.ZodType<'json' | 'pretty' | undefined>,

  SLACK_SIGNING_SECRET: optionalText,
  SLACK_BOT_TOKEN: optionalText.refine((v) => v === undefined || v.startsWith('xoxb-'), 'must be a bot token (xoxb-…)'),
  SLACK_APP_TOKEN: optionalText.refine(
    (v) => v === undefined || v.startsWith('xapp-'),
    'must be an app-level token (xapp-…)',
  ),
  SLACK_API_URL: optionalUrl(['http:', 'https:']),
  // Many workspaces (OAuth install, issue #16): all three together, instead of SLACK_BOT_TOKEN.
  SLACK_CLIENT_ID: optionalText,
  SLACK_CLIENT_SECRET: optionalText,
  SLACK_STATE_SECRET: optionalText.refine(
    (v) => v === undefined || v.length >= 16,
    'must be at least 16 characters (it signs the OAuth state)',
  ),
  PORTAL_ADMINS: optionalText,
  PORTAL_OPERATORS: optionalText.refine(
    (v) => v === undefined || slackIds(v).every((id) => /^[UWS][A-Z0-9]{2,}$/.test(id)),
    'must list Slack user ids (U…, W…) or user group ids (S…), separated by commas or spaces',
  ),
  // Accounts without a custom domain are served at <slug>.<this> (wildcard DNS and certificate); unset: PUBLIC_URL/a/<slug>.
  PORTAL_BASE_DOMAIN: optionalText.refine(
    (v) =>
      v === undefined ||
      /^([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/.test(v.toLowerCase()),
    'must be a host name like portals.example.com (no https://, port or path)',
  ),
  STATS_CHANNEL: optionalText,
  ALERTS_CHANNEL: optionalText,
  STATS_HOUR: z.coerce.number().int().min(0).max(23).default(9),

  RESEND_API_KEY: optionalText,
  RESEND_BASE_URL: optionalUrl(['http:', 'https:']),
  RESEND_WEBHOOK_SECRET: optionalText,
  EMAIL_FROM: emailFrom,

  TWILIO_ACCOUNT_SID: optionalText.refine(
    (v) => v === undefined || /^AC[0-9a-fA-F]{32}$/.test(v),
    'must look like AC followed by 32 hex characters',
  ),
  TWILIO_AUTH_TOKEN: optionalText,
  TWILIO_FROM: e164,
  TWILIO_MESSAGING_SERVICE_SID: optionalText.refine(
    (v) => v === undefined || /^MG[0-9a-fA-F]{32}$/.test(v),
    'must look like MG followed by 32 hex characters',
  ),
  TWILIO_API_URL: optionalUrl(['http:', 'https:']),

  OUTBOX_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(8),
  // A dead worker's claims (messages, bulk jobs) move to a live worker within this many seconds;
  // a live worker renews its claims by heartbeat (README, "Delivery guarantees").
  OUTBOX_LEASE_SECONDS: z.coerce.number().min(2).max(3600).default(30),
  // Older name of OUTBOX_LEASE_SECONDS, still read when the new one is unset.
  OUTBOX_CLAIM_TIMEOUT_SECONDS: z.coerce.number().min(2).max(3600).optional(),
  // PostgreSQL: connections per instance, and how long a transaction waits for one (a burst
  // queues instead of failing) and may run.
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  DATABASE_TRANSACTION_WAIT_SECONDS: z.coerce.number().positive().max(600).default(30),
  DATABASE_TRANSACTION_TIMEOUT_SECONDS: z.coerce.number().positive().max(600).default(60),
  // Development and tests only: lets webhooks go to localhost and private networks (and over http).
  WEBHOOK_ALLOW_PRIVATE_NETWORKS: flag,
  SESSION_SECRET: optionalText.refine((v) => v === undefined || v.length >= 32, 'must be at least 32 characters'),
  // Key rotation: the secrets SESSION_SECRET had before, comma-separated, newest first.
  SESSION_SECRET_PREVIOUS: optionalText.refine(
    (v) => v === undefined || v.split(',').every((s) => s.trim().length >= 32),
    'must be a comma-separated list of secrets of at least 32 characters each',
  ),
  GOOGLE_CLIENT_ID: optionalText,
  // Google's endpoints by default; tests point them at a local key set and sign-in page.
  GOOGLE_JWKS_URL: optionalUrl(['http:', 'https:']),
  GOOGLE_AUTH_URL: optionalUrl(['http:', 'https:']),
  REDIS_URL: optionalUrl(['redis:', 'rediss:']),
  RATE_LIMIT_SCALE: z.coerce.number().positive().default(1),
  TRUST_PROXY: trustProxy,
  // GET /metrics is off unless switched on, or a token is set (then it is required as a bearer token).
  METRICS: onOff,
  METRICS_TOKEN: optionalText.refine((v) => v === undefined || v.length >= 16, 'must be at least 16 characters'),
});

/**
 * Settings that only make sense together. Checked on the raw values, so these
 * problems are reported alongside malformed ones, not only after them.
 */
function consistencyProblems(raw: Record<string, string | undefined>): string[] {
  const has = (name: string) => (raw[name] ?? '').trim() !== '';
  const problems: string[] = [];
  const oauth = ['SLACK_CLIENT_ID', 'SLACK_CLIENT_SECRET', 'SLACK_STATE_SECRET'];
  const oauthOn = oauth.some(has);
  if (oauthOn) {
    for (const name of oauth.filter((n) => !has(n)))
      problems.push(
        `${name} is required to install the Slack app in many workspaces (with ${oauth.filter((n) => n !== name).join(' and ')})`,
      );
    if (has('SLACK_BOT_TOKEN'))
      problems.push(
        'SLACK_BOT_TOKEN and SLACK_CLIENT_ID are exclusive: one workspace (bot token) or many (OAuth install), not both',
      );
    if (!has('SLACK_SIGNING_SECRET') && !has('SLACK_APP_TOKEN'))
      problems.push('SLACK_SIGNING_SECRET is required with SLACK_CLIENT_ID (or set SLACK_APP_TOKEN for Socket Mode)');
  }
  if (has('SLACK_BOT_TOKEN') && !has('SLACK_SIGNING_SECRET') && !has('SLACK_APP_TOKEN')) {
    problems.push('SLACK_SIGNING_SECRET is required with SLACK_BOT_TOKEN (or set SLACK_APP_TOKEN for Socket Mode)');
  }
  if (!oauthOn && !has('SLACK_BOT_TOKEN') && (has('SLACK_SIGNING_SECRET') || has('SLACK_APP_TOKEN'))) {
    problems.push('SLACK_BOT_TOKEN is required when SLACK_SIGNING_SECRET or SLACK_APP_TOKEN is set');
  }
  if (has('RESEND_API_KEY') && !has('EMAIL_FROM'))
    problems.push('EMAIL_FROM is required with RESEND_API_KEY (the address emails come from)');
  if (['TWILIO_ACCOUNT_SID', 'TWILIO_AUTH_TOKEN', 'TWILIO_FROM', 'TWILIO_MESSAGING_SERVICE_SID'].some(has)) {
    if (!has('TWILIO_ACCOUNT_SID')) problems.push('TWILIO_ACCOUNT_SID is required to send SMS with Twilio');
    if (!has('TWILIO_AUTH_TOKEN')) problems.push('TWILIO_AUTH_TOKEN is required to send SMS with Twilio');
    if (!has('TWILIO_FROM') && !has('TWILIO_MESSAGING_SERVICE_SID'))
      problems.push('TWILIO_FROM or TWILIO_MESSAGING_SERVICE_SID is required to send SMS with Twilio');
  }
  return problems;
}

export type Environment = z.infer<typeof environmentSchema>;

export interface Config {
  port: number;
  /** Interface to bind; undefined binds every interface. */
  host?: string;
  publicUrl: string;
  /** 'PUBLIC_URL' when set explicitly; 'default' when guessed from PORT (the CLI then prefers the account's stored URL). */
  publicUrlSource: 'PUBLIC_URL' | 'default';
  /** PORTAL_BASE_DOMAIN, lower-case: account `acme` is served at acme.<this>. */
  portalBaseDomain?: string;
  databaseUrl: string;
  database: 'sqlite' | 'postgresql';
  dataDir: string;
  portalName?: string;
  logLevel: Environment['LOG_LEVEL'];
  logFormat?: Environment['LOG_FORMAT'];
  sessionSecret?: string;
  /** SESSION_SECRET_PREVIOUS: older secrets whose keys still open links, codes and sealed values minted under them. */
  previousSessionSecrets: string[];
  slack: {
    signingSecret?: string;
    botToken?: string;
    appToken?: string;
    apiUrl?: string;
    /** Set when the app is installed through OAuth in many workspaces (SLACK_CLIENT_ID, …); then there is no botToken. */
    oauth?: { clientId: string; clientSecret: string; stateSecret: string };
    /** PORTAL_ADMINS and PORTAL_OPERATORS together: operators hold the global admin role (issue #16). */
    admins: string[];
    adminGroups: string[];
    /**
     * PORTAL_OPERATORS, plus PORTAL_ADMINS for compatibility (it was the one global role): they manage
     * accounts. User ids here, user group ids (S…) in operatorGroups.
     */
    operators: string[];
    operatorGroups: string[];
    statsChannel?: string;
    statsHour: number;
    /** One message per bounced or dead message, rolled up when many arrive at once. */
    alertsChannel?: string;
  };
  email: { resendApiKey?: string; resendBaseUrl?: string; webhookSecret?: string; from?: string };
  sms: { accountSid?: string; authToken?: string; from?: string; messagingServiceSid?: string; apiUrl?: string };
  outbox: { maxAttempts: number; leaseSeconds: number };
  /** PostgreSQL pool and interactive-transaction limits (SQLite has one connection). */
  databasePool: { size: number; transactionWaitMs: number; transactionTimeoutMs: number };
  /** Webhooks may be subscribed and delivered to private networks and over http (development, tests). */
  webhookAllowPrivateNetworks: boolean;
  googleClientId?: string;
  google: { jwksUrl: string; authUrl: string };
  redisUrl?: string;
  rateLimitScale: number;
  /** Express's `trust proxy`: which X-Forwarded-For hops to believe. Off by default. */
  trustProxy: TrustProxy;
  /** GET /metrics: served when `enabled`; with a token, only to `Authorization: Bearer <token>`. */
  metrics: { enabled: boolean; token?: string };
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(formatConfigProblems(problems));
    this.name = 'ConfigError';
  }
}

export function formatConfigProblems(problems: string[]): string {
  return [
    `Portal Desk cannot start: ${problems.length} configuration problem(s)`,
    ...problems.map((p) => `  - ${p}`),
  ].join('\n');
}

/**
 * Reads the configuration from an environment (process.env by default).
 * @throws ConfigError listing every problem found.
 * @example loadConfig({ DATABASE_URL: 'postgresql://postgres@127.0.0.1/portal' })
 */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = environmentSchema.safeParse(env);
  const problems = [
    ...(parsed.success
      ? []
      : parsed.error.issues.map((issue) => `${issue.path.join('.') || 'environment'} ${issue.message}`)),
    ...consistencyProblems(env),
  ];
  if (!parsed.success || problems.length > 0) throw new ConfigError(problems);
  const e = parsed.data;
  const adminIds = [...new Set([...slackIds(e.PORTAL_ADMINS ?? ''), ...slackIds(e.PORTAL_OPERATORS ?? '')])];
  return {
    port: e.PORT,
    host: e.HOST,
    publicUrlSource: e.PUBLIC_URL ? 'PUBLIC_URL' : 'default',
    publicUrl: (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, ''),
    portalBaseDomain: e.PORTAL_BASE_DOMAIN?.toLowerCase().replace(/\.$/, ''),
    databaseUrl: e.DATABASE_URL,
    database: e.DATABASE_URL.startsWith('file:') ? 'sqlite' : 'postgresql',
    dataDir: e.DATA_DIR,
    portalName: e.PORTAL_NAME,
    logLevel: e.LOG_LEVEL,
    logFormat: e.LOG_FORMAT,
    sessionSecret: e.SESSION_SECRET,
    previousSessionSecrets: (e.SESSION_SECRET_PREVIOUS ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
    slack: {
      signingSecret: e.SLACK_SIGNING_SECRET,
      botToken: e.SLACK_BOT_TOKEN,
      appToken: e.SLACK_APP_TOKEN,
      apiUrl: e.SLACK_API_URL,
      oauth:
        e.SLACK_CLIENT_ID && e.SLACK_CLIENT_SECRET && e.SLACK_STATE_SECRET
          ? { clientId: e.SLACK_CLIENT_ID, clientSecret: e.SLACK_CLIENT_SECRET, stateSecret: e.SLACK_STATE_SECRET }
          : undefined,
      // User group ids start with S; everything else is a user id.
      admins: adminIds.filter((id) => !id.startsWith('S')),
      adminGroups: adminIds.filter((id) => id.startsWith('S')),
      operators: adminIds.filter((id) => !id.startsWith('S')),
      operatorGroups: adminIds.filter((id) => id.startsWith('S')),
      statsChannel: e.STATS_CHANNEL,
      statsHour: e.STATS_HOUR,
      alertsChannel: e.ALERTS_CHANNEL,
    },
    email: {
      resendApiKey: e.RESEND_API_KEY,
      resendBaseUrl: e.RESEND_BASE_URL,
      webhookSecret: e.RESEND_WEBHOOK_SECRET,
      from: e.EMAIL_FROM,
    },
    sms: {
      accountSid: e.TWILIO_ACCOUNT_SID,
      authToken: e.TWILIO_AUTH_TOKEN,
      from: e.TWILIO_FROM,
      messagingServiceSid: e.TWILIO_MESSAGING_SERVICE_SID,
      apiUrl: e.TWILIO_API_URL,
    },
    outbox: {
      maxAttempts: e.OUTBOX_MAX_ATTEMPTS,
      leaseSeconds: env.OUTBOX_LEASE_SECONDS?.trim()
        ? e.OUTBOX_LEASE_SECONDS
        : (e.OUTBOX_CLAIM_TIMEOUT_SECONDS ?? e.OUTBOX_LEASE_SECONDS),
    },
    databasePool: {
      size: e.DATABASE_POOL_SIZE,
      transactionWaitMs: e.DATABASE_TRANSACTION_WAIT_SECONDS * 1000,
      transactionTimeoutMs: e.DATABASE_TRANSACTION_TIMEOUT_SECONDS * 1000,
    },
    webhookAllowPrivateNetworks: e.WEBHOOK_ALLOW_PRIVATE_NETWORKS,
    googleClientId: e.GOOGLE_CLIENT_ID,
    google: {
      jwksUrl: e.GOOGLE_JWKS_URL ?? 'https://www.googleapis.com/oauth2/v3/certs',
      authUrl: e.GOOGLE_AUTH_URL ?? 'https://accounts.google.com/o/oauth2/v2/auth',
    },
    redisUrl: e.REDIS_URL,
    rateLimitScale: e.RATE_LIMIT_SCALE,
    trustProxy: e.TRUST_PROXY,
    metrics: { enabled: e.METRICS || e.METRICS_TOKEN !== undefined, token: e.METRICS_TOKEN },
  };
}

/** For entry points: the configuration, or the list of problems on stderr and exit code 1. */
export function loadConfigOrExit(env: Record<string, string | undefined> = process.env): Config {
  try {
    return loadConfig(env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(error.message);
    process.exit(1);
  }
}

/** A list of Slack ids as people write it: commas, spaces or both. */
function slackIds(value: string): string[] {
  return value.split(/[\s,]+/).filter(Boolean);
}
