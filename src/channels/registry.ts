import type { Service } from '../domain/service.js';
import type { Channel } from './channel.js';

/** The channels this deployment can send through, by service. */
export class ChannelRegistry {
  private readonly channels = new Map<Service, Channel>();

  constructor(channels: readonly Channel[]) {
    for (const c of channels) this.channels.set(c.service, c);
  }

  get(service: Service): Channel | undefined {
    return this.channels.get(service);
  }

  require(service: Service): Channel {
    const c = this.channels.get(service);
    if (!c) throw new Error(`no channel for ${service}`);
    return c;
  }

  /** Services with a personal connection form, in display order. */
  services(): Service[] {
    return [...this.channels.keys()];
  }

  all(): Channel[] {
    return [...this.channels.values()];
  }
}
