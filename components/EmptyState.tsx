import type { ComponentChildren } from 'preact';

/** Props of {@link EmptyState}. */
export interface EmptyStateProps {
  title: string;
  /** What is missing and what to do about it. */
  children: ComponentChildren;
  /** Buttons offering the next step. */
  actions?: ComponentChildren;
  /** Heading level of the title (2 by default). */
  level?: 2 | 3;
}

/** A friendly "nothing here yet" panel that says what to do next. */
export function EmptyState({ title, children, actions, level = 2 }: EmptyStateProps) {
  const Heading = level === 2 ? 'h2' : 'h3';
  return (
    <section class="empty-state" aria-label={title}>
      <Heading>{title}</Heading>
      <p>{children}</p>
      {actions ? <div class="actions">{actions}</div> : null}
    </section>
  );
}
