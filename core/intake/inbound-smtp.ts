import type { AddressInfo } from 'node:net';
import type { Client } from '@temporalio/client';
import { simpleParser } from 'mailparser';
import { SMTPServer, type SMTPServerDataStream } from 'smtp-server';
import type { DataSource } from 'typeorm';
import type { Config } from '../config/config';
import type { IntakeService } from '../complaints/intake.service';
import { AttachmentService } from './attachment.service';
import { CustomerMessageService } from './customer-message.service';
import { EmailIntakeService, type EmailIntakeResult } from './email-intake.service';
import { ATTACHMENT_LIMITS } from './file-types';

/** A running complaints-mailbox listener. */
export interface InboundMailListener {
  port: number;
  stop(): Promise<void>;
}

/** An SMTP reply with a code, as smtp-server sends it to the client. */
class SmtpReply extends Error {
  constructor(
    readonly responseCode: number,
    message: string,
  ) {
    super(message);
  }
}

// Big enough for the allowed attachments after base64 (4/3) and headers.
const MAX_MESSAGE_BYTES =
  Math.ceil(ATTACHMENT_LIMITS.maxFiles * ATTACHMENT_LIMITS.maxBytes * 1.4) + 1024 * 1024;

function readAll(stream: SMTPServerDataStream): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    stream.on('data', (c: Buffer) => chunks.push(c));
    stream.once('error', reject);
    stream.once('end', () => resolve(stream.sizeExceeded ? null : Buffer.concat(chunks)));
  });
}

/**
 * The complaints mailbox: an SMTP server (smtp-server) that accepts mail for COMPLAINTS_ADDRESS only
 * and hands each message (parsed by mailparser) to {@link EmailIntakeService}. A processing failure
 * answers 451 so the sending server retries later; the Message-ID makes the retry harmless.
 */
export async function startInboundMail(deps: {
  config: Config;
  dataSource: DataSource;
  temporal: Client;
  intake: IntakeService;
  port: number;
  host?: string;
  log?: (message: string) => void;
  onHandled?: (result: EmailIntakeResult) => void;
}): Promise<InboundMailListener> {
  const log = deps.log ?? ((m: string) => console.log(`[inbound-mail] ${m}`));
  const attachments = new AttachmentService(deps.dataSource, deps.config.REDRESS_DATA_DIR);
  const service = new EmailIntakeService({
    dataSource: deps.dataSource,
    temporal: deps.temporal,
    intake: deps.intake,
    attachments,
    messages: new CustomerMessageService(deps.dataSource, deps.temporal, attachments),
  });
  const mailbox = deps.config.COMPLAINTS_ADDRESS.toLowerCase();

  const server = new SMTPServer({
    name: new URL(deps.config.PUBLIC_URL).hostname,
    banner: 'Redress complaints mailbox',
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    logger: false,
    size: MAX_MESSAGE_BYTES,
    onRcptTo(address, _session, callback) {
      if (address.address.trim().toLowerCase() !== mailbox) {
        return callback(
          new SmtpReply(
            550,
            `5.1.1 Mailbox unavailable: this server only accepts mail for ${deps.config.COMPLAINTS_ADDRESS}`,
          ),
        );
      }
      callback();
    },
    onData(stream, _session, callback) {
      readAll(stream)
        .then(async (raw) => {
          if (!raw) throw new SmtpReply(552, '5.3.4 Message too big for the complaints mailbox');
          const parsed = await simpleParser(raw);
          const result = await service.handle(parsed, raw);
          log(
            `${result.kind} ${result.created ? 'recorded' : 'already recorded'} for ${result.complaint.trackingCode}`,
          );
          deps.onHandled?.(result);
          callback();
        })
        .catch((err: unknown) => {
          if (err instanceof SmtpReply) return callback(err);
          log(`could not take in a message: ${(err as Error).message}`);
          callback(new SmtpReply(451, '4.3.0 Temporary failure, please try again later'));
        });
    },
  });
  server.on('error', (err) => log(`server error: ${err.message}`));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(deps.port, deps.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.server.address() as AddressInfo).port;
  return { port, stop: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
