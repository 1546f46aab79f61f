import { spawn, type ChildProcess } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import nodemailer from 'nodemailer';
import { SMTPServer } from 'smtp-server';
import { harness, type TestSystem } from './test-system';

/**
 * An SMTP relay that can hold messages: while holding, it reads a message's DATA but does not answer,
 * as a slow mail server would; released, it forwards what it still owes an answer for to `target`
 * and answers 250. A message whose client went away before the answer is dropped, as a real server
 * drops an unacknowledged message.
 */
export async function startHoldingRelay(target: string): Promise<{
  url: string;
  holding: boolean;
  held: { to: string[]; session: string }[];
  closedSessions: Set<string>;
  release(): void;
  stop(): Promise<void>;
}> {
  const forward = nodemailer.createTransport(target);
  const waiting: (() => void)[] = [];
  const relay = {
    url: '',
    holding: true,
    held: [] as { to: string[]; session: string }[],
    closedSessions: new Set<string>(),
    release() {
      relay.holding = false;
      for (const go of waiting.splice(0)) go();
    },
    stop: (): Promise<void> => new Promise<void>((resolve) => server.close(() => resolve())),
  };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onClose(session) {
      relay.closedSessions.add(session.id);
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const to = session.envelope.rcptTo.map((r) => r.address);
        const deliver = (): void => {
          if (relay.closedSessions.has(session.id)) return; // the sender died waiting: nothing was accepted
          const from = session.envelope.mailFrom ? session.envelope.mailFrom.address : '';
          forward.sendMail({ envelope: { from, to }, raw: Buffer.concat(chunks) }).then(
            () => callback(),
            (err: Error) => callback(err),
          );
        };
        if (relay.holding) {
          relay.held.push({ to, session: session.id });
          waiting.push(deliver);
        } else deliver();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  server.on('error', () => undefined); // a killed sender's reset connection, expected in these tests
  relay.url = `smtp://127.0.0.1:${(server.server.address() as AddressInfo).port}`;
  return relay;
}

/** Starts test/support/customer-worker-child.ts in its own process with the suite's settings; resolves once it polls. */
export async function spawnChildWorker(sys: TestSystem, env: Record<string, string>): Promise<ChildProcess> {
  // `--import tsx` runs the script in this very process: the tsx CLI would fork a grandchild that SIGKILL misses.
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', path.join(__dirname, 'customer-worker-child.ts')],
    {
      env: {
        ...process.env,
        NODE_ENV: 'test',
        REDRESS_DATA_DIR: sys.config.REDRESS_DATA_DIR,
        TEMPORAL_ADDRESS: sys.config.TEMPORAL_ADDRESS!,
        TEMPORAL_TASK_QUEUE: sys.config.TEMPORAL_TASK_QUEUE,
        DATABASE_URL: sys.config.DATABASE_URL!,
        SESSION_SECRET: sys.config.SESSION_SECRET!,
        PUBLIC_URL: sys.baseUrl,
        REDRESS_WORKFLOW_BUNDLE: harness().workflowBundlePath,
        LOG_LEVEL: 'warn',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stderr!.on('data', (c: Buffer) => (output += c.toString()));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`child worker did not start:\n${output}`)), 60_000);
    child.stdout!.on('data', (c: Buffer) => {
      if (c.toString().includes('ready')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`child worker exited (${code}):\n${output}`));
    });
  });
  child.removeAllListeners('exit');
  // Once running, what the worker reports goes to the test's output (a failure explains itself).
  child.stderr!.on('data', (c: Buffer) => process.stderr.write(`[child-worker] ${c.toString()}`));
  return child;
}

/** SIGKILLs a child and waits until it is gone. */
export async function killHard(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGKILL');
  await gone;
}
