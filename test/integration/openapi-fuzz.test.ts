import path from 'node:path';
import { createApp } from '../../web/app';
import { testDataDir } from '../harness-env';
import { failureText, fuzzApi, type FuzzReport } from '../support/openapi-fuzz';
import { registeredRoutes } from '../support/route-inventory';
import { obtainSchemathesis, type SchemathesisCli } from '../support/schemathesis-cli';
import { startTestSystem, type TestSystem } from '../support/test-system';

/**
 * The API against its own OpenAPI description, with schemathesis generating requests for every
 * operation (a bounded run: a few cases per operation and a fixed seed, so CI sees the same cases;
 * `npm run fuzz` is the long, randomised run).
 */
describe('the HTTP API under property-based fuzzing', () => {
  let sys: TestSystem;
  let cli: SchemathesisCli;
  beforeAll(async () => {
    // The first run installs the pinned schemathesis into .data/tools (a minute or two).
    cli = await obtainSchemathesis({ log: (m) => process.stdout.write(`[schemathesis] ${m}\n`) });
    sys = await startTestSystem();
  }, 600_000);
  afterAll(async () => {
    await sys?.close();
  });

  it('should describe every /api route the app registers, and no route it does not', async () => {
    // given the routes the app registers under /api (a second instance of the same app, only walked)
    const web = createApp(sys.ctx);
    const routes = registeredRoutes(web.app)
      .filter((r) => r.path.startsWith('/api/') && r.method !== 'ALL')
      .map((r) => `${r.method} ${r.path.replace(/:(\w+)/g, '{$1}')}`);
    await web.close();

    // when the description is read
    const document = (await (await fetch(`${sys.baseUrl}/api/openapi.json`)).json()) as {
      paths: Record<string, Record<string, unknown>>;
    };
    const described = Object.entries(document.paths).flatMap(([p, item]) =>
      Object.keys(item).map((method) => `${method.toUpperCase()} ${p}`),
    );

    // then both list the same operations
    expect({ undocumented: routes.filter((r) => !described.includes(r)).sort() }).toEqual({
      undocumented: [],
    });
    expect({ noSuchRoute: described.filter((d) => !routes.includes(d)).sort() }).toEqual({ noSuchRoute: [] });
  });

  it('should answer every generated request without a 5xx, with a documented status and a body that matches its schema', async () => {
    // given the running system and the description it serves at /api/openapi.json
    const document = (await (await fetch(`${sys.baseUrl}/api/openapi.json`)).json()) as {
      paths: Record<string, Record<string, unknown>>;
    };
    const documented = Object.entries(document.paths).flatMap(([p, item]) =>
      Object.keys(item).map((method) => `${method.toUpperCase()} ${p}`),
    );

    // when schemathesis generates requests for every operation, signed in as staff with every role
    const report: FuzzReport = await fuzzApi(sys, cli, {
      maxExamples: 3,
      phases: ['examples', 'coverage', 'fuzzing'],
      seed: process.env.FUZZ_SEED ?? 1,
      workers: 2,
      unexpectedMethods: false,
      workDir: path.join(testDataDir(), 'fuzz'),
    });

    // then no check failed (the failure is schemathesis's own account of each case, with a curl line)
    if (!report.ok) throw new Error(`schemathesis found failures:\n${failureText(report)}`);
    // and every operation was exercised but the never-ending task stream and the description itself
    // (schemathesis does not fuzz the document it reads), the staff ones while signed in
    const exercised = new Set(
      report.runs.flatMap((r) => r.perOperation.filter((o) => o.cases > 0).map((o) => o.operation)),
    );
    expect(documented.filter((o) => !exercised.has(o))).toEqual([
      'GET /api/openapi.json',
      'GET /api/tasks/stream',
    ]);
    expect(report.sessionSurvived).toBe(true);
  }, 240_000);
});
