import type { ConnectionForm, FormField } from '../../channels/channel.js';
import type { FieldError } from '../../domain/errors.js';
import type { Locale } from '../../domain/locale.js';
import { pick } from '../../i18n/text.js';

/** What `c.req.parseBody({ all: true })` gives: a string, a file, or several of them per name. */
export type FormData = Record<string, string | File | (string | File)[]>;

/** The first text value sent under `name`, trimmed ('' when absent). */
export function formText(data: FormData, name: string): string {
  const v = data[name];
  const first = Array.isArray(v) ? v.find((x) => typeof x === 'string') : v;
  return typeof first === 'string' ? first.trim() : '';
}

/** Every text value sent under `name` (repeated checkboxes). */
export function formList(data: FormData, name: string): string[] {
  const v = data[name];
  return (Array.isArray(v) ? v : v === undefined ? [] : [v]).filter((x): x is string => typeof x === 'string');
}

/**
 * The settings form as the body of `PUT …/connections/{service}` (the same use case, the same rules):
 * - 「有効にする」 is a checkbox: absent means false;
 * - a secret left blank is left out, so the stored one is kept (it is never shown, so never re-sent);
 * - a required field left blank is left out: the stored value stays, or the channel asks for it;
 * - an optional field left blank is null, which clears it;
 * - dotted names (`mention.id`) fill a nested object; a group left entirely blank is null.
 */
export function connectionBody(form: ConnectionForm, data: FormData): Record<string, unknown> {
  const body: Record<string, unknown> = { enabled: formText(data, 'enabled') !== '' };
  const nested = new Map<string, { values: Record<string, string>; fields: FormField[] }>();
  for (const field of form.fields) {
    const value = formText(data, field.name);
    const dot = field.name.indexOf('.');
    if (dot > 0) {
      const parent = field.name.slice(0, dot);
      const group = nested.get(parent) ?? { values: {}, fields: [] };
      group.fields.push(field);
      if (value !== '') group.values[field.name.slice(dot + 1)] = value;
      nested.set(parent, group);
    } else if (value !== '') {
      body[field.name] = value;
    } else if (field.type !== 'secret' && !field.required) {
      body[field.name] = null;
    }
  }
  for (const [parent, group] of nested) {
    if (Object.keys(group.values).length > 0) body[parent] = group.values;
    else if (!group.fields.some((f) => f.required || f.type === 'secret')) body[parent] = null;
  }
  return body;
}

/** The value a field shows: a dotted name reads into nested objects. */
export function valueAt(source: Record<string, unknown>, name: string): string {
  let v: unknown = source;
  for (const part of name.split('.')) v = v !== null && typeof v === 'object' ? (v as Record<string, unknown>)[part] : undefined;
  return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '';
}

/** zod's own messages are English and technical: the page says the same in the user's words. */
function friendly(error: FieldError, locale: Locale): string {
  switch (error.code) {
    case undefined:
      return error.message;
    case 'too_big':
      return pick({ ja: '入力が長すぎます。', en: 'This is too long.' }, locale);
    case 'invalid_type':
      return pick({ ja: 'この項目を入力してください。', en: 'Fill in this field.' }, locale);
    case 'invalid_format':
    case 'invalid_string':
    case 'too_small':
    case 'custom':
    case 'invalid_value':
      return pick({ ja: '入力の形式が正しくありません。', en: 'This is not in the expected format.' }, locale);
    default:
      return error.message;
  }
}

/**
 * Places each error from `ValidationError.details.fields` next to its field: by name, or for an error
 * on a whole object (`mention`) next to its first field. What matches no field is shown above the form.
 */
export function placeErrors(form: ConnectionForm, errors: FieldError[], locale: Locale): { byField: Map<string, string>; general: string[] } {
  const byField = new Map<string, string>();
  const general: string[] = [];
  for (const e of errors) {
    const target = form.fields.find((f) => f.name === e.field) ?? form.fields.find((f) => f.name.startsWith(`${e.field}.`));
    const message = friendly(e, locale);
    if (!target) general.push(message);
    else if (!byField.has(target.name)) byField.set(target.name, message);
  }
  return { byField, general };
}
