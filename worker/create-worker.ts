import path from 'node:path';
import {
  DefaultLogger,
  NativeConnection,
  Worker,
  bundleWorkflowCode,
  type WorkerOptions,
  type WorkflowBundleWithSourceMap,
} from '@temporalio/worker';
import type { DataSource } from 'typeorm';
import { createActivities } from '../activities';
import type { Config } from '../core/config/config';
import { createSmtpMailer } from '../core/messaging/mailer';
import { Outbox } from '../core/messaging/outbox';
import { createSmsSink, createTwilioProvider, type SmsProvider } from '../core/messaging/sms-provider';
import { resolveSessionSecret } from '../core/security/secrets';
import { TemplateRenderer } from '../templates/renderer';

/** Bundles the workflow code once (webpack); production builds it ahead of time (`npm run build`). */
export function bundleWorkflows(): Promise<WorkflowBundleWithSourceMap> {
  return bundleWorkflowCode({
    workflowsPath: require.resolve('../workflows'),
    logger: new DefaultLogger('WARN'),
  });
}

export function createSmsProvider(config: Config): SmsProvider {
  if (config.SMS_PROVIDER === 'twilio') {
    return createTwilioProvider({
      accountSid: config.TWILIO_ACCOUNT_SID!,
      authToken: config.TWILIO_AUTH_TOKEN!,
      from: config.TWILIO_FROM!,
      apiUrl: config.TWILIO_API_URL,
    });
  }
  return createSmsSink(path.join(config.REDRESS_DATA_DIR, 'sms'));
}

/**
 * Builds the complaint worker with real adapters: PostgreSQL, SMTP, the SMS provider, templates.
 * Used by worker/main.ts and by the integration tests, so both run the same thing.
 */
export async function createComplaintWorker(opts: {
  config: Config;
  temporalAddress: string;
  smtpUrl: string;
  dataSource: DataSource;
  workflowBundle?: { codePath: string } | WorkflowBundleWithSourceMap;
  /** Cache and concurrency settings (WORKER_MAX_CACHED_WORKFLOWS; benchmarks vary them). */
  tuning?: Pick<
    WorkerOptions,
    'maxCachedWorkflows' | 'maxConcurrentWorkflowTaskExecutions' | 'maxConcurrentActivityTaskExecutions'
  >;
}): Promise<{ worker: Worker; connection: NativeConnection; close(): Promise<void> }> {
  const { config } = opts;
  const mailer = createSmtpMailer(opts.smtpUrl, config.MAIL_FROM);
  const outbox = new Outbox(
    opts.dataSource,
    mailer,
    createSmsProvider(config),
    new URL(config.PUBLIC_URL).hostname,
  );
  const activities = createActivities({
    dataSource: opts.dataSource,
    outbox,
    renderer: new TemplateRenderer(),
    config,
    secret: resolveSessionSecret(config),
  });
  const connection = await NativeConnection.connect({ address: opts.temporalAddress });
  const worker = await Worker.create({
    connection,
    namespace: config.TEMPORAL_NAMESPACE,
    taskQueue: config.TEMPORAL_TASK_QUEUE,
    workflowBundle: opts.workflowBundle ?? (await bundleWorkflows()),
    activities,
    // SIGTERM: stop polling, let running activities finish for up to this long.
    shutdownGraceTime: '30 seconds',
    ...opts.tuning,
  });
  return {
    worker,
    connection,
    async close() {
      mailer.close();
      await connection.close();
    },
  };
}
