// Keeps the production shape honest without Docker: parses docker-compose.yml (and reads
// .env.example, the Dockerfile and the files compose mounts) and checks them against
// core/config/config.ts and core/temporal/search-attributes.ts. Compose's own ${VAR} interpolation
// is re-implemented below for the forms the file uses.
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { configSchema, loadConfig } from '../../core/config/config';
import { SEARCH_ATTRIBUTES } from '../../core/temporal/search-attributes';

const ROOT = path.resolve(__dirname, '../..');
const readRepoFile = (file: string) => fs.readFileSync(path.join(ROOT, file), 'utf8');

type EnvValue = string | number | boolean | null;
interface ComposeService {
  image?: string;
  build?: unknown;
  command?: string | string[];
  environment?: Record<string, EnvValue> | string[];
  depends_on?: string[] | Record<string, { condition?: string }>;
  ports?: (string | { target: number; published?: string | number })[];
  volumes?: (string | { type?: string; source?: string; target: string })[];
  healthcheck?: { test?: string | string[]; disable?: boolean };
  deploy?: { replicas?: number };
  stop_grace_period?: string;
}
interface ComposeFile {
  name?: string;
  services: Record<string, ComposeService>;
  volumes?: Record<string, unknown>;
  'x-redress-env'?: Record<string, EnvValue>;
}

// `merge: true` resolves the `<<: *redress-app` merge keys the way Compose does.
const compose = parse(readRepoFile('docker-compose.yml'), { merge: true }) as ComposeFile;
const services = compose.services;

const APP_SERVICES = ['web', 'worker', 'migrate'] as const;
const REQUIRED_SERVICES = [
  'postgresql',
  'temporal',
  'temporal-admin-tools',
  'temporal-ui',
  'web',
  'worker',
  'migrate',
  'mailpit',
];
const CONFIG_KEYS = Object.keys(configSchema.shape);

/** Sample values for the variables an operator puts in .env (secrets are `${VAR:?…}`: required). */
const SAMPLE_ENV: Record<string, string> = {
  SESSION_SECRET: 'sample-session-secret-0123456789abcdef',
  POSTGRES_PASSWORD: 'samplepostgrespassword',
  REDRESS_DB_PASSWORD: 'sampleredressdbpassword',
  TEMPORAL_DB_PASSWORD: 'sampletemporaldbpassword',
};

/** A service's environment as a name → raw (uninterpolated) string map; Compose allows a list too. */
function environmentOf(service: ComposeService | undefined): Record<string, string> {
  const env = service?.environment ?? {};
  if (Array.isArray(env)) {
    return Object.fromEntries(
      env.map((entry) => {
        const eq = entry.indexOf('=');
        return eq < 0 ? [entry, ''] : [entry.slice(0, eq), entry.slice(eq + 1)];
      }),
    );
  }
  return Object.fromEntries(Object.entries(env).map(([k, v]) => [k, v === null ? '' : String(v)]));
}

function dependenciesOf(service: ComposeService): Record<string, string> {
  const deps = service.depends_on ?? {};
  if (Array.isArray(deps)) return Object.fromEntries(deps.map((d) => [d, 'service_started']));
  return Object.fromEntries(Object.entries(deps).map(([d, v]) => [d, v?.condition ?? 'service_started']));
}

