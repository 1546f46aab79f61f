import 'reflect-metadata';
import { readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { freePort } from '../core/infra/wait-for-port';
import {
  killHard,
  rssMiB,
  startService,
  stopGracefully,
  type ServiceProcess,
} from '../test/support/chaos-processes';
import { histogramMean, scrape, type Sample } from './support/metrics';
import { until } from './support/pool';
import { startBenchStack } from './support/stack';
import { machine, printTable, summarise, writeResult } from './lib';

/**
 * `POST /api/complaints` under concurrent load, on loopback: the real web process (`web/main.ts`) and
 * worker process (`worker/main.ts`) against the Temporal dev server, PostgreSQL and the SMTP catcher.
 * autocannon sends BENCH_INTAKE_REQUESTS complaints (default 1000, each from a different customer)
 * over BENCH_INTAKE_CONNECTIONS connections (default 20), stopping after BENCH_INTAKE_MAX_S seconds
 * (default 120) whatever happens. Prints requests/s, latency p50/p99 and errors, then waits for every
 * acknowledgment email in the catcher and prints the time from the complaint's row to the caught
 * email (p50/p95).
 *
 *   npm run bench -- intake
 *   BENCH_INTAKE_REQUESTS=200 BENCH_INTAKE_CONNECTIONS=10 npx tsx bench/intake.bench.ts
 */

const log = (m: string): void => console.log(`[bench] ${m}`);

/** Acknowledgment emails the catcher holds: complaint id → time caught (from the file name). */
function caughtAcks(mailDir: string): Map<string, number> {
  const acks = new Map<string, number>();
  let files: string[] = [];
  try {
    files = readdirSync(mailDir).filter((f) => f.endsWith('.eml'));
  } catch {
    return acks;
  }
  for (const file of files) {
    // Headers only: the catcher names each file `<Date.now()>-<uuid>.eml` when it has it all.
    const head = readFileSync(path.join(mailDir, file), 'utf8').split(/\r?\n\r?\n/, 1)[0] ?? '';
    if (!/^X-Redress-Template:\s*acknowledgment\s*$/im.test(head)) continue;
    const id = /^X-Redress-Complaint:\s*(\S+)\s*$/im.exec(head)?.[1];
    if (id && !acks.has(id)) acks.set(id, Number(file.split('-')[0]));
  }
  return acks;
}

/** Runs the benchmark (also the entry of `npm run bench intake`). */
export async function run(): Promise<unknown> {
  const requests = Number(process.env.BENCH_INTAKE_REQUESTS ?? 1000);
  const connections = Number(process.env.BENCH_INTAKE_CONNECTIONS ?? 20);
  const maxSeconds = Number(process.env.BENCH_INTAKE_MAX_S ?? 120);
  log(
    `machine ${JSON.stringify(machine())}, load average ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
  const stack = await startBenchStack('intake');
  const services: ServiceProcess[] = [];
  try {
    const port = await freePort();
    const env = {
      NODE_ENV: 'production',
      REDRESS_DATA_DIR: stack.dir,
      TEMPORAL_ADDRESS: stack.temporalAddress,
      DATABASE_URL: stack.databaseUrl,
      SMTP_URL: stack.smtpUrl,
      SESSION_SECRET: stack.config.SESSION_SECRET!,
      WEB_PORT: String(port),
      WEB_HOST: '127.0.0.1',
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      INBOUND_SMTP_PORT: '0',
      ADMIN_PASSWORD: 'bench-admin-password',
      LOG_LEVEL: 'warn',
    };
    const logs = path.join(stack.dir, 'logs');
    services.push(
      await startService({
        name: 'worker',
        script: 'worker/main.ts',
        env,
        ready: /polling task queue/,
        logFile: path.join(logs, 'worker.log'),
      }),
    );
    services.push(
      await startService({
        name: 'web',
        script: 'web/main.ts',
        env,
        ready: /listening on/,
        logFile: path.join(logs, 'web.log'),
      }),
    );
    const url = `http://127.0.0.1:${port}/api/complaints`;
    const body = (label: string): string =>
      JSON.stringify({
        customer: { name: 'Load Test', email: `${label}.[<id>]@bench.test`, locale: 'en' },
        channel: 'api',
        subject: 'Broken kettle',
        description: 'The kettle stopped working after two days and the handle is damaged.',
      });
    const fire = (amount: number, label: string): Promise<autocannon.Result> =>
      new Promise((resolve, reject) => {
        const instance = autocannon(
          {
            url,
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: body(label),
            idReplacement: true,
            connections,
            amount,
            timeout: 30,
          },
          (err, result) => (err ? reject(err) : resolve(result)),
        );
        const stop = setTimeout(() => instance.stop(), maxSeconds * 1000);
        instance.on('done', () => clearTimeout(stop));
      });

    log(`warm-up: 20 requests`);
    await fire(20, 'warmup');
    const [{ before }] = (await stack.dataSource.query<{ before: number }[]>(
      `SELECT count(*)::int AS before FROM "complaint"`,
    )) as [{ before: number }];
    // The dev server's own metrics (it prints their address in its log): how long starts take there.
    const serverMetrics = /Metrics:\s+(http:\/\/\S+)/.exec(
      readFileSync(path.join(stack.dir, 'logs', 'temporal.log'), 'utf8'),
    )?.[1];
    const serverBefore: Sample[] = serverMetrics ? await scrape(serverMetrics).catch(() => []) : [];
    log(`${requests} requests over ${connections} connections…`);
    const t0 = Date.now();
    const result = await fire(requests, 'load');
    const loadSeconds = (Date.now() - t0) / 1000;
    const serverAfter: Sample[] = serverMetrics ? await scrape(serverMetrics).catch(() => []) : [];
    const serverMs = (name: string, where: Record<string, string>): number =>
      Math.round(histogramMean(serverBefore, serverAfter, name, where).meanMs * 1000 * 10) / 10; // seconds → ms
    const breakdown = {
      'HTTP latency mean ms': Math.round(result.latency.average),
      'Temporal StartWorkflowExecution mean ms': serverMs('service_latency', {
        operation: 'StartWorkflowExecution',
        service_name: 'frontend',
      }),
      'of which SQLite CreateWorkflowExecution mean ms': serverMs('persistence_latency', {
        operation: 'CreateWorkflowExecution',
      }),
    };
    const webRss = rssMiB(services[1]!.child.pid);

    // The acknowledgment of every complaint this run created: caught email time - row time.
    const rows = await stack.dataSource.query<{ id: string; createdAt: Date }[]>(
      `SELECT "id", "createdAt" FROM "complaint" WHERE "subject" = 'Broken kettle' AND "channel" = 'api'
        ORDER BY "createdAt" OFFSET $1`,
      [before],
    );
    log(`${rows.length} complaints created; waiting for their acknowledgments…`);
    let acks = new Map<string, number>();
    await until(
      'every acknowledgment email',
      async () => {
        acks = caughtAcks(stack.mailDir);
        return rows.every((r) => acks.has(r.id));
      },
      Number(process.env.BENCH_ACK_TIMEOUT_S ?? 600) * 1000,
      1000,
    ).catch((err: Error) => log(err.message));
    const ackMs = rows
      .filter((r) => acks.has(r.id))
      .map((r) => acks.get(r.id)! - new Date(r.createdAt).getTime());
    const lastAck = Math.max(...rows.map((r) => acks.get(r.id) ?? 0));
    const ack = summarise(ackMs);

    const table = {
      requests: result.requests.total,
      connections,
      seconds: Math.round(loadSeconds * 10) / 10,
      'requests/s': Math.round(result.requests.average * 10) / 10,
      'latency p50 ms': result.latency.p50,
      'latency p99 ms': result.latency.p99,
      'latency max ms': result.latency.max,
      '2xx': result['2xx'],
      'non-2xx': result.non2xx,
      errors: result.errors,
      timeouts: result.timeouts,
    };
    printTable(`POST /api/complaints, loopback (${machine().cpus} cores, ${machine().cpuModel})`, [table]);
    const ackRow = {
      complaints: rows.length,
      'acks caught': ackMs.length,
      'ack p50 ms': Math.round(ack.p50),
      'ack p95 ms': Math.round(ack.p95),
      'ack max ms': Math.round(ack.max),
      'last ack after load start s': Math.round((lastAck - t0) / 100) / 10,
      'web RSS MiB': webRss,
    };
    printTable(
      'Where an intake request spends its time (the rest: PostgreSQL transaction, customer lookup, Express, queueing on 2 cores)',
      [breakdown],
    );
    printTable('Time from the complaint row to its acknowledgment email in the SMTP catcher', [ackRow]);
    const file = writeResult('intake', {
      loadAverage: os.loadavg(),
      http: table,
      breakdown,
      acknowledgment: ackRow,
      ack: summarise(ackMs),
    });
    log(`results written to ${file}`);
    return { http: table, acknowledgment: ackRow };
  } finally {
    for (const s of services.reverse()) await stopGracefully(s, 10_000).catch(() => killHard(s));
    await stack.stop();
  }
}

if (require.main === module) {
  run().catch((err: unknown) => {
    console.error('[bench] failed:', err);
    process.exit(1);
  });
}
