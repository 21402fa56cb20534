import { createRequire } from 'node:module'
import type Nodemailer from 'nodemailer'
import type { Mailer, MailMessage } from './mailer.port.js'

/**
 * SMTP adapter (nodemailer). `url` is smtp://user:pass@host:port or smtps://…; every send times out.
 * @NOTE nodemailer is loaded only when SMTP is configured, keeping start-up lean without it.
 */
export class SmtpMailer implements Mailer {
  readonly enabled = true
  private readonly transport: Nodemailer.Transporter

  constructor(
    url: string,
    private readonly from: string,
  ) {
    const nodemailer = createRequire(import.meta.url)('nodemailer') as typeof Nodemailer
    const u = new URL(url)
    this.transport = nodemailer.createTransport({
      host: u.hostname,
      port: Number(u.port) || (u.protocol === 'smtps:' ? 465 : 587),
      secure: u.protocol === 'smtps:',
      auth: u.username
        ? { user: decodeURIComponent(u.username), pass: decodeURIComponent(u.password) }
        : undefined,
      // @NOTE a plain smtp:// URL to a local relay may offer no TLS; STARTTLS is used when offered.
      ignoreTLS: u.searchParams.get('tls') === 'off',
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 20_000,
    })
  }

  async send(msg: MailMessage): Promise<void> {
    await this.transport.sendMail({
      from: this.from,
      to: msg.to,
      subject: msg.subject,
      text: msg.text,
      html: msg.html,
    })
  }
}
