import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

/**
 * A receiving SMTP server on 127.0.0.1 for local development and tests of e-mail: it accepts every
 * message (no TLS, no authentication, as a local relay would) and keeps it with the headers a reader
 * checks. Point `SMTP_URL=smtp://127.0.0.1:<port>` at it.
 */
export interface ReceivedMail {
  from: string;
  to: string[];
  subject: string;
  /** The raw message (RFC 5322), headers and body. */
  raw: string;
  receivedAt: number;
}

const MAX_MESSAGE_BYTES = 5 * 1024 * 1024;

/** A header's value, unfolded (continuation lines joined), or '' when absent. */
export function header(raw: string, name: string): string {
  const head = raw.split(/\r?\n\r?\n/, 1)[0] ?? '';
  const unfolded = head.replace(/\r?\n[ \t]+/g, ' ');
  const m = new RegExp(`^${name}:\\s*(.*)$`, 'im').exec(unfolded);
  return m?.[1]?.trim() ?? '';
}

export class SmtpEmulator {
  readonly messages: ReceivedMail[] = [];

  private constructor(
    private readonly server: SMTPServer,
    readonly port: number,
  ) {}

  static async start(options: { port?: number } = {}): Promise<SmtpEmulator> {
    const ref: { self?: SmtpEmulator } = {};
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      size: MAX_MESSAGE_BYTES,
      logger: false,
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          const raw = Buffer.concat(chunks).toString('utf8');
          ref.self!.messages.push({
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            to: session.envelope.rcptTo.map((r) => r.address),
            subject: header(raw, 'Subject'),
            raw,
            receivedAt: Date.now(),
          });
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', () => resolve()));
    const port = (server.server.address() as AddressInfo).port;
    ref.self = new SmtpEmulator(server, port);
    return ref.self;
  }

  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  describe() {
    return {
      name: 'SMTP (e-mail)',
      url: this.url,
      note: `Messages: ${this.messages.length}.`,
      items: this.messages.map((m) => ({
        at: m.receivedAt,
        title: `${m.from} → ${m.to.join(', ')}: ${m.subject}`,
        lines: [m.raw.split(/\r?\n\r?\n/).slice(1).join('\n\n').slice(0, 2000)],
      })),
    };
  }
}
