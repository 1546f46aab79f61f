import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export interface OutgoingSms {
  to: string;
  text: string;
  /** Outbox idempotency key; providers that support it use it to de-duplicate. */
  idempotencyKey: string;
}

/** Sends SMS. `sink` keeps them for the development page and tests; `twilio` is a real provider. */
export interface SmsProvider {
  readonly name: string;
  send(sms: OutgoingSms): Promise<{ providerMessageId: string }>;
}

export interface SunkSms extends OutgoingSms {
  id: string;
  at: string;
}

/** Development sink: one JSON file per message under `dir`, named by the idempotency key (a resend overwrites). */
export function createSmsSink(dir: string): SmsProvider {
  mkdirSync(dir, { recursive: true });
  return {
    name: 'sink',
    async send(sms) {
      const id = `sink-${Buffer.from(sms.idempotencyKey).toString('base64url')}`;
      const record: SunkSms = { ...sms, id, at: new Date().toISOString() };
      writeFileSync(path.join(dir, `${id}.json`), JSON.stringify(record));
      return { providerMessageId: id };
    },
  };
}

export function readSunkSms(dir: string): SunkSms[] {
  let files: string[] = [];
  try {
    files = readdirSync(dir).filter((f) => f.endsWith('.json'));
  } catch {
    return [];
  }
  return files
    .map((f) => JSON.parse(readFileSync(path.join(dir, f), 'utf8')) as SunkSms)
    .sort((a, b) => a.at.localeCompare(b.at));
}

/** Twilio's Messages API (form-encoded POST with basic auth). A non-2xx answer throws, so the activity retries. */
export function createTwilioProvider(opts: {
  accountSid: string;
  authToken: string;
  from: string;
  apiUrl: string;
}): SmsProvider {
  return {
    name: 'twilio',
    async send(sms) {
      const res = await fetch(
        `${opts.apiUrl}/2010-04-01/Accounts/${encodeURIComponent(opts.accountSid)}/Messages.json`,
        {
          method: 'POST',
          headers: {
            authorization: `Basic ${Buffer.from(`${opts.accountSid}:${opts.authToken}`).toString('base64')}`,
            'content-type': 'application/x-www-form-urlencoded',
          },
          body: new URLSearchParams({ To: sms.to, From: opts.from, Body: sms.text }),
          signal: AbortSignal.timeout(30_000),
        },
      );
      const body = ((await res.json().catch(() => null)) ?? {}) as { sid?: string; message?: string };
      if (!res.ok) throw new Error(`Twilio answered ${res.status}: ${body.message ?? res.statusText}`);
      return { providerMessageId: body.sid ?? '' };
    },
  };
}