interface Reference {
  name: string;
  operator: '' | ':-' | '-' | ':?' | '?' | ':+' | '+';
  argument: string;
}
const REFERENCE = /\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?+])([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g;

/** The `${VAR…}` / `$VAR` references in a raw value (`$$` is Compose's escaped dollar). */
function referencesIn(value: string): Reference[] {
  return [...value.matchAll(REFERENCE)]
    .filter((m) => m[0] !== '$$')
    .map((m) => ({
      name: (m[1] ?? m[4])!,
      operator: (m[2] ?? '') as Reference['operator'],
      argument: m[3] ?? '',
    }));
}

/** Compose interpolation: ${VAR}, ${VAR:-default}, ${VAR-default}, ${VAR:?error}, ${VAR?error}, ${VAR:+alt}. */
function interpolate(value: string, vars: Record<string, string | undefined>): string {
  return value.replace(
    REFERENCE,
    (
      whole,
      braced: string | undefined,
      op: string | undefined,
      arg: string | undefined,
      bare: string | undefined,
    ) => {
      if (whole === '$$') return '$';
      const name = (braced ?? bare)!;
      const v = vars[name];
      const set = v !== undefined;
      const nonEmpty = set && v !== '';
      switch (op) {
        case ':-':
          return nonEmpty ? v : (arg ?? '');
        case '-':
          return set ? v : (arg ?? '');
        case ':?':
          if (!nonEmpty) throw new Error(`${name}: ${arg}`);
          return v;
        case '?':
          if (!set) throw new Error(`${name}: ${arg}`);
          return v;
        case ':+':
          return nonEmpty ? (arg ?? '') : '';
        case '+':
          return set ? (arg ?? '') : '';
        default:
          return v ?? '';
      }
    },
  );
}

function interpolatedEnvironment(
  service: ComposeService | undefined,
  vars: Record<string, string | undefined>,
) {
  return Object.fromEntries(
    Object.entries(environmentOf(service)).map(([k, v]) => [k, interpolate(v, vars)] as const),
  );
}

/** Every variable name docker-compose.yml interpolates, anywhere in the file. */
function interpolatedVariables(): Set<string> {
  const text = readRepoFile('docker-compose.yml')
    .split('\n')
    .filter((line) => !line.trimStart().startsWith('#'))
    .join('\n');
  return new Set(referencesIn(text).map((r) => r.name));
}

/** Container-side port of a `ports:` entry ("127.0.0.1:7233:7233", "3000:3000", "8080", long form). */
function containerPort(entry: string | { target: number }): number {
  if (typeof entry !== 'string') return entry.target;
  return Number(entry.split(':').pop()!.split('/')[0]);
}

/** Variables that hold a secret, by name, in any service. */
const isSecretName = (name: string) => /(PASSWORD|PWD|SECRET|TOKEN)$/.test(name);

/** True when `raw` is exactly one `${VAR}` reference with no literal fallback value. */
function isSecretReference(raw: string): boolean {
  const refs = referencesIn(raw);
  if (refs.length !== 1 || !/^\$\{[^}]+\}$/.test(raw.trim())) return false;
  const [ref] = refs;
  return !((ref!.operator === ':-' || ref!.operator === '-') && ref!.argument !== '');
}

describe('docker-compose.yml', () => {
  it('should define every service the app needs', () => {
    // Given the compose file
    // When its services are listed
    const names = Object.keys(services);

    // Then the servers, the one-shot set-up jobs and the app processes are all there
    expect(names).toEqual(expect.arrayContaining(REQUIRED_SERVICES));
  });

  it('should pin every image to a concrete version, Temporal server ≥ 1.28 with matching admin-tools', () => {
    // Given the images of the services that do not build the app
    const images = Object.entries(services)
      .filter(([, s]) => !s.build)
      .map(([name, s]) => [name, s.image ?? ''] as const);

    // When their tags are read
    const tags = Object.fromEntries(images.map(([name, image]) => [name, image.split(':')[1] ?? '']));

    // Then none floats (no missing tag, no `latest`, no bare major) …
    for (const [name, image] of images) {
      expect({ name, image, pinned: /:v?\d+\.\d+/.test(image) && !image.endsWith(':latest') }).toEqual({
        name,
        image,
        pinned: true,
      });
    }
    // … the PostgreSQL major is 16, and Temporal's server and admin-tools share one version ≥ 1.28
    expect(services.postgresql!.image).toMatch(/^postgres:16\.\d+/);
    expect(services.temporal!.image).toMatch(/^temporalio\/server:/);
    expect(services['temporal-admin-tools']!.image).toBe(`temporalio/admin-tools:${tags.temporal}`);
    const [major, minor] = tags.temporal!.split('.').map(Number);
    expect(major! > 1 || (major === 1 && minor! >= 28)).toBe(true);
    expect(services['temporal-ui']!.image).toMatch(/^temporalio\/ui:\d+\.\d+\.\d+$/);
    expect(services.mailpit!.image).toMatch(/^axllent\/mailpit:v\d+\.\d+\.\d+$/);
  });

  it('should share one environment block between web, worker and migrate', () => {
    // Given the x-redress-env block
    const shared = environmentOf({ environment: compose['x-redress-env'] });
    expect(Object.keys(shared).length).toBeGreaterThan(0);

    // When each app service's environment is read
    // Then it is that block, unchanged
    for (const name of APP_SERVICES) {
      expect({ service: name, env: environmentOf(services[name]) }).toEqual({ service: name, env: shared });
    }
  });

  it('should only set environment variables that core/config/config.ts defines', () => {
    // Given the variables the app services set
    // When they are compared with the keys of configSchema
    const unknown = APP_SERVICES.flatMap((name) =>
      Object.keys(environmentOf(services[name]))
        .filter((key) => !CONFIG_KEYS.includes(key))
        .map((key) => `${name}: ${key}`),
    );

    // Then none is misspelt or invented
    expect(unknown).toEqual([]);
  });

  it("should point TEMPORAL_ADDRESS at the temporal service's frontend port", () => {
    // Given the temporal service and the port it serves gRPC on
    const temporal = services.temporal!;
    const frontendPort = Number(environmentOf(temporal).FRONTEND_GRPC_PORT || 7233);
    expect((temporal.ports ?? []).map(containerPort)).toContain(frontendPort);

    // When the app, the UI and the namespace job resolve TEMPORAL_ADDRESS
    const addresses = ['web', 'worker', 'migrate', 'temporal-ui', 'temporal-create-namespace'].map(
      (name) => interpolatedEnvironment(services[name], SAMPLE_ENV).TEMPORAL_ADDRESS,
    );

    // Then each is temporal:<that port>
    for (const address of addresses) expect(address).toBe(`temporal:${frontendPort}`);
  });

  it('should point DATABASE_URL at the postgresql service and a database init-databases.sh creates', () => {
    // Given the init script PostgreSQL runs on its first start
    const initScript = readRepoFile('deploy/postgres/init-databases.sh');
    const mounts = (services.postgresql!.volumes ?? []).map(String);
    expect(mounts).toContain(
      './deploy/postgres/init-databases.sh:/docker-entrypoint-initdb.d/10-init-databases.sh:ro',
    );

    // When the app's DATABASE_URL is interpolated
    const url = new URL(interpolatedEnvironment(services.web, SAMPLE_ENV).DATABASE_URL!);

    // Then it names the postgresql service, its port, and a role and database the script creates
    expect(url.protocol).toBe('postgres:');
    expect(url.hostname).toBe('postgresql');
    expect(services[url.hostname]).toBeDefined();
    expect(url.port).toBe('5432');
    const database = url.pathname.slice(1);
    expect(database).toBe('redress');
    expect(url.password).toBe(SAMPLE_ENV.REDRESS_DB_PASSWORD);
    expect(initScript).toContain(`CREATE ROLE ${url.username} LOGIN`);
    expect(initScript).toContain(`CREATE DATABASE ${database} OWNER ${url.username}`);
    // … and Temporal's server and schema job use the same server and the databases it creates
    for (const name of ['temporal', 'temporal-admin-tools']) {
      const env = interpolatedEnvironment(services[name], SAMPLE_ENV);
      expect(env.DB).toBe('postgres12');
      expect(env.POSTGRES_SEEDS).toBe('postgresql');
      expect(env.DB_PORT).toBe('5432');
      expect(initScript).toContain(`CREATE ROLE ${env.POSTGRES_USER} LOGIN`);
    }
    const temporalEnv = environmentOf(services.temporal);
    for (const db of [temporalEnv.DBNAME, temporalEnv.VISIBILITY_DBNAME]) {
      expect(initScript).toContain(`CREATE DATABASE ${db} OWNER ${temporalEnv.POSTGRES_USER}`);
    }
  });

  it('should send mail to the mailpit service unless SMTP_URL is set', () => {
    // Given no SMTP_URL in the operator's environment
    // When the app's SMTP_URL is interpolated
    const url = new URL(interpolatedEnvironment(services.worker, SAMPLE_ENV).SMTP_URL!);

    // Then it is Mailpit's SMTP port on the mailpit service
    expect(url.protocol).toBe('smtp:');
    expect(url.hostname).toBe('mailpit');
    expect(services[url.hostname]).toBeDefined();
    expect(url.port).toBe('1025');
  });

  it('should register exactly the search attributes of core/temporal/search-attributes.ts', () => {
    // Given the namespace job's name:type list
    const job = environmentOf(services['temporal-create-namespace']);
    const registered = (job.REDRESS_SEARCH_ATTRIBUTES ?? '')
      .split(/\s+/)
      .filter(Boolean)
      .map((pair) => {
        const [name, type] = pair.split(':');
        return { name, type };
      });

    // When it is compared with the list the workflows use
    const byName = (a: { name?: string }, b: { name?: string }) => (a.name ?? '').localeCompare(b.name ?? '');

    // Then both hold the same attributes with the same types, in the namespace the app uses
    expect([...registered].sort(byName)).toEqual([...SEARCH_ATTRIBUTES].sort(byName));
    expect(job.TEMPORAL_NAMESPACE).toBe(environmentOf(services.worker).TEMPORAL_NAMESPACE);
    const command = ([] as string[]).concat(services['temporal-create-namespace']!.command ?? []).join('\n');
    expect(command).toContain('temporal operator namespace create');
    expect(command).toContain('temporal operator search-attribute create');
    expect(command).toContain('$$REDRESS_SEARCH_ATTRIBUTES');
  });

  it('should set up the Temporal schemas with temporal-sql-tool before the server starts', () => {
    // Given the schema job's command
    const command = ([] as string[]).concat(services['temporal-admin-tools']!.command ?? []).join('\n');

    // When the order of start-up is read
    const serverDeps = dependenciesOf(services.temporal!);

    // Then the job sets up and updates both databases, and the server waits for it to succeed
    expect(command).toContain('temporal-sql-tool --plugin postgres12');
    for (const db of ['temporal', 'temporal_visibility']) {
      expect(command).toContain(`--db ${db} setup-schema -v 0.0`);
    }
    expect(command).toContain('update-schema -d /etc/temporal/schema/postgresql/v12/temporal/versioned');
    expect(command).toContain('update-schema -d /etc/temporal/schema/postgresql/v12/visibility/versioned');
    expect(serverDeps['temporal-admin-tools']).toBe('service_completed_successfully');
  });

  it('should take every secret from the environment, never from a literal', () => {
    // Given every service's raw environment
    const offenders: string[] = [];
    const secretsSeen = new Set<string>();
    for (const [name, service] of Object.entries(services)) {
      for (const [key, raw] of Object.entries(environmentOf(service))) {
        // When a variable holds a secret
        if (!isSecretName(key)) continue;
        secretsSeen.add(key);
        // Then its value is a ${…} reference with no literal fallback
        if (!isSecretReference(raw)) offenders.push(`${name}: ${key}=${raw}`);
      }
    }
    expect(offenders).toEqual([]);
    expect([...secretsSeen]).toEqual(
      expect.arrayContaining(['SESSION_SECRET', 'ADMIN_PASSWORD', 'TWILIO_AUTH_TOKEN', 'POSTGRES_PASSWORD']),
    );
    // … the password inside DATABASE_URL is a required reference too
    const [dbPassword] = referencesIn(environmentOf(services.web).DATABASE_URL!);
    expect(dbPassword).toMatchObject({ name: 'REDRESS_DB_PASSWORD', operator: ':?' });
    // … and the secrets without which nothing may start are required (${VAR:?…})
    for (const [service, key] of [
      ['web', 'SESSION_SECRET'],
      ['postgresql', 'POSTGRES_PASSWORD'],
      ['temporal', 'POSTGRES_PWD'],
    ] as const) {
      expect(referencesIn(environmentOf(services[service])[key]!)[0]?.operator).toBe(':?');
    }
  });

  it('should depend only on services that exist, with a healthcheck where health is awaited', () => {
    // Given every depends_on entry
    const problems: string[] = [];
    for (const [name, service] of Object.entries(services)) {
      for (const [dependency, condition] of Object.entries(dependenciesOf(service))) {
        // When the dependency and its condition are looked up
        const target = services[dependency];
        // Then the service exists, the condition is one Compose knows, and health has a check
        if (!target) problems.push(`${name} -> ${dependency}: no such service`);
        else if (
          !['service_started', 'service_healthy', 'service_completed_successfully'].includes(condition)
        )
          problems.push(`${name} -> ${dependency}: unknown condition ${condition}`);
        else if (condition === 'service_healthy' && (!target.healthcheck || target.healthcheck.disable))
          problems.push(`${name} -> ${dependency}: awaits health but has no healthcheck`);
      }
    }
    expect(problems).toEqual([]);
    // … and the app starts only after migrations and the namespace set-up have succeeded
    for (const name of ['web', 'worker'] as const) {
      expect(dependenciesOf(services[name]!)).toMatchObject({
        migrate: 'service_completed_successfully',
        'temporal-create-namespace': 'service_completed_successfully',
        postgresql: 'service_healthy',
      });
    }
  });

  it('should give the app a valid configuration once the ${…} references are filled in', () => {
    // Given only the required secrets in the operator's environment (everything else defaulted)
    // When the app's environment is interpolated and validated like the processes do at start-up
    for (const name of APP_SERVICES) {
      const config = loadConfig(interpolatedEnvironment(services[name], SAMPLE_ENV));

      // Then it validates and points at the compose services
      expect(config).toMatchObject({
        NODE_ENV: 'production',
        TEMPORAL_ADDRESS: 'temporal:7233',
        WEB_HOST: '0.0.0.0',
        WEB_PORT: 3000,
        REDRESS_DATA_DIR: '/var/lib/redress',
        SESSION_SECRET: SAMPLE_ENV.SESSION_SECRET,
        SMS_PROVIDER: 'sink',
      });
    }
  });

  it('should give the app a valid configuration with every optional setting overridden', () => {
    // Given an operator who sets everything, Twilio SMS and a real mail relay included
    const vars = {
      ...SAMPLE_ENV,
      TEMPORAL_NAMESPACE: 'redress',
      TEMPORAL_TASK_QUEUE: 'redress-complaints',
      SMTP_URL: 'smtps://relay-user:relay-pass@smtp.example.org:465',
      MAIL_FROM: 'Acme Complaints <complaints@example.org>',
      COMPLAINTS_ADDRESS: 'complaints@example.org',
      INBOUND_SMTP_PORT: '2526',
      SMS_PROVIDER: 'twilio',
      TWILIO_ACCOUNT_SID: 'AC00000000000000000000000000000000',
      TWILIO_AUTH_TOKEN: 'sample-twilio-token',
      TWILIO_FROM: '+15550000000',
      TWILIO_API_URL: 'https://api.twilio.com',
      PUBLIC_URL: 'https://complaints.example.org',
      ADMIN_EMAIL: 'admin@example.org',
      ADMIN_PASSWORD: 'a-sample-admin-password',
      ORGANISATION_NAME: 'Acme',
      PROCESS_DEFAULTS: '{"approvalLimit":250,"sla":{"investigation":"P3D"}}',
      LOG_LEVEL: 'debug',
    };

    // When the web service's environment is interpolated and validated
    const config = loadConfig(interpolatedEnvironment(services.web, vars));

    // Then every override reaches the app
    expect(config).toMatchObject({
      TEMPORAL_NAMESPACE: 'redress',
      SMTP_URL: vars.SMTP_URL,
      SMS_PROVIDER: 'twilio',
      TWILIO_AUTH_TOKEN: 'sample-twilio-token',
      PUBLIC_URL: 'https://complaints.example.org',
      ADMIN_PASSWORD: 'a-sample-admin-password',
      PROCESS_DEFAULTS: vars.PROCESS_DEFAULTS,
      LOG_LEVEL: 'debug',
    });
  });

  it('should refuse to start when a required secret is missing', () => {
    // Given an environment without SESSION_SECRET
    const { SESSION_SECRET: _omitted, ...withoutSecret } = SAMPLE_ENV;

    // When the app's environment is interpolated
    // Then Compose's ${SESSION_SECRET:?…} stops it with a message naming the variable
    expect(() => interpolatedEnvironment(services.web, withoutSecret)).toThrow(/SESSION_SECRET/);
  });

  it('should run web, worker and migrate from dist/ with the process settings each needs', () => {
    // Given the app services
    const { web, worker, migrate } = services as Record<(typeof APP_SERVICES)[number], ComposeService>;

    // When their commands and process settings are read
    // Then each runs its compiled entry point …
    expect(web.command).toEqual(['node', 'dist/web/main.js']);
    expect(worker.command).toEqual(['node', 'dist/worker/main.js']);
    expect(migrate.command).toEqual(['node', 'dist/scripts/migrate.js']);
    // … web is health-checked on /api/health and serves port 3000
    expect(JSON.stringify(web.healthcheck?.test)).toContain('/api/health');
    expect((web.ports ?? []).map(containerPort)).toContain(3000);
    // … the worker runs twice and gets 60 s to finish in-flight activities after SIGTERM
    expect(worker.deploy?.replicas).toBe(2);
    expect(worker.stop_grace_period).toBe('60s');
  });

  it('should keep PostgreSQL data and attachments in named volumes', () => {
    // Given the named volumes and the app's data folder
    const named = Object.keys(compose.volumes ?? {});
    const dataDir = environmentOf(services.web).REDRESS_DATA_DIR;

    // When the mounts are read
    const mountOf = (service: string, target: string) =>
      (services[service]!.volumes ?? []).map(String).find((v) => v.split(':')[1] === target);

    // Then PostgreSQL's data directory and REDRESS_DATA_DIR (web and worker) are named volumes
    const pg = mountOf('postgresql', '/var/lib/postgresql/data');
    expect(named).toContain(pg?.split(':')[0]);
    for (const name of ['web', 'worker']) {
      const data = mountOf(name, dataDir!);
      expect(named).toContain(data?.split(':')[0]);
    }
  });

  it('should only bind-mount files that exist in the repository', () => {
    // Given every relative host path compose mounts
    const hostPaths = Object.values(services).flatMap((s) =>
      (s.volumes ?? [])
        .map(String)
        .map((v) => v.split(':')[0]!)
        .filter((p) => p.startsWith('./')),
    );
    expect(hostPaths.length).toBeGreaterThan(0);

    // When they are looked up
    // Then they exist, the Temporal dynamic config file included
    for (const p of hostPaths)
      expect({ path: p, exists: fs.existsSync(path.join(ROOT, p)) }).toEqual({ path: p, exists: true });
    const dynamicConfig = environmentOf(services.temporal).DYNAMIC_CONFIG_FILE_PATH!;
    expect(dynamicConfig).toBe('/etc/temporal/config/dynamicconfig/development-sql.yaml');
    expect(
      fs.existsSync(path.join(ROOT, 'deploy/temporal/dynamicconfig', path.basename(dynamicConfig))),
    ).toBe(true);
  });
});

describe('.env.example', () => {
  const example = readRepoFile('.env.example');
  // Both `NAME=value` and a commented-out `# NAME=value` count as listed.
  const listed = new Map(
    [...example.matchAll(/^[ \t]*(#[ \t]*)?([A-Z][A-Z0-9_]*)=(.*)$/gm)].map((m) => [m[2]!, m[3]!.trim()]),
  );

  it('should list every variable of core/config/config.ts', () => {
    // Given the variables .env.example lists
    // When they are compared with configSchema's keys
    const missing = CONFIG_KEYS.filter((key) => !listed.has(key));

    // Then none is missing
    expect(missing).toEqual([]);
  });

  it('should document every variable docker-compose.yml interpolates', () => {
    // Given the ${VAR} references of docker-compose.yml
    // When they are looked up in .env.example
    const missing = [...interpolatedVariables()].filter((name) => !listed.has(name));

    // Then each is documented
    expect(missing).toEqual([]);
  });

  it('should leave every secret empty', () => {
    // Given the secret variables .env.example lists
    // When their example values are read
    const filled = [...listed].filter(([name, value]) => isSecretName(name) && value !== '');

    // Then none carries a value
    expect(filled).toEqual([]);
  });
});

describe('Dockerfile', () => {
  const dockerfile = readRepoFile('Dockerfile');

  it('should build on node:20-bookworm-slim and run production dependencies as the node user', () => {
    // Given the Dockerfile
    // When its stages and runtime settings are read
    const froms = [...dockerfile.matchAll(/^FROM\s+(\S+)/gm)].map((m) => m[1]);

    // Then both stages use the Node 20 bookworm-slim base, the runtime has no dev dependencies,
    // runs as `node`, and exposes the web and inbound-mail ports
    expect(dockerfile).toMatch(/^ARG NODE_IMAGE=node:20-bookworm-slim$/m);
    expect(froms).toEqual(['${NODE_IMAGE}', '${NODE_IMAGE}']);
    expect(dockerfile).toContain('npm ci --omit=dev');
    expect(dockerfile).toMatch(/^USER node$/m);
    expect(dockerfile).toMatch(/^EXPOSE 3000 2526$/m);
  });

  it('should copy the compiled code and every runtime asset folder into the runtime image', () => {
    // Given the runtime stage's COPY lines
    const copied = [...dockerfile.matchAll(/^COPY --from=build \/app\/(\S+) \.\/(\S+)$/gm)].map((m) => m[1]);

    // When they are compared with what the processes read at run time
    // Then dist/ (code, workflow bundle, browser bundles) and the files read beside the code are there
    expect(copied).toEqual(
      expect.arrayContaining(['dist', 'templates', 'core/bpmn/processes', 'web/views', 'web/static']),
    );
    expect(dockerfile).toMatch(/^RUN npm run build$/m);
    // npm run build is what writes the workflow bundle and the browser bundles the runtime needs
    const pkg = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../package.json'), 'utf8')) as {
      scripts: Record<string, string>;
    };
    expect(pkg.scripts.build).toMatch(/build-workflow-bundle/);
    expect(pkg.scripts.build).toMatch(/build-client/);
  });
});
