/** One entry of the dashboard navigation. */
export interface SectionLink<Id extends string = string> {
  id: Id;
  label: string;
}

/** Props of {@link SectionNav}. */
export interface SectionNavProps<Id extends string> {
  sections: readonly SectionLink<Id>[];
  current: Id;
  /** Called with the chosen section id. */
  onSelect: (id: Id) => void;
}

/** The dashboard's section navigation: plain links to `#id`, current one marked. */
export function SectionNav<Id extends string>({ sections, current, onSelect }: SectionNavProps<Id>) {
  return (
    <nav class="section-nav" aria-label="Dashboard sections">
      <ul>
        {sections.map((s) => (
          <li key={s.id}>
            <a
              href={`#${s.id}`}
              aria-current={s.id === current ? 'page' : undefined}
              onClick={(e) => {
                e.preventDefault();
                onSelect(s.id);
              }}
            >
              {s.label}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}
