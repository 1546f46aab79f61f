import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createTwilioProvider } from '../../core/messaging/sms-provider';

interface Received {
  method?: string;
  url?: string;
  authorization?: string;
  contentType?: string;
  form: URLSearchParams;
}

/** A loopback HTTP server that answers like Twilio's Messages API (real HTTP, no mocks). */
async function fakeTwilio(
  answer: (req: Received) => { status: number; body: unknown; raw?: string },
): Promise<{ url: string; received: Received[]; close(): Promise<void> }> {
  const received: Received[] = [];
  const server: Server = createServer((req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const r: Received = {
        method: req.method,
        url: req.url,
        authorization: req.headers.authorization,
        contentType: req.headers['content-type'],
        form: new URLSearchParams(Buffer.concat(chunks).toString('utf8')),
      };
      received.push(r);
      const { status, body, raw } = answer(r);
      res.writeHead(status, { 'content-type': raw === undefined ? 'application/json' : 'text/html' });
      res.end(raw ?? JSON.stringify(body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

describe("Twilio SMS adapter (against a local server speaking Twilio's API)", () => {
  const opts = {
    accountSid: 'AC0123456789abcdef0123456789abcdef',
    authToken: 'token-secret',
    from: '+15005550006',
  };

  it("should POST the message form-encoded with basic auth to the account's Messages resource and return the SID", async () => {
    // given a Twilio that accepts the message
    const twilio = await fakeTwilio(() => ({
      status: 201,
      body: { sid: 'SM0123456789abcdef0123456789abcdef', status: 'queued' },
    }));
    try {
      const provider = createTwilioProvider({ ...opts, apiUrl: twilio.url });
      // when a Persian SMS is sent
      const result = await provider.send({
        to: '+989121234567',
        text: 'شکایت شما دریافت شد: RD-7KQ2-M9XD-4TPH-WC3N',
        idempotencyKey: 'wf:w1:sms',
      });
      // then Twilio got exactly what its API expects
      expect(result).toEqual({ providerMessageId: 'SM0123456789abcdef0123456789abcdef' });
      expect(twilio.received).toHaveLength(1);
      const [req] = twilio.received;
      expect(req!.method).toBe('POST');
      expect(req!.url).toBe(`/2010-04-01/Accounts/${opts.accountSid}/Messages.json`);
      expect(req!.authorization).toBe(
        `Basic ${Buffer.from(`${opts.accountSid}:${opts.authToken}`).toString('base64')}`,
      );
      expect(req!.contentType).toMatch(/^application\/x-www-form-urlencoded/);
      expect(Object.fromEntries(req!.form)).toEqual({
        To: '+989121234567',
        From: opts.from,
        Body: 'شکایت شما دریافت شد: RD-7KQ2-M9XD-4TPH-WC3N',
      });
    } finally {
      await twilio.close();
    }
  });

  it("should throw with Twilio's own message when it answers with an error status", async () => {
    // given a Twilio that refuses the number (its real error shape)
    const twilio = await fakeTwilio(() => ({
      status: 400,
      body: {
        code: 21211,
        message: "The 'To' number +000 is not a valid phone number.",
        more_info: 'https://www.twilio.com/docs/errors/21211',
        status: 400,
      },
    }));
    try {
      const provider = createTwilioProvider({ ...opts, apiUrl: twilio.url });
      // when sending, then the error carries the status and the provider's reason (so the outbox records it)
      await expect(provider.send({ to: '+000', text: 'x', idempotencyKey: 'k' })).rejects.toThrow(
        "Twilio answered 400: The 'To' number +000 is not a valid phone number.",
      );
    } finally {
      await twilio.close();
    }
  });

  it("should throw on a server error even when the answer is not JSON (a gateway's HTML page)", async () => {
    const twilio = await fakeTwilio(() => ({
      status: 503,
      body: undefined,
      raw: '<html><body>Service Unavailable</body></html>',
    }));
    try {
      const provider = createTwilioProvider({ ...opts, apiUrl: twilio.url });
      await expect(provider.send({ to: '+441234567890', text: 'x', idempotencyKey: 'k' })).rejects.toThrow(
        /Twilio answered 503/,
      );
    } finally {
      await twilio.close();
    }
  });
});
