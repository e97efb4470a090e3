import { useState } from 'preact/hooks';
import { codePointLength, firstCodePoints, markerText, splitUntrusted } from '../utils/untrusted-text';

/** Props of {@link UntrustedText}. */
export interface UntrustedTextProps {
  /** Text from outside the extension: a device name, username, IP, device key, issuer… */
  text: string;
  /** Characters shown before "Show all"; the rest is one keyboard-reachable click away. */
  max?: number;
  class?: string;
}

/** Where a long name is cut (a 1,024-character device name is Cognito's maximum). */
export const UNTRUSTED_TEXT_MAX = 120;

/**
 * Untrusted text shown safely: as text (never HTML), isolated (`<bdi>`, so its
 * direction cannot spill into the sentence around it), with control and bidi
 * characters shown as visible markers (`⟨U+202E⟩`) instead of obeyed, wrapping
 * anywhere, and cut after `max` characters with a button that shows it all.
 */
export function UntrustedText({ text, max = UNTRUSTED_TEXT_MAX, class: className }: UntrustedTextProps) {
  const [expanded, setExpanded] = useState(false);
  const length = codePointLength(text);
  const cut = length > max && !expanded;
  const parts = splitUntrusted(cut ? firstCodePoints(text, max) : text);
  const body = (
    <bdi class={className ? `untrusted ${className}` : 'untrusted'}>
      {parts.map((p, i) =>
        p.kind === 'text' ? (
          p.text
        ) : (
          <span key={i} class="control-char">
            {markerText(p.code)}
          </span>
        ),
      )}
      {cut ? '…' : null}
    </bdi>
  );
  if (length <= max) return body;
  return (
    <span class="untrusted-long">
      {body}{' '}
      <button type="button" class="link-button" aria-expanded={expanded} onClick={() => setExpanded(!expanded)}>
        {expanded ? 'Show less' : `Show all ${length.toLocaleString('en')} characters`}
      </button>
    </span>
  );
}
