/**
 * Apply the theme of Settings to a page: `system` follows the OS (no
 * attribute), `light` / `dark` pin it through html[data-theme]. The theme is
 * read straight from storage (utils/storage-direct.ts): the popup applies it
 * before it has loaded the storage library.
 */
import type { ThemeSetting } from './settings';
import { DIRECT_KEYS, readDirect, watchDirect } from './storage-direct';

const THEMES: readonly ThemeSetting[] = ['system', 'light', 'dark'];

export function applyTheme(theme: ThemeSetting, root: HTMLElement = document.documentElement): void {
  if (theme === 'system') root.removeAttribute('data-theme');
  else root.setAttribute('data-theme', theme);
}

/** The theme of a stored settings value (of any version): `system` when it names none it knows. Pure. */
export function themeOf(stored: unknown): ThemeSetting {
  const theme = (stored as { theme?: unknown } | null)?.theme;
  return THEMES.find((t) => t === theme) ?? 'system';
}

/** Apply the stored theme now and whenever it changes. */
export function followThemeSetting(): void {
  void readDirect([DIRECT_KEYS.settings]).then(([stored]) => applyTheme(themeOf(stored)));
  watchDirect(DIRECT_KEYS.settings, (stored) => applyTheme(themeOf(stored)));
}
