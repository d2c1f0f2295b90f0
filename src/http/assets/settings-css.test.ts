import { describe, expect, it } from 'vitest';
import { SETTINGS_CSS } from './settings-css.js';

/** WCAG 2.x relative luminance and contrast ratio. */
function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => Number.parseInt(hex.slice(i, i + 2), 16) / 255).map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}
function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi! + 0.05) / (lo! + 0.05);
}

const vars = Object.fromEntries([...SETTINGS_CSS.matchAll(/--([a-z-]+):\s*(#[0-9a-f]{6})/g)].map((m) => [m[1]!, m[2]!]));

describe('settings page colours', () => {
  // Every text colour on every background it is used on (the pairs in SETTINGS_CSS).
  it.each([
    ['ink', 'surface'],
    ['ink', 'bg'],
    ['ink', 'off-bg'],
    ['ink', 'accent-weak'],
    ['muted', 'surface'],
    ['muted', 'bg'],
    ['muted', 'off-bg'],
    ['accent', 'surface'],
    ['accent', 'bg'],
    ['accent', 'accent-weak'],
    ['accent-hover', 'accent-weak'],
    ['ok', 'ok-bg'],
    ['err', 'err-bg'],
    ['err', 'surface'],
    ['warn', 'warn-bg'],
    ['off', 'off-bg'],
    ['off', 'surface'],
  ])('%s on %s is at least 4.5:1', (fg, bg) => {
    expect(vars[fg], fg).toBeDefined();
    expect(vars[bg], bg).toBeDefined();
    expect(contrast(vars[fg]!, vars[bg]!)).toBeGreaterThanOrEqual(4.5);
  });

  it('white on the primary button is at least 4.5:1, the placeholder too', () => {
    expect(contrast('#ffffff', vars['accent']!)).toBeGreaterThanOrEqual(4.5);
    expect(contrast('#ffffff', vars['accent-hover']!)).toBeGreaterThanOrEqual(4.5);
    expect(contrast('#6b7482', vars['surface']!)).toBeGreaterThanOrEqual(4.5);
  });

  it('names no external resource and no inline script', () => {
    expect(SETTINGS_CSS).not.toMatch(/url\(|@import|https?:/);
  });
});
