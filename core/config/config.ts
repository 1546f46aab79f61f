import path from 'node:path';
import { z } from 'zod';

/**
 * Every setting Redress reads, in one place, validated at start-up. An unset variable means the
 * embedded default (Temporal dev server, embedded PostgreSQL, local SMTP catcher); setting
 * TEMPORAL_ADDRESS / DATABASE_URL / SMTP_URL points at external servers instead (the docker-compose
 * shape). docker-compose.yml uses exactly these names; test/unit/docker-compose.test.ts checks it.
 */
const port = z.coerce.number().int().min(1).max(65535);
const optionalUrl = (protocols: string[]) =>
  z
    .string()
    .url()
    .refine((v) => protocols.some((p) => v.startsWith(`${p}:`)), {
      message: `must start with ${protocols.map((p) => `${p}://`).join(' or ')}`,
    })
    .optional();

/** An optional setting holding JSON text that must parse to an object (not an array or a scalar). */
const jsonObjectText = z
  .string()
  .optional()
  .refine(
    (v) => {
      if (!v) return true;
      try {
        const parsed: unknown = JSON.parse(v);
        return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed);
      } catch {
        return false;
      }
    },
    { message: 'must be a JSON object' },
  );

export const configSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  /** Folder for the embedded servers' data (Temporal's SQLite file, PostgreSQL cluster, CLI cache, mail). */
  REDRESS_DATA_DIR: z.string().min(1).default(path.resolve(__dirname, '../../.data')),
  /** host:port of an external Temporal frontend; unset starts the embedded dev server. */
  TEMPORAL_ADDRESS: z
    .string()
    .regex(/^[\w.-]+:\d+$/, 'must be host:port, e.g. temporal:7233')
    .optional(),
  TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
  TEMPORAL_TASK_QUEUE: z.string().min(1).default('complaints'),
  /**
   * Complaints a worker keeps in its sticky cache (the SDK's default when unset, which grows with
   * the machine's memory). Each cached complaint costs about 1.2 MiB of worker memory, and a miss
   * only replays a short history: `npm run bench -- open-complaints` measured 10 000 waiting
   * complaints at 3.0 GiB RSS with the default and 0.27 GiB with 100, at the same task-completion
   * time (p50 298 ms both).
   */
  WORKER_MAX_CACHED_WORKFLOWS: z.coerce.number().int().min(1).optional(),
  /** Embedded Temporal dev server ports (ignored with TEMPORAL_ADDRESS). */
  TEMPORAL_PORT: port.default(7233),
  TEMPORAL_UI_PORT: port.default(8233),
  /** Path to a `temporal` CLI binary to use instead of the pinned, cached one. */
  TEMPORAL_CLI: z.string().optional(),
  /** postgres://user:pass@host:port/db of an external server; unset starts embedded PostgreSQL. */
  DATABASE_URL: optionalUrl(['postgres', 'postgresql']),
  /** Embedded PostgreSQL port (ignored with DATABASE_URL). */
  POSTGRES_PORT: port.default(5433),
  /** smtp://user:pass@host:port of the outgoing mail relay; unset starts the local SMTP catcher. */
  SMTP_URL: optionalUrl(['smtp', 'smtps']),
  /** Port of the embedded SMTP catcher (ignored with SMTP_URL). */
  SMTP_CATCHER_PORT: port.default(2525),
  /** Port where the complaints mailbox listener accepts inbound email (0 disables it). */
  INBOUND_SMTP_PORT: z.coerce.number().int().min(0).max(65535).default(2526),
  MAIL_FROM: z.string().min(3).default('Redress <complaints@redress.localhost>'),
  /** Address customers write to; inbound mail to it becomes a complaint. */
  COMPLAINTS_ADDRESS: z.string().email().default('complaints@redress.localhost'),
  /** SMS provider: `sink` stores messages for the dev page; `twilio` sends through Twilio's REST API. */
  SMS_PROVIDER: z.enum(['sink', 'twilio']).default('sink'),
  TWILIO_ACCOUNT_SID: z.string().optional(),
  TWILIO_AUTH_TOKEN: z.string().optional(),
  TWILIO_FROM: z.string().optional(),
  TWILIO_API_URL: z.string().url().default('https://api.twilio.com'),
  WEB_PORT: port.default(3000),
  WEB_HOST: z.string().default('127.0.0.1'),
  /** Public base URL used in links sent to customers. */
  PUBLIC_URL: z.string().url().optional(),
  /** Signs session cookies and survey tokens. Required in production; generated and kept in the data folder otherwise. */
  SESSION_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  /** First admin account, created on first start when no user exists (a one-time password is printed otherwise). */
  ADMIN_EMAIL: z.string().email().default('admin@redress.localhost'),
  ADMIN_PASSWORD: z.string().min(12, 'must be at least 12 characters').optional(),
  ORGANISATION_NAME: z.string().min(1).default('Redress'),
  /**
   * Years a customer's personal data is kept after their last complaint closed; only then may an
   * admin pseudonymise it (the complaint record itself is kept). FCA DISP asks for at least 3.
   */
  RETENTION_YEARS: z.coerce.number().int().min(1).max(100).default(6),
  /**
   * JSON overriding the process variables every new complaint starts with: the approval limit and
   * the SLA durations the default model's timers read (ISO 8601), e.g.
   * {"approvalLimit":250,"sla":{"investigation":"P3D","investigationDeadline":"P10D"}}.
   */
  PROCESS_DEFAULTS: jsonObjectText,
  /**
   * Jurisdiction profile new complaints follow unless their product line is mapped to another
   * (core/regulation/profiles/<key>.json): deadline clocks, mandatory letter clauses, return bands.
   * Shipped: iso-10002 (default), uk-fca, uk-fca-payments, eu-psd2, us-cfpb, au-rg271.
   */
  JURISDICTION_PROFILE: z
    .string()
    .regex(/^[a-z][a-z0-9-]{1,39}$/, 'must be a profile key such as uk-fca')
    .default('iso-10002'),
  /** Working calendar key (admin page /staff/admin/calendars) to use instead of the profile's own. */
  WORKING_CALENDAR: z.string().min(1).optional(),
  /**
   * JSON changing clocks of every profile, by clock key, e.g. {"finalResponse":{"budget":"P10BD",
   * "warnBefore":"P2BD"}}: a stricter internal target, or seconds-long clocks for a demonstration.
   */
  CLOCK_OVERRIDES: jsonObjectText,
  /**
   * Start a new run of a complaint's workflow (continue-as-new, carrying the engine state) once its
   * history has this many events. Unset: when Temporal suggests it (about 4 096 events). A lower value
   * bounds replay cost for very long complaints and lets tests exercise the hand-over.
   */
  CONTINUE_AS_NEW_AFTER_EVENTS: z.coerce.number().int().min(20).optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type Config = z.infer<typeof configSchema> & { PUBLIC_URL: string };

