/** The places a notification can go. Chat services first: they are why Tayori exists. */
export const SERVICES = ['chatwork', 'slack', 'teams', 'email', 'inbox'] as const;
export type Service = (typeof SERVICES)[number];

export const SERVICE_LABELS: Record<Service, string> = {
  chatwork: 'Chatwork',
  slack: 'Slack',
  teams: 'Microsoft Teams',
  email: 'E-mail',
  inbox: 'Inbox',
};

export function isService(value: string): value is Service {
  return (SERVICES as readonly string[]).includes(value);
}
