/** Props of {@link RememberedBadge}. */
export interface RememberedBadgeProps {
  remembered: boolean | undefined;
  /** The status was inferred (a user's ListDevices lists remembered devices only), not stated by Cognito. */
  inferred?: boolean;
}

const INFERRED_HINT =
  'Cognito did not state this device’s status; your token’s device list holds remembered devices only.';

/** The remembered status of a device, in words and colour. */
export function RememberedBadge({ remembered, inferred }: RememberedBadgeProps) {
  if (remembered === true && inferred)
    return (
      <span class="badge badge-ok" title={INFERRED_HINT}>
        Remembered (inferred)
      </span>
    );
  if (remembered === true) return <span class="badge badge-ok">Remembered</span>;
  if (remembered === false) return <span class="badge badge-warn">Not remembered</span>;
  return <span class="badge badge-neutral">Status unknown</span>;
}
