import type { Service } from '../../src/domain/service.js';
import type { Tayori } from '../../src/main.js';
import { secretsContext } from '../../src/store/repositories/connections.js';

/**
 * Users and connections in bulk, straight into the store through the same channel code the API uses
 * (validation, sealing, destination and limits): seeding thousands through HTTP would measure the
 * seeding, not the service.
 */
export async function seedUsers(
  tayori: Tayori,
  count: number,
  connections: Partial<Record<Service, Record<string, unknown>[]>>,
  prefix = 'u',
): Promise<string[]> {
  const ctx = tayori.ctx;
  const now = ctx.clock.now();
  const ids = Array.from({ length: count }, (_, i) => `${prefix}${i}`);
  for (let i = 0; i < ids.length; i += 1000) {
    await ctx.db
      .insertInto('users')
      .values(ids.slice(i, i + 1000).map((id) => ({ org_id: 'default', id, name: `bench ${id}`, email: null, locale: 'ja', time_zone: 'Asia/Tokyo', role: 'member', created_at: now, updated_at: now })))
      .execute();
  }
  for (const [service, inputs] of Object.entries(connections) as [Service, Record<string, unknown>[]][]) {
    const channel = ctx.channels.require(service);
    const rows = ids.map((userId, i) => {
      const n = channel.connection.normalize(inputs[i]!, undefined, { locale: 'ja', extraWebhookOrigins: ctx.extraWebhookOrigins });
      if (!n.ok) throw new Error(`seed ${service}: ${JSON.stringify(n.problems)}`);
      return {
        org_id: 'default',
        user_id: userId,
        service,
        type: 'personal',
        enabled: true,
        status: 'ok',
        broken_reason: null,
        broken_at: null,
        broken_delivery_id: null,
        config: JSON.stringify(n.config),
        secrets: ctx.secretBox.sealJson(n.secrets, secretsContext('default', userId, service)),
        destination: channel.connection.destination(n.config, n.secrets),
        limits: JSON.stringify(channel.connection.limits(n.config, n.secrets)),
        created_at: now,
        updated_at: now,
      };
    });
    for (let i = 0; i < rows.length; i += 1000) await ctx.db.insertInto('connections').values(rows.slice(i, i + 1000)).execute();
  }
  return ids;
}
