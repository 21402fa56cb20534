/** Mailer port: email for notifications. Disabled (and silent) when SMTP is not configured. */
export interface MailMessage {
  to: string
  subject: string
  text: string
  html?: string
}

export interface Mailer {
  readonly enabled: boolean
  send(msg: MailMessage): Promise<void>
}

/** The mailer when SMTP_URL is not set: nothing is sent, the in-app notification still is. */
export const disabledMailer: Mailer = {
  enabled: false,
  async send() {},
}
