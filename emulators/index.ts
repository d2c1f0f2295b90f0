import { ChatworkEmulator } from './chatwork/server.js';
import { SlackEmulator } from './slack/server.js';
import { SmtpEmulator } from './smtp/server.js';
import { TeamsEmulator } from './teams/server.js';

export { ChatworkEmulator } from './chatwork/server.js';
export { SlackEmulator } from './slack/server.js';
export { SmtpEmulator } from './smtp/server.js';
export { TeamsEmulator } from './teams/server.js';

/** Every emulator, started together (for `tayori emulators`, the benchmark and end-to-end tests). */
export interface Emulators {
  slack: SlackEmulator;
  chatwork: ChatworkEmulator;
  teams: TeamsEmulator;
  smtp: SmtpEmulator;
  close(): Promise<void>;
}

export async function startEmulators(
  ports: { slack?: number; chatwork?: number; teams?: number; smtp?: number } = {},
): Promise<Emulators> {
  const slack = await SlackEmulator.start({ port: ports.slack });
  const chatwork = await ChatworkEmulator.start({ port: ports.chatwork });
  const teams = await TeamsEmulator.start({ port: ports.teams });
  const smtp = await SmtpEmulator.start({ port: ports.smtp });
  return {
    slack,
    chatwork,
    teams,
    smtp,
    close: async () => {
      await Promise.all([slack.close(), chatwork.close(), teams.close(), smtp.close()]);
    },
  };
}
