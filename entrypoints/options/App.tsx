import { useEffect, useState } from 'preact/hooks';
import { AppHeader } from '../../components/AppHeader';
import { ErrorBoundary } from '../../components/ErrorBoundary';
import { SectionNav } from '../../components/SectionNav';
import { AdminSection } from './admin/AdminSection';
import { DevicesSection } from './DevicesSection';
import { HistorySection } from './HistorySection';
import { ReviewSection } from './ReviewSection';
import { SessionsSection } from './SessionsSection';
import { SettingsSection } from './SettingsSection';
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
          <ErrorBoundary key={section} what={`the ${label} section`}>
            {section === 'devices' ? <DevicesSection onOpenSessions={() => select('sessions')} /> : null}
            {section === 'review' ? <ReviewSection /> : null}
            {section === 'sessions' ? <SessionsSection /> : null}
            {section === 'history' ? <HistorySection /> : null}
            {section === 'settings' ? <SettingsSection /> : null}
            {section === 'admin' ? <AdminSection /> : null}
          </ErrorBoundary>
        </main>
      </div>
    </>
  );
}
