/**
 * Apply the theme of Settings to a page: `system` follows the OS (no
 * attribute), `light` / `dark` pin it through html[data-theme].
 */
import { readSettings, settingsItem, type ThemeSetting } from './storage';

export function applyTheme(theme: ThemeSetting, root: HTMLElement = document.documentElement): void {
  if (theme === 'system') root.removeAttribute('data-theme');
  else root.setAttribute('data-theme', theme);
}

/** Apply the stored theme now and whenever it changes. */
export function followThemeSetting(): void {
  void readSettings().then((s) => applyTheme(s.theme));
  settingsItem.watch((s) => applyTheme(s.theme));
}
