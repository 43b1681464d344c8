import { useState } from 'react';
import { applyTheme, nextTheme, storedTheme, type ThemeChoice } from '../theme';

const LABEL: Record<ThemeChoice, string> = { system: 'System theme', light: 'Light theme', dark: 'Dark theme' };
const ICON: Record<ThemeChoice, string> = { system: '◐', light: '☀', dark: '☾' };

/** Cycles system → light → dark. */
export function ThemeToggle() {
  const [choice, setChoice] = useState<ThemeChoice>(storedTheme);
  const next = nextTheme(choice);
  return (
    <button
      type="button"
      className="button ghost"
      data-testid="theme-toggle"
      aria-label={`${LABEL[choice]}; switch to ${LABEL[next].toLowerCase()}`}
      title={`${LABEL[choice]} (click for ${LABEL[next].toLowerCase()})`}
      onClick={() => {
        applyTheme(next);
        setChoice(next);
      }}
    >
      <span aria-hidden="true">{ICON[choice]}</span> {LABEL[choice]}
    </button>
  );
}
