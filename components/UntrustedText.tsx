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
  // Nearly every text is short: it is drawn without state (a list draws three per row). A text of at most
  // `max` UTF-16 units has at most `max` code points, so it is never cut and needs no count.
  if (text.length <= max || codePointLength(text) <= max) return untrustedBody(text, className, false);
  return <LongUntrustedText text={text} max={max} class={className} />;
}

/** The text as `<bdi>`: literal runs, control characters as markers, `…` when cut. */
function untrustedBody(text: string, className: string | undefined, cut: boolean) {
  return (
    <bdi class={className ? `untrusted ${className}` : 'untrusted'}>
      {splitUntrusted(text).map((p, i) =>
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
}

/** A text longer than `max`: cut, with the button that shows it all (and less again). */
function LongUntrustedText({
  text,
  max,
  class: className,
}: Required<Pick<UntrustedTextProps, 'max'>> & UntrustedTextProps) {
  const [expanded, setExpanded] = useState(false);
  const length = codePointLength(text);
  return (
    <span class="untrusted-long">
      {untrustedBody(expanded ? text : firstCodePoints(text, max), className, !expanded)}{' '}
      <button type="button" class="link-button" aria-expanded={expanded} onClick={() => setExpanded(!expanded)}>
        {expanded ? 'Show less' : `Show all ${length.toLocaleString('en')} characters`}
      </button>
    </span>
  );
}
