import { describe, expect, it } from 'vitest';
import {
  codePointLength,
  collidingLabels,
  firstCodePoints,
  lookAlikeForms,
  splitUntrusted,
  visibleText,
} from '../../utils/untrusted-text';

describe('visibleText / splitUntrusted', () => {
  it.each([
    ['a right-to-left override', 'Old phone\u202E', 'Old phone⟨U+202E⟩'],
    ['an override and its pop', '\u202Eenohp\u202C x', '⟨U+202E⟩enohp⟨U+202C⟩ x'],
    ['an isolate', 'a\u2067b\u2069', 'a⟨U+2067⟩b⟨U+2069⟩'],
    ['the marks LRM, RLM and ALM', '\u200E\u200F\u061C', '⟨U+200E⟩⟨U+200F⟩⟨U+061C⟩'],
    ['a NUL, a line feed and DEL', 'a\u0000b\nc\u007F', 'a⟨U+0000⟩b⟨U+000A⟩c⟨U+007F⟩'],
    ['a C1 control', 'x\u0085', 'x⟨U+0085⟩'],
    ['zero-width space, word joiner and BOM', '\u200Bx\u2060\uFEFF', '⟨U+200B⟩x⟨U+2060⟩⟨U+FEFF⟩'],
    ['a line separator', 'a\u2028b', 'a⟨U+2028⟩b'],
  ])('shows %s as markers', (_name, text, shown) => {
    expect(visibleText(text)).toBe(shown);
  });

  it.each([
    ['plain text', 'Work laptop'],
    ['markup', '<img src=x onerror=alert(1)>'],
    ['right-to-left script', 'هاتف قديم'],
    ['an emoji sequence with a zero-width joiner', '👩‍💻 laptop'],
    ['accents', 'Téléphone'],
  ])('leaves %s as it is', (_name, text) => {
    expect(visibleText(text)).toBe(text);
    expect(splitUntrusted(text)).toEqual([{ kind: 'text', text }]);
  });

  it('splits into literal runs and markers in order', () => {
    expect(splitUntrusted('\u202EOld\u202Cphone')).toEqual([
      { kind: 'marker', code: 'U+202E' },
      { kind: 'text', text: 'Old' },
      { kind: 'marker', code: 'U+202C' },
      { kind: 'text', text: 'phone' },
    ]);
  });
});

describe('code points', () => {
  it('counts and cuts by code point, never inside a surrogate pair', () => {
    expect(codePointLength('a😀b')).toBe(3);
    expect(firstCodePoints('a😀b', 2)).toBe('a😀');
    expect(firstCodePoints('abc', 10)).toBe('abc');
  });
});

describe('look-alike names', () => {
  it('folds case, spaces, compatibility forms and invisible characters', () => {
    expect(lookAlikeForms('  Old\u200B  Phone ')).toEqual(['old phone']);
    expect(lookAlikeForms('Ｏｌｄ phone')).toEqual(['old phone']);
  });

  it('a name with a right-to-left override also reads reversed', () => {
    expect(lookAlikeForms('\u202Eenohp dlO')).toEqual(['enohp dlo', 'old phone']);
  });

  it.each([
    ['the same text', ['Pixel 8', 'Pixel 8']],
    ['the same text but for case and spaces', ['Pixel 8', ' pixel  8']],
    ['an invisible character', ['Pixel 8', 'Pixel\u200B 8']],
    ['a reversal by bidi override', ['Old phone', '\u202Eenohp dlO']],
    ['a trailing override', ['Old phone', 'Old phone\u202E']],
  ])('marks both devices whose names read alike: %s', (_name, names) => {
    const items = names.map((name, i) => ({ key: `k${i}`, name }));
    expect(
      collidingLabels(
        items,
        (d) => d.key,
        (d) => d.name,
      ),
    ).toEqual(new Set(['k0', 'k1']));
  });

  it('marks nothing when the names differ, and not a device against itself', () => {
    const items = [
      { key: 'a', name: 'Pixel 8' },
      { key: 'b', name: 'Pixel 9' },
      { key: 'c', name: 'level' },
    ];
    expect(
      collidingLabels(
        items,
        (d) => d.key,
        (d) => `\u202E${d.name}`,
      ).size,
    ).toBe(0);
    expect(
      collidingLabels(
        items,
        (d) => d.key,
        (d) => d.name,
      ).size,
    ).toBe(0);
  });
});
