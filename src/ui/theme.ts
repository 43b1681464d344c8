/**
 * Light / dark theme. <html data-theme> is always 'light' or 'dark', and the
 * CSS variables of styles.css follow it (one dark palette, no media-query copy).
 * The user's choice is kept in localStorage; 'system' (no choice) follows the
 * browser's `prefers-color-scheme`, also when it changes while the page is open.
 */
export type ThemeChoice = 'system' | 'light' | 'dark';
const KEY = 'simclr-theme';
const DARK_QUERY = '(prefers-color-scheme: dark)';

/** The theme shown for `choice` when the browser prefers dark (`prefersDark`) or not. */
export function resolveTheme(choice: ThemeChoice, prefersDark: boolean): 'light' | 'dark' {
  return choice === 'system' ? (prefersDark ? 'dark' : 'light') : choice;
}

/** Stops the previous 'system' choice from following the browser's preference. */
let stopFollowing: (() => void) | null = null;

export function storedTheme(): ThemeChoice {
  try {
    const v = localStorage.getItem(KEY);
    return v === 'light' || v === 'dark' ? v : 'system';
  } catch {
    return 'system';
  }
}

export function applyTheme(choice: ThemeChoice): void {
  const root = document.documentElement;
  const media = typeof window.matchMedia === 'function' ? window.matchMedia(DARK_QUERY) : null;
  const show = () => root.setAttribute('data-theme', resolveTheme(choice, media?.matches ?? false));
  stopFollowing?.();
  stopFollowing = null;
  show();
  if (choice === 'system' && media) {
    media.addEventListener('change', show);
    stopFollowing = () => media.removeEventListener('change', show);
  }
  try {
    if (choice === 'system') localStorage.removeItem(KEY);
    else localStorage.setItem(KEY, choice);
  } catch {
    // Storage may be off (private mode); the choice lasts for this page.
  }
}

export function nextTheme(choice: ThemeChoice): ThemeChoice {
  return choice === 'system' ? 'light' : choice === 'light' ? 'dark' : 'system';
}

/** The value of a CSS custom property on <html>, e.g. cssVar('--text'). */
export function cssVar(name: string, fallback = ''): string {
  if (typeof document === 'undefined') return fallback;
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim() || fallback;
}
