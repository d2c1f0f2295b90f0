import { describe, expect, it } from 'vitest';
import type { ConnectionState } from '../domain/connection.js';
import type { PreferenceChoice } from '../domain/preference.js';
import { routeEvent, type RoutingInput } from './route-event.js';

const kinds = new Map([
  ['mention', { key: 'mention', defaultOn: true }],
  ['process_post', { key: 'process_post', defaultOn: false }],
]);

function input(over: Partial<RoutingInput>): RoutingInput {
  return {
    recipients: [],
    knownUsers: new Set(['a', 'b']),
    connections: new Map(),
    choices: new Map(),
    kinds,
    services: ['chatwork', 'slack', 'teams'],
    ...over,
  };
}

const slackOk: ConnectionState = { service: 'slack', enabled: true, status: 'ok' };
const teamsOk: ConnectionState = { service: 'teams', enabled: true, status: 'ok' };

describe('routeEvent', () => {
  const cases: {
    name: string;
    over: Partial<RoutingInput>;
    deliveries: string[];
    skipped: string[];
  }[] = [
    {
      name: 'unknown user is skipped',
      over: { recipients: [{ userId: 'zz', kind: 'mention' }] },
      deliveries: [],
      skipped: ['zz:-:unknown_user'],
    },
    {
      name: 'user without connections',
      over: { recipients: [{ userId: 'a', kind: 'mention' }] },
      deliveries: [],
      skipped: ['a:-:no_connection'],
    },
    {
      name: 'a disabled connection counts as none',
      over: {
        recipients: [{ userId: 'a', kind: 'mention' }],
        connections: new Map([['a', [{ ...slackOk, enabled: false }]]]),
      },
      deliveries: [],
      skipped: ['a:-:no_connection'],
    },
    {
      name: 'defaultOn kind goes to every healthy connection',
      over: {
        recipients: [{ userId: 'a', kind: 'mention' }],
        connections: new Map([['a', [slackOk, teamsOk]]]),
      },
      deliveries: ['a:slack:mention', 'a:teams:mention'],
      skipped: [],
    },
    {
      name: 'defaultOff kind is not selected until chosen',
      over: {
        recipients: [{ userId: 'a', kind: 'process_post' }],
        connections: new Map([['a', [slackOk]]]),
      },
      deliveries: [],
      skipped: ['a:slack:kind_not_selected'],
    },
    {
      name: 'explicit choices win over defaults, per service',
      over: {
        recipients: [{ userId: 'a', kind: 'process_post' }],
        connections: new Map([['a', [slackOk, teamsOk]]]),
        choices: new Map<string, PreferenceChoice[]>([
          ['a', [{ service: 'slack', kind: 'process_post', enabled: true }]],
        ]),
      },
      deliveries: ['a:slack:process_post'],
      skipped: ['a:teams:kind_not_selected'],
    },
    {
      name: 'explicit off beats defaultOn',
      over: {
        recipients: [{ userId: 'a', kind: 'mention' }],
        connections: new Map([['a', [slackOk]]]),
        choices: new Map<string, PreferenceChoice[]>([['a', [{ service: 'slack', kind: 'mention', enabled: false }]]]),
      },
      deliveries: [],
      skipped: ['a:slack:kind_not_selected'],
    },
    {
      name: 'broken connection is reported, healthy one still delivers',
      over: {
        recipients: [{ userId: 'a', kind: 'mention' }],
        connections: new Map([['a', [{ ...slackOk, status: 'broken' as const }, teamsOk]]]),
      },
      deliveries: ['a:teams:mention'],
      skipped: ['a:slack:connection_broken'],
    },
    {
      name: 'per-recipient kind overrides the event kind',
      over: {
        recipients: [
          { userId: 'a', kind: 'mention' },
          { userId: 'b', kind: 'process_post' },
        ],
        connections: new Map([
          ['a', [slackOk]],
          ['b', [slackOk]],
        ]),
      },
      deliveries: ['a:slack:mention'],
      skipped: ['b:slack:kind_not_selected'],
    },
    {
      name: 'a recipient listed twice is routed once',
      over: {
        recipients: [
          { userId: 'a', kind: 'mention' },
          { userId: 'a', kind: 'process_post' },
        ],
        connections: new Map([['a', [slackOk]]]),
      },
      deliveries: ['a:slack:mention'],
      skipped: [],
    },
    {
      name: 'connections of services this deployment cannot send to are ignored',
      over: {
        recipients: [{ userId: 'a', kind: 'mention' }],
        connections: new Map([['a', [slackOk]]]),
        services: ['chatwork'],
      },
      deliveries: [],
      skipped: ['a:-:no_connection'],
    },
  ];

  for (const c of cases) {
    it(c.name, () => {
      const plan = routeEvent(input(c.over));
      expect(plan.deliveries.map((d) => `${d.userId}:${d.service}:${d.kind}`)).toEqual(c.deliveries);
      expect(plan.skipped.map((s) => `${s.userId}:${s.service ?? '-'}:${s.reason}`)).toEqual(c.skipped);
    });
  }
});
