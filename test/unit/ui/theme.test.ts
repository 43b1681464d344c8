// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { applyTheme, nextTheme, resolveTheme, storedTheme } from '../../../src/ui/theme';

/** A prefers-color-scheme query whose answer the test sets, with its change listeners. */
function fakeDarkQuery(initiallyDark: boolean) {
  const listeners = new Set<() => void>();
  const query = {
    matches: initiallyDark,
    addEventListener: (_: string, f: () => void) => listeners.add(f),
    removeEventListener: (_: string, f: () => void) => listeners.delete(f),
  };
  vi.spyOn(window, 'matchMedia').mockImplementation(() => query as unknown as MediaQueryList);
  return {
    listeners,
    set(dark: boolean) {
      query.matches = dark;
      for (const f of [...listeners]) f();
    },
  };
}

const shown = () => document.documentElement.getAttribute('data-theme');

afterEach(() => {
  applyTheme('light');
  localStorage.clear();
  vi.restoreAllMocks();
});

describe('theme', () => {
  it('resolves system to the preference and keeps explicit choices', () => {
    expect(resolveTheme('system', true)).toBe('dark');
    expect(resolveTheme('system', false)).toBe('light');
    expect(resolveTheme('light', true)).toBe('light');
    expect(resolveTheme('dark', false)).toBe('dark');
  });

  it('always sets data-theme, so the one dark palette in CSS applies', () => {
    const media = fakeDarkQuery(true);
    applyTheme('system');
    expect(shown()).toBe('dark');
    applyTheme('light');
    expect(shown()).toBe('light');
    expect(media.listeners.size).toBe(0);
  });

  it('follows the browser preference while the choice is system, and stops when the user picks', () => {
    const media = fakeDarkQuery(false);
    applyTheme('system');
    expect(shown()).toBe('light');
    media.set(true);
    expect(shown()).toBe('dark');
    applyTheme('light');
    media.set(false);
    media.set(true);
    expect(shown()).toBe('light');
  });

  it('keeps the choice across reloads and cycles system, light, dark', () => {
    fakeDarkQuery(false);
    applyTheme('dark');
    expect(storedTheme()).toBe('dark');
    applyTheme('system');
    expect(storedTheme()).toBe('system');
    expect(['system', 'light', 'dark'].map((c) => nextTheme(c as 'system'))).toEqual(['light', 'dark', 'system']);
  });
});
