import { readFileSync } from 'node:fs';
import { z } from 'zod';

/**
 * Every setting comes from an environment variable with a validated default.
 * The README's configuration table lists the same names; keep them in step.
 */
const bool = z.enum(['true', 'false', '1', '0', 'yes', 'no']).transform((v) => v === 'true' || v === '1' || v === 'yes');

const hour = z.coerce.number().int().min(0).max(23);

export const configSchema = z
  .object({
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    HOST: z.string().default('127.0.0.1'),
    /** Public base URL used in survey links sent to citizens. */
    PUBLIC_URL: z.string().url().optional(),
    /** When set, PostgreSQL over `pg`; otherwise the embedded PGlite in DATA_DIR. */
    DATABASE_URL: z.string().optional(),
    DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
    DATA_DIR: z.string().default('./data'),
    /**
     * The deletion ledger's folder (src/ledger): append-only files of what was deleted or promised,
     * kept outside the database so a restored backup cannot roll them back. Unset: DATA_DIR/deletion-ledger.
     */
    DELETION_LEDGER: z.string().min(1).optional(),
    /**
     * Secret for the salted contact hash (recontact quarantine, opt-out). Required in production
     * (DEV_LOGIN=false); the demo generates one into the database. CONTACT_HASH_SECRET_FILE reads it from a file.
     */
    CONTACT_HASH_SECRET: z.string().min(16).optional(),
    /**
     * The key from which the session-cookie, meeting-fingerprint and comment-reference keys are
     * derived. Required in production, and never stored in the database: a copy of the database must
     * not let anyone forge a login or test a guess against a fingerprint. SECRET_KEY_FILE reads it from a file.
     */
    SECRET_KEY: z.string().min(32).optional(),
    /** Where invitations go: outbox (files in DATA_DIR/outbox), or real transports. */
    DELIVERY_MODE: z.enum(['outbox', 'live']).default('outbox'),
    SMTP_URL: z.string().optional(),
    SMTP_FROM: z.string().default('Brukerstemme <ikke-svar@nav.example>'),
    SMS_GATEWAY_URL: z.string().url().optional(),
    SMS_GATEWAY_TOKEN: z.string().optional(),
    SMS_SENDER: z.string().default('NAV'),
    /** Invitation rules. */
    INVITE_DELAY_MINUTES: z.coerce.number().int().min(0).default(120),
    QUIET_HOURS_START: hour.default(21),
    QUIET_HOURS_END: hour.default(8),
    TIME_ZONE: z.string().default('Europe/Oslo'),
    RECONTACT_QUARANTINE_DAYS: z.coerce.number().int().min(0).default(30),
    RESPONSE_RETENTION_MONTHS: z.coerce.number().int().min(1).default(36),
    REMINDER_AFTER_DAYS: z.coerce.number().min(0).default(3),
    REMINDERS_ENABLED: bool.default(true),
    LINK_EXPIRY_DAYS: z.coerce.number().min(1).default(14),
    /** How often the responses still getting answers are rewritten in random order; an answered invitation closes only after such a pass. */
    RESPONSE_SHUFFLE_MINUTES: z.coerce.number().int().min(1).default(360),
    /** A meeting older than this when it arrives is registered but not invited (the user will not remember it). */
    MAX_MEETING_AGE_DAYS: z.coerce.number().min(0).default(7),
    /** Privacy thresholds: minimum answers for a figure, and for free-text comments. */
    MIN_ANSWERS: z.coerce.number().int().min(3).default(5),
    MIN_ANSWERS_COMMENTS: z.coerce.number().int().min(5).default(10),
    /** Counselors with answers a group figure must cover (m), so a unit's figure is never one person's in disguise. */
    MIN_COUNSELORS: z.coerce.number().int().min(2).default(3),
    /** Group reports read a stored snapshot of released figures, recomputed when older than this (0: on every read). */
    REPORT_REFRESH_SECONDS: z.coerce.number().int().min(0).default(300),
    /** An office policy opening individual results to leaders starts at least this many days after it is published. */
    POLICY_NOTICE_DAYS: z.coerce.number().int().min(0).default(14),
    /** Worker. */
    WORKER_POLL_MS: z.coerce.number().int().min(10).default(1000),
    WORKER_BATCH_SIZE: z.coerce.number().int().min(1).max(1000).default(50),
    WORKER_LEASE_SECONDS: z.coerce.number().int().min(5).default(60),
    MAX_DELIVERY_ATTEMPTS: z.coerce.number().int().min(1).default(8),
    /** Wait before the first retry of a failed delivery; each further retry waits twice as long (at most 6 hours). */
    DELIVERY_RETRY_SECONDS: z.coerce.number().int().min(1).default(60),
    /** Employee login through OpenID Connect (offered when OIDC_ISSUER is set): the agency's identity provider. */
    OIDC_ISSUER: z.string().url().optional(),
    OIDC_CLIENT_ID: z.string().min(1).optional(),
    OIDC_CLIENT_SECRET: z.string().min(1).optional(),
    /** The claim that carries the employee id (falls back to `sub` when the token lacks it). */
    OIDC_EMPLOYEE_CLAIM: z
      .string()
      .regex(/^[A-Za-z0-9_.:-]+$/)
      .default('NAVident'),
    OIDC_SCOPES: z
      .string()
      .regex(/^[\x21-\x7e]+( [\x21-\x7e]+)*$/)
      .default('openid profile'),
    /** Monitoring for selection: a unit or counselor is flagged when the current month falls below its own robust band. */
    MONITORING_HISTORY_MONTHS: z.coerce.number().int().min(3).max(24).default(6),
    /** Band width in robust standard deviations (1.4826 × MAD) below the median of the history. */
    MONITORING_BAND_MADS: z.coerce.number().min(0.5).max(10).default(3),
    /** …and the drop must also be at least this share of the median, so small absolute wobbles are not flagged. */
    MONITORING_MIN_RELATIVE_DROP: z.coerce.number().min(0).max(1).default(0.4),
    /** For the dispatch share (invitations sent / meetings registered): the least drop, in share points, worth a flag. */
    MONITORING_MIN_SHARE_DROP: z.coerce.number().min(0).max(1).default(0.2),
    /** Histories whose median is below this many meetings a month are too small to judge. */
    MONITORING_MIN_BASELINE: z.coerce.number().min(1).default(10),
    /** Dev login (pick an employee) — on for the demo, off in production. */
    DEV_LOGIN: bool.default(true),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    MAX_BODY_BYTES: z.coerce
      .number()
      .int()
      .min(1024)
      .default(5 * 1024 * 1024),
    /** Proxies in front of the web nodes whose X-Forwarded-For/-Proto to trust (0: none); the client address keys the rate limits. */
    TRUST_PROXY_HOPS: z.coerce.number().int().min(0).max(10).default(0),
    /** Rate limits, counted in the database so they hold across every web node (0 switches one off). */
    RATE_LIMIT_WINDOW_SECONDS: z.coerce.number().int().min(1).max(86_400).default(600),
    /** Login attempts (dev login and the OIDC callback) from one client address per window. */
    RATE_LIMIT_LOGIN_PER_ADDRESS: z.coerce.number().int().min(0).default(300),
    /** Login attempts naming one employee id (dev login) per window, from any address. */
    RATE_LIMIT_LOGIN_PER_EMPLOYEE: z.coerce.number().int().min(0).default(20),
    /** Requests to survey, opt-out and Q-sort token pages from one client address per window. */
    RATE_LIMIT_TOKEN_PER_ADDRESS: z.coerce.number().int().min(0).default(600),
    /**
     * A second listener (on HOST) for the operators, in every role: /metrics (Prometheus), /livez and /readyz.
     * Unset: none. Kept off the public port so the load balancer never routes to it.
     */
    METRICS_PORT: z.coerce.number().int().min(0).max(65535).optional(),
    /** When set, /metrics asks for `Authorization: Bearer <METRICS_TOKEN>` too. METRICS_TOKEN_FILE reads it from a file. */
    METRICS_TOKEN: z.string().min(16).optional(),
    /**
     * On SIGTERM, how long /readyz answers 503 while the server still serves, before it stops taking
     * connections: time for the load balancer to stop sending (Kubernetes removes the endpoint asynchronously).
     */
    SHUTDOWN_DELAY_SECONDS: z.coerce.number().min(0).max(120).default(0),
  })
  .superRefine((c, issues) => {
    for (const problem of productionSecretProblems(c))
      issues.addIssue({ code: 'custom', path: [problem], message: 'required when DEV_LOGIN is false (production)' });
    // OIDC is all or nothing: an issuer without its client would fail only at the first login.
    if (c.OIDC_ISSUER) {
      for (const key of ['OIDC_CLIENT_ID', 'OIDC_CLIENT_SECRET'] as const) {
        if (!c[key]) issues.addIssue({ code: 'custom', path: [key], message: 'required when OIDC_ISSUER is set' });
      }
    }
  });

