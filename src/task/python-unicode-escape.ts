/**
 * Python's `text.encode("utf-8").decode("unicode_escape")`, which the official harness applies
 * to the title, description and proposals of `all_swelancer_tasks.csv` before building the
 * prompt. Escapes (`\n`, `\'`, `\x41`, `\u2019`…) are decoded, unknown ones (`\d`) are kept,
 * and every other byte becomes the character of the same number: non-ASCII text turns into
 * latin-1 mojibake (`’` → `â\x80\x99`). The paper's models saw exactly that, so the dataset
 * prompt reproduces it; `mode: 'text'` decodes the escapes but keeps characters as they are,
 * for the harness's own prompt.
 */

import { SIMPLE_ESCAPES } from './python-tokens.ts';

export type EscapeMode = 'unicode_escape' | 'text';

export type EscapeDecoding = { ok: true; text: string } | { ok: false; reason: string };

/**
 * Decodes `text` as Python does. Fails where Python raises (a truncated `\x`, `\u` or `\U`,
 * a code point past U+10FFFF, a backslash at the very end) and on `\N{name}`, whose name
 * table JavaScript lacks.
 */
export function decodeUnicodeEscape(
  text: string,
  mode: EscapeMode = 'unicode_escape',
): EscapeDecoding {
  const units = mode === 'unicode_escape' ? latin1OfUtf8(text) : text;
  let out = '';
  let i = 0;
  while (i < units.length) {
    const slash = units.indexOf('\\', i);
    if (slash === -1) {
      out += units.slice(i);
      break;
    }
    out += units.slice(i, slash);
    const next = units[slash + 1];
    if (next === undefined) return fail('a backslash at the end of the text', slash);
    i = slash + 2;
    if (next === '\n') continue;
    const simple = SIMPLE_ESCAPES[next];
    if (simple !== undefined) {
      out += simple;
      continue;
    }
    if (next >= '0' && next <= '7') {
      let digits = next;
      while (digits.length < 3 && /[0-7]/.test(units[i] ?? '')) digits += units[i++];
      out += String.fromCodePoint(Number.parseInt(digits, 8));
      continue;
    }
    const width = next === 'x' ? 2 : next === 'u' ? 4 : next === 'U' ? 8 : 0;
    if (width > 0) {
      const hex = units.slice(i, i + width);
      if (!new RegExp(`^[0-9a-fA-F]{${width}}$`).test(hex)) {
        return fail(`a truncated \\${next} escape (expected ${width} hex digits)`, slash);
      }
      const code = Number.parseInt(hex, 16);
      if (code > 0x10ffff) return fail(`\\${next}${hex}: past U+10FFFF`, slash);
      out += String.fromCodePoint(code);
      i += width;
      continue;
    }
    if (next === 'N') return fail('a \\N{name} escape (Unicode names are not supported)', slash);
    // An unknown escape stays as it is, backslash included.
    out += `\\${next}`;
  }
  return { ok: true, text: out };
}

/** Each UTF-8 byte of `text` as the character of the same number. */
function latin1OfUtf8(text: string): string {
  return Buffer.from(text, 'utf8').toString('latin1');
}

function fail(what: string, at: number): EscapeDecoding {
  return { ok: false, reason: `cannot decode ${what} at character ${at + 1}` };
}
