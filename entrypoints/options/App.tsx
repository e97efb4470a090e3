import { useEffect, useState } from 'preact/hooks';
import { AppHeader } from '../../components/AppHeader';
import { EmptyState } from '../../components/EmptyState';
import { SectionNav } from '../../components/SectionNav';
import { SessionsSection } from './SessionsSection';
import { SECTIONS, type SectionId, sectionFromHash } from './sections';

/** The full dashboard, one section at a time, chosen by the location hash. */
export function App() {
  const [section, setSection] = useState<SectionId>(() => sectionFromHash(location.hash));
  useEffect(() => {
    const onHash = () => setSection(sectionFromHash(location.hash));
    addEventListener('hashchange', onHash);
    return () => removeEventListener('hashchange', onHash);
  }, []);
  const select = (id: SectionId) => {
    history.replaceState(null, '', `#${id}`);
    setSection(id);
  };
  const label = SECTIONS.find((s) => s.id === section)?.label ?? '';
  return (
    <>
      <AppHeader />
      <div class="layout">
        <SectionNav sections={SECTIONS} current={section} onSelect={select} />
        <main class="content" aria-labelledby="section-title">
          <h2 id="section-title">{label}</h2>
          {section === 'sessions' ? <SessionsSection /> : null}
          <div class="panel" hidden={section === 'sessions'}>
            <EmptyState title="No Cognito session yet" level={3}>
              Open your web app in a tab and import its session from the popup, paste an access token, or sign in with a
              username and password.
            </EmptyState>
          </div>
        </main>
      </div>
    </>
  );
}
