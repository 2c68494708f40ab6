import { describe, expect, it } from 'vitest';
import { decodeUnicodeEscape } from './python-unicode-escape.ts';

const decode = (text: string) => decodeUnicodeEscape(text);

describe('decodeUnicodeEscape', () => {
  it('decodes the escapes Python knows and keeps unknown ones, backslash included', () => {
    expect(decode(String.raw`a\nb\tc\\d\'e\"f\x41\101\u00e9\U0001F600`)).toEqual({
      ok: true,
      text: 'a\nb\tc\\d\'e"fAAé😀',
    });
    expect(decode(String.raw`[\w\.-]+ \d{2}`)).toEqual({
      ok: true,
      text: String.raw`[\w\.-]+ \d{2}`,
    });
    expect(decode('line\\\ncontinued')).toEqual({ ok: true, text: 'linecontinued' });
  });

  it('turns non-ASCII text into latin-1 mojibake, as the official harness does', () => {
    expect(decode('it’s €0')).toEqual({ ok: true, text: 'itâ\x80\x99s â\x82¬0' });
    expect(decodeUnicodeEscape('it’s\\n€0', 'text')).toEqual({ ok: true, text: 'it’s\n€0' });
  });

  it('fails where Python raises', () => {
    expect(decode('bad \\xZZ')).toEqual({
      ok: false,
      reason: 'cannot decode a truncated \\x escape (expected 2 hex digits) at character 5',
    });
    expect(decode('end\\')).toMatchObject({ ok: false });
    expect(decode('\\U00110000')).toMatchObject({ ok: false });
    expect(decode('\\N{BULLET}')).toMatchObject({ ok: false });
  });
});
