export const LOCALES = ['ja', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'ja';

export function toLocale(value: string | null | undefined): Locale {
  return value === 'en' ? 'en' : 'ja';
}
