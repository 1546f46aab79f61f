import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/**
 * A real SMTP server that accepts every message and keeps it as an .eml file: the embedded default
 * for outgoing mail in development and in tests (tests read the files, the dev page lists them).
 * Production relays through SMTP_URL instead.
 */
export async function startSmtpCatcher(opts: { host?: string; port: number; dir: string }): Promise<{
  port: number;
  stop(): Promise<void>;
}> {
  mkdirSync(opts.dir, { recursive: true });
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    size: 25 * 1024 * 1024,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const name = `${Date.now()}-${randomUUID()}.eml`;
        writeFileSync(path.join(opts.dir, name), Buffer.concat(chunks));
        callback();
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host ?? '127.0.0.1', () => resolve());
  });
  // A sender that dies mid-conversation (a worker killed while sending) resets its connection; the
  // server reports that as an 'error' event, which would otherwise end the process hosting it.
  server.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code !== 'ECONNRESET') console.error(`[smtp-catcher] ${err.message}`);
  });
  return { port: opts.port, stop: () => new Promise((resolve) => server.close(() => resolve())) };
}

export interface CaughtMail {
  file: string;
  messageId?: string;
  from: string;
  to: string[];
  subject: string;
  text: string;
  html: string;
  date?: Date;
  headers: Record<string, string>;
}

/** Parses every message the catcher kept, oldest first. */
export async function readCaughtMail(dir: string): Promise<CaughtMail[]> {
  let files: string[];
  try {
    files = readdirSync(dir)
      .filter((f) => f.endsWith('.eml'))
      .sort();
  } catch {
    return [];
  }
  return Promise.all(
    files.map(async (file) => {
      const parsed = await simpleParser(readFileSync(path.join(dir, file)));
      const to = Array.isArray(parsed.to) ? parsed.to : parsed.to ? [parsed.to] : [];
      const headers: Record<string, string> = {};
      for (const [k, v] of parsed.headers) if (typeof v === 'string') headers[k] = v;
      return {
        file,
        messageId: parsed.messageId,
        from: parsed.from?.text ?? '',
        to: to.flatMap((a) => a.value.map((v) => v.address ?? '')),
        subject: parsed.subject ?? '',
        text: parsed.text ?? '',
        html: typeof parsed.html === 'string' ? parsed.html : '',
        date: parsed.date,
        headers,
      };
    }),
  );
}
