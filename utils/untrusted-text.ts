/**
 * Untrusted text (device names, usernames, IPs, device keys, issuers: whatever
 * a server, a page or a token says) made safe to show: control, bidi and
 * invisible formatting characters are turned into visible markers such as
 * `⟨U+202E⟩` instead of being obeyed, so a name cannot reverse or hide the text
 * around it. Pure: the component `components/UntrustedText.tsx` renders the
 * parts; `visibleText` gives the same as one string for attributes and labels.
 */

/**
 * Characters shown as a marker, never interpreted: C0 and C1 controls and DEL;
 * the bidi controls (ALM, LRM, RLM, LRE, RLE, PDF, LRO, RLO, LRI, RLI, FSI, PDI);
 * zero-width space, word joiner, BOM, the line and paragraph separators, and
 * the interlinear annotation marks. ZWJ / ZWNJ stay: emoji and scripts need them.
 */
const SHOWN_AS_MARKER =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is this pattern's purpose.
  /[\u0000-\u001f\u007f-\u009f\u061c\u200b\u200e\u200f\u2028-\u202e\u2060\u2066-\u2069\ufeff\ufff9-\ufffb]/gu;

/** The same characters, for a yes/no test (no global flag: no lastIndex to carry between calls). */
const HAS_MARKER = new RegExp(SHOWN_AS_MARKER.source, 'u');

/** The bidi controls that embed or override (for look-alike checks: the text after them may show reversed). */
const BIDI_REORDERING = /[\u202b\u202e\u2067\u061c\u200f]/u;

/** One piece of untrusted text: literal text, or a character shown as its code point. */
export type TextPart =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'marker'; readonly code: string };

/** `U+202E` for a code point. */
function codeOf(char: string): string {
  return `U+${(char.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
}

/** The text as literal runs and markers, in order. */
export function splitUntrusted(text: string): TextPart[] {
  // Most text has nothing to mark: one run, without walking the matches.
  if (!HAS_MARKER.test(text)) return text ? [{ kind: 'text', text }] : [];
  const parts: TextPart[] = [];
  let last = 0;
  for (const match of text.matchAll(SHOWN_AS_MARKER)) {
    const at = match.index ?? 0;
    if (at > last) parts.push({ kind: 'text', text: text.slice(last, at) });
    parts.push({ kind: 'marker', code: codeOf(match[0]) });
    last = at + match[0].length;
  }
  if (last < text.length) parts.push({ kind: 'text', text: text.slice(last) });
  return parts;
}

/** The marker shown for a code: `⟨U+202E⟩`. */
export function markerText(code: string): string {
  return `⟨${code}⟩`;
}

/** The text as one string with every control shown as its marker (for aria-label, title, plain strings). */
export function visibleText(text: string): string {
  return text.replace(SHOWN_AS_MARKER, (c) => markerText(codeOf(c)));
}

/** How many characters (code points) a text has. */
export function codePointLength(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

/** The first `max` code points of a text (never splitting a surrogate pair). */
export function firstCodePoints(text: string, max: number): string {
  let out = '';
  let n = 0;
  for (const c of text) {
    if (n++ >= max) break;
    out += c;
  }
  return out;
}

/**
 * The forms a name may be read as, for telling look-alikes apart: compatibility
 * folded (NFKC), without the marked characters, spaces collapsed, case folded;
 * plus the same reversed when the name holds a right-to-left embedding or
 * override (`\u202Eenohp dlO` shows as "Old phone" where bidi is obeyed).
 */
export function lookAlikeForms(text: string): string[] {
  const plain = text
    .normalize('NFKC')
    .replace(SHOWN_AS_MARKER, '')
    .replace(/\s+/gu, ' ')
    .trim()
    .toLocaleLowerCase('en');
  if (!BIDI_REORDERING.test(text)) return [plain];
  return [plain, [...plain].reverse().join('')];
}

/** The ids whose label reads like another's (same folded text, or the same reversed by bidi). */
export function collidingLabels<T>(
  items: readonly T[],
  id: (item: T) => string,
  label: (item: T) => string,
): Set<string> {
  const seen = new Map<string, string>();
  const colliding = new Set<string>();
  for (const item of items) {
    const key = id(item);
    for (const form of new Set(lookAlikeForms(label(item)))) {
      const other = seen.get(form);
      if (other !== undefined && other !== key) {
        colliding.add(other);
        colliding.add(key);
      } else seen.set(form, key);
    }
  }
  return colliding;
}
