import type { ComponentChildren } from 'preact';

/** Props of {@link AppHeader}. */
export interface AppHeaderProps {
  /** Extra controls shown at the right end (e.g. "Open dashboard"). */
  children?: ComponentChildren;
}

/** The product header shared by the popup and the dashboard. */
export function AppHeader({ children }: AppHeaderProps) {
  return (
    <header class="app-header">
      <svg class="logo" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
        <rect x="3" y="4" width="18" height="12" rx="2" fill="none" stroke="currentColor" stroke-width="1.8" />
        <path d="M8 20h8M12 16v4" stroke="currentColor" stroke-width="1.8" stroke-linecap="round" />
        <circle cx="12" cy="10" r="2.6" fill="currentColor" />
      </svg>
      <h1>Cognito Device Dashboard</h1>
      <span class="spacer" />
      {children}
    </header>
  );
}
