import type { Service } from './service.js';

export type ConnectionStatus = 'ok' | 'broken';
export type ConnectionType = 'personal' | 'linked';

export interface ConnectionState {
  service: Service;
  enabled: boolean;
  status: ConnectionStatus;
}

/** A connection takes deliveries only when the user enabled it and it is not known to be broken. */
export function acceptsDeliveries(c: ConnectionState): boolean {
  return c.enabled && c.status === 'ok';
}
