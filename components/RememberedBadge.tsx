/** Props of {@link RememberedBadge}. */
export interface RememberedBadgeProps {
  remembered: boolean | undefined;
}

/** The remembered status of a device, in words and colour. */
export function RememberedBadge({ remembered }: RememberedBadgeProps) {
  if (remembered === true) return <span class="badge badge-ok">Remembered</span>;
  if (remembered === false) return <span class="badge badge-warn">Not remembered</span>;
  return <span class="badge badge-neutral">Status unknown</span>;
}