export type Config = z.infer<typeof configSchema>;

/** Secrets that must come from outside the database when the demo login is off. */
export function productionSecretProblems(
  c: Pick<Config, 'DEV_LOGIN' | 'SECRET_KEY' | 'CONTACT_HASH_SECRET'>,
): Array<'SECRET_KEY' | 'CONTACT_HASH_SECRET'> {
  if (c.DEV_LOGIN) return [];
  return (['SECRET_KEY', 'CONTACT_HASH_SECRET'] as const).filter((key) => !c[key]);
}

/** Settings that may also arrive as a file (NAME_FILE), the way Kubernetes mounts secrets. */
export const FROM_FILE = [
  'SECRET_KEY',
  'CONTACT_HASH_SECRET',
  'OIDC_CLIENT_SECRET',
  'SMS_GATEWAY_TOKEN',
  'DATABASE_URL',
  'SMTP_URL',
  'METRICS_TOKEN',
] as const;

export class ConfigError extends Error {}

export function loadConfig(env: Record<string, string | undefined> = process.env, overrides: Partial<Config> = {}): Config {
  const relevant: Record<string, string> = {};
  for (const key of Object.keys(configSchema.shape)) {
    const value = env[key];
    if (value !== undefined && value !== '') relevant[key] = value;
  }
  for (const key of FROM_FILE) {
    const file = env[`${key}_FILE`];
    if (!file || relevant[key] !== undefined) continue;
    try {
      relevant[key] = readFileSync(file, 'utf8').trim();
    } catch (err) {
      throw new ConfigError(
        `Invalid configuration:\n  ${key}_FILE: cannot read ${file} (${(err as NodeJS.ErrnoException).code ?? String(err)})`,
      );
    }
  }
  const parsed = configSchema.safeParse(relevant);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  return { ...parsed.data, ...overrides };
}

export function publicUrl(config: Config): string {
  return (config.PUBLIC_URL ?? `http://localhost:${config.PORT}`).replace(/\/$/, '');
}
