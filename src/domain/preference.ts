import type { Service } from './service.js';

export interface KindDefault {
  key: string;
  defaultOn: boolean;
}

/** An explicit choice a user made: kind `kind` on `service` is forwarded (`enabled`) or not. */
export interface PreferenceChoice {
  service: Service;
  kind: string;
  enabled: boolean;
}

/**
 * Whether `kind` is forwarded to `service` for a user. An explicit choice wins; a kind the user
 * never chose for (for example one created after they saved) follows the kind's `defaultOn`.
 */
export function isKindSelected(
  choices: readonly PreferenceChoice[],
  service: Service,
  kind: KindDefault,
): boolean {
  const choice = choices.find((c) => c.service === service && c.kind === kind.key);
  return choice ? choice.enabled : kind.defaultOn;
}

/** The effective set of kinds per service, as `GET /preferences` shows it. */
export function effectivePreferences(
  choices: readonly PreferenceChoice[],
  services: readonly Service[],
  kinds: readonly KindDefault[],
): Record<Service, string[]> {
  const result = {} as Record<Service, string[]>;
  for (const service of services) {
    result[service] = kinds.filter((k) => isKindSelected(choices, service, k)).map((k) => k.key);
  }
  return result;
}

/**
 * `PUT /preferences` names, per service, the complete list of kinds forwarded there: every kind
 * of the catalogue becomes an explicit choice, on when listed, off otherwise.
 */
export function choicesFromLists(
  lists: Partial<Record<Service, readonly string[]>>,
  catalogue: readonly string[],
): PreferenceChoice[] {
  const choices: PreferenceChoice[] = [];
  for (const [service, kinds] of Object.entries(lists) as [Service, readonly string[]][]) {
    const on = new Set(kinds);
    for (const kind of catalogue) choices.push({ service, kind, enabled: on.has(kind) });
  }
  return choices;
}
