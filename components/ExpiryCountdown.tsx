import { useEffect, useState } from 'preact/hooks';
import { formatCountdown, formatExact } from '../utils/format';

/** Props of {@link ExpiryCountdown}. */
export interface ExpiryCountdownProps {
  /** Local-clock epoch ms of expiry. */
  expiresAtMs: number;
  /** Clock, for tests. */
  now?: () => number;
}

/** A live "expires in 54:03" that ticks every second. */
export function ExpiryCountdown({ expiresAtMs, now = Date.now }: ExpiryCountdownProps) {
  const [current, setCurrent] = useState(now);
  useEffect(() => {
    const timer = setInterval(() => setCurrent(now()), 1000);
    return () => clearInterval(timer);
  }, [now]);
  const left = expiresAtMs - current;
  return (
    <span class={left > 0 ? 'countdown' : 'countdown expired'} title={formatExact(expiresAtMs)}>
      {left > 0 ? `Expires in ${formatCountdown(left)}` : 'Expired'}
    </span>
  );
}
