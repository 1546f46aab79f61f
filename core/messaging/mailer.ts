import nodemailer, { type Transporter } from 'nodemailer';

export interface OutgoingEmail {
  to: string;
  subject: string;
  text: string;
  html?: string;
  /** Deterministic per outbox row, so a resend after a crash carries the same Message-ID. */
  messageId: string;
  headers?: Record<string, string>;
}

/** Sends email over SMTP (SMTP_URL, or the embedded catcher). */
export interface Mailer {
  send(mail: OutgoingEmail): Promise<{ providerMessageId: string }>;
  close(): void;
}

export function createSmtpMailer(smtpUrl: string, from: string): Mailer {
  const transport: Transporter = nodemailer.createTransport(smtpUrl, { from });
  return {
    async send(mail) {
      const info = await transport.sendMail({
        from,
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
        messageId: mail.messageId,
        headers: mail.headers,
      });
      return { providerMessageId: String(info.messageId ?? mail.messageId) };
    },
    close: () => transport.close(),
  };
}
