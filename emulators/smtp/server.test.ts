import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { header, SmtpEmulator } from './server.js';

/** Speaks SMTP over a real socket, one command at a time, as a mail client does. */
async function sendMail(port: number, from: string, to: string, data: string): Promise<string[]> {
  const socket = connect(port, '127.0.0.1');
  const replies: string[] = [];
  let buffer = '';
  const next = () =>
    new Promise<string>((resolve) => {
      const check = () => {
        const m = /^(\d{3}) .*\r\n/m.exec(buffer);
        if (!m) return false;
        buffer = buffer.slice(buffer.indexOf(m[0]) + m[0].length);
        resolve(m[0].trim());
        return true;
      };
      if (!check()) socket.on('data', function onData(d: Buffer) {
        buffer += d.toString();
        if (check()) socket.off('data', onData);
      });
    });
  replies.push(await next());
  for (const cmd of ['EHLO test', `MAIL FROM:<${from}>`, `RCPT TO:<${to}>`, 'DATA']) {
    socket.write(`${cmd}\r\n`);
    replies.push(await next());
  }
  socket.write(`${data}\r\n.\r\n`);
  replies.push(await next());
  socket.write('QUIT\r\n');
  replies.push(await next());
  socket.end();
  return replies;
}

describe('SMTP emulator', () => {
  let smtp: SmtpEmulator;
  beforeAll(async () => {
    smtp = await SmtpEmulator.start();
  });
  afterAll(() => smtp?.close());

  it('accepts a message and keeps its envelope, subject and body', async () => {
    const replies = await sendMail(
      smtp.port,
      'tayori@example.com',
      'yamada@example.com',
      'Subject: =?UTF-8?B?6YCa55+l?=\r\nFrom: Tayori <tayori@example.com>\r\n\r\n本文です',
    );
    expect(replies.map((r) => r.slice(0, 3))).toEqual(['220', '250', '250', '250', '354', '250', '221']);
    expect(smtp.messages).toHaveLength(1);
    expect(smtp.messages[0]).toMatchObject({ from: 'tayori@example.com', to: ['yamada@example.com'], subject: '=?UTF-8?B?6YCa55+l?=' });
    expect(smtp.messages[0]!.raw).toContain('本文です');
    expect(smtp.describe().items[0]!.title).toContain('yamada@example.com');
  });

  it('reads folded headers', () => {
    expect(header('Subject: a\r\n b\r\nX: y\r\n\r\nbody', 'Subject')).toBe('a b');
    expect(header('X: y\r\n\r\nSubject: not a header', 'Subject')).toBe('');
  });
});
