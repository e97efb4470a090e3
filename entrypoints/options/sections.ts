/** The dashboard's sections, in navigation order. */
export const SECTIONS = [
  { id: 'devices', label: 'Devices' },
  { id: 'review', label: 'Review' },
  { id: 'sessions', label: 'Sessions' },
  { id: 'history', label: 'History' },
  { id: 'admin', label: 'Admin' },
  { id: 'settings', label: 'Settings' },
] as const;

export type SectionId = (typeof SECTIONS)[number]['id'];

/** The section named by a location hash (`#review?device=…` names Review devices), or Devices. */
export function sectionFromHash(hash: string): SectionId {
  const id = hash.replace(/^#/, '').split('?')[0];
  return SECTIONS.find((s) => s.id === id)?.id ?? 'devices';
}