/** Thrown when the environment does not validate; the message names each bad variable. */
export class ConfigError extends Error {
  constructor(readonly issues: { variable: string; message: string }[]) {
    super(
      `Invalid configuration:\n${issues.map((i) => `  ${i.variable}: ${i.message}`).join('\n')}\n` +
        'Fix these environment variables (see the configuration table in README.md).',
    );
    this.name = 'ConfigError';
  }
}

/** Parses and validates configuration from an environment (process.env by default). */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  // Treat empty strings as unset, the way docker-compose passes `VAR=` through.
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = configSchema.safeParse(cleaned);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((i) => ({ variable: String(i.path[0] ?? '?'), message: i.message })),
    );
  }
  const c = parsed.data;
  if (c.NODE_ENV === 'production' && !c.SESSION_SECRET) {
    throw new ConfigError([{ variable: 'SESSION_SECRET', message: 'is required in production' }]);
  }
  if (c.SMS_PROVIDER === 'twilio') {
    const missing = (['TWILIO_ACCOUNT_SID', 'TWILIO_AUTH_TOKEN', 'TWILIO_FROM'] as const).filter(
      (k) => !c[k],
    );
    if (missing.length)
      throw new ConfigError(
        missing.map((v) => ({ variable: v, message: 'is required when SMS_PROVIDER=twilio' })),
      );
  }
  return { ...c, PUBLIC_URL: c.PUBLIC_URL ?? `http://localhost:${c.WEB_PORT}` };
}

/** Loads the config or prints the clear message and exits non-zero: for process entry points. */
export function loadConfigOrExit(env: NodeJS.ProcessEnv = process.env): Config {
  try {
    return loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(78); // EX_CONFIG
    }
    throw err;
  }
}
