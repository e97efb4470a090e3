import { browser } from 'wxt/browser';
import { AppHeader } from '../../components/AppHeader';
import { EmptyState } from '../../components/EmptyState';

/** The popup: a quick view of the active session and its devices. */
export function App() {
  const openDashboard = () => {
    void browser.runtime.openOptionsPage();
    window.close();
  };
  return (
    <>
      <AppHeader>
        <button type="button" class="btn" onClick={openDashboard}>
          Open dashboard
        </button>
      </AppHeader>
      <main>
        <EmptyState title="No Cognito session yet">
          Sign in to your web app in this tab and import its session, or open the dashboard to paste a token or sign in.
        </EmptyState>
      </main>
    </>
  );
}
