import 'reflect-metadata';
import { loadConfigOrExit } from '../core/config/config';
import { createDataSource, runMigrations } from '../core/db/data-source';
import { requireInfraUrls } from '../core/runtime/infra-urls';
import { resolveSessionSecret } from '../core/security/secrets';
import { createTemporalClient } from '../core/temporal/client';
import { StaffService } from '../core/staff/staff.service';
import { startInboundMail } from '../core/intake/inbound-smtp';
import { createApp } from './app';
import { createWebContext } from './context';
import { ensureDefaultProcess } from './default-process';

/** `npm run web`: the HTTP app alone, against running Temporal and PostgreSQL. */
async function main(): Promise<void> {
  const config = loadConfigOrExit();
  const urls = requireInfraUrls(config);
  const dataSource = createDataSource(urls.databaseUrl, { applicationName: 'redress-web' });
  await dataSource.initialize();
  await runMigrations(dataSource);
  const temporal = await createTemporalClient(urls.temporalAddress, config.TEMPORAL_NAMESPACE);
  const ctx = createWebContext({ config, dataSource, temporal, secret: resolveSessionSecret(config) });
  await ensureDefaultProcess(ctx.processes);
  const staff = await new StaffService(dataSource).ensureFirstAdmin(
    config.ADMIN_EMAIL,
    config.ADMIN_PASSWORD,
  );
  if (staff.oneTimePassword) {
    console.log(
      `\n[web] First start: created the admin ${config.ADMIN_EMAIL} with the one-time password\n\n      ${staff.oneTimePassword}\n\n      Log in at ${config.PUBLIC_URL}/staff/login and choose a new password.\n`,
    );
  }
  const web = createApp(ctx);
  const server = web.app.listen(config.WEB_PORT, config.WEB_HOST, () => {
    console.log(
      `[web] listening on http://${config.WEB_HOST}:${config.WEB_PORT} (public URL ${config.PUBLIC_URL})`,
    );
  });
  // The complaints mailbox (INBOUND_SMTP_PORT=0 turns it off): email to COMPLAINTS_ADDRESS becomes a complaint or a reply.
  const mailbox = config.INBOUND_SMTP_PORT
    ? await startInboundMail({ ...ctx, port: config.INBOUND_SMTP_PORT, host: config.WEB_HOST })
    : undefined;
  if (mailbox)
    console.log(
      `[web] complaints mailbox ${config.COMPLAINTS_ADDRESS} listening on smtp://${config.WEB_HOST}:${mailbox.port}`,
    );
  const stop = (): void => {
    console.log('[web] stopping…');
    void mailbox?.stop();
    server.close(() => {
      void Promise.all([web.close(), dataSource.destroy(), temporal.connection.close()]).then(() =>
        process.exit(0),
      );
    });
    setTimeout(() => process.exit(0), 10_000).unref();
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((err: unknown) => {
  console.error('[web] failed to start:', err);
  process.exit(1);
});
