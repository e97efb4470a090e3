/** The dashboard's sections, in navigation order. */
export const SECTIONS = [
  { id: 'devices', label: 'Devices' },
  { id: 'sessions', label: 'Sessions' },
  { id: 'history', label: 'History' },
  { id: 'admin', label: 'Admin' },
  { id: 'settings', label: 'Settings' },
] as const;

export type SectionId = (typeof SECTIONS)[number]['id'];

/** The section named by a location hash, or Devices. */
export function sectionFromHash(hash: string): SectionId {
  const id = hash.replace(/^#/, '');
  return SECTIONS.find((s) => s.id === id)?.id ?? 'devices';
}
