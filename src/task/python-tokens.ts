/**
 * The tokenizer behind `parsePythonLiteral`: strings (every prefix, quote style and escape
 * Python accepts), numbers, names and punctuation. Whitespace, newlines, comments and
 * backslash line continuations between tokens are skipped, as Python does inside brackets.
 */

import { PythonLiteralError } from './python-literal-error.ts';

export type Token =
  | { type: 'string'; value: string; bytes: boolean; offset: number }
  | { type: 'number'; value: number | bigint; offset: number }
  | { type: 'name'; value: string; offset: number }
  | { type: 'punct'; value: string; offset: number }
  | { type: 'end'; offset: number };

const PUNCT = new Set(['[', ']', '(', ')', '{', '}', ',', ':', '-', '+']);
const STRING_PREFIXES = new Set(['', 'r', 'u', 'b', 'br', 'rb']);
/** Python's one-character escapes (`\n`, `\'`…), in string literals and `unicode_escape`. */
export const SIMPLE_ESCAPES: Record<string, string> = {
  '\\': '\\',
  "'": "'",
  '"': '"',
  a: '\x07',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
};

const PREFIXED_INT = /0(?:[xX](?:_?[0-9a-fA-F])+|[oO](?:_?[0-7])+|[bB](?:_?[01])+)/y;
const DECIMAL = /(?:(?:\d(?:_?\d)*)?\.\d(?:_?\d)*|\d(?:_?\d)*\.?)(?:[eE][+-]?\d(?:_?\d)*)?/y;

export function tokenize(text: string): Token[] {
  return new Tokenizer(text).run();
}

class Tokenizer {
  readonly #text: string;
  #pos = 0;
  readonly #tokens: Token[] = [];

  constructor(text: string) {
    this.#text = text;
  }

  run(): Token[] {
    for (;;) {
      this.#skipBlank();
      const start = this.#pos;
      const char = this.#text[start];
      if (char === undefined) {
        this.#tokens.push({ type: 'end', offset: start });
        return this.#tokens;
      }
      if (char === '"' || char === "'") {
        this.#tokens.push(this.#string(start, ''));
      } else if (isDigit(char) || (char === '.' && isDigit(this.#text[start + 1]))) {
        this.#tokens.push(this.#number(start));
      } else if (isNameStart(char)) {
        this.#nameOrPrefixedString(start);
      } else if (PUNCT.has(char)) {
        this.#pos += 1;
        this.#tokens.push({ type: 'punct', value: char, offset: start });
      } else {
        throw this.#error(start, `expected a value or punctuation, found ${JSON.stringify(char)}`);
      }
    }
  }

  /** Spaces, tabs, newlines, form feeds, `# comments` and `\`-newline continuations. */
  #skipBlank(): void {
    const text = this.#text;
    for (;;) {
      const char = text[this.#pos];
      if (char === ' ' || char === '\t' || char === '\n' || char === '\r' || char === '\f') {
        this.#pos += 1;
      } else if (char === '#') {
        while (this.#pos < text.length && text[this.#pos] !== '\n' && text[this.#pos] !== '\r') {
          this.#pos += 1;
        }
      } else if (char === '\\' && (text[this.#pos + 1] === '\n' || text[this.#pos + 1] === '\r')) {
        this.#pos += text.startsWith('\r\n', this.#pos + 1) ? 3 : 2;
      } else {
        return;
      }
    }
  }

  #nameOrPrefixedString(start: number): void {
    let end = start;
    while (end < this.#text.length && isNameChar(this.#text[end])) end += 1;
    const name = this.#text.slice(start, end);
    const quote = this.#text[end];
    // Only a short run of prefix letters is a string prefix; `role'` is a name then a quote.
    if ((quote === '"' || quote === "'") && /^[rbuf]{1,3}$/i.test(name)) {
      const prefix = name.toLowerCase();
      if (!STRING_PREFIXES.has(prefix)) {
        const why = prefix.includes('f')
          ? 'f-strings are expressions, not literals'
          : 'valid prefixes are r, u, b, br and rb';
        throw this.#error(start, `expected a string prefix, found "${name}" (${why})`);
      }
      this.#pos = end;
      this.#tokens.push(this.#string(start, prefix));
      return;
    }
    this.#pos = end;
    this.#tokens.push({ type: 'name', value: name, offset: start });
  }

  /** `this.#pos` is at the opening quote; `start` is where the prefix began. */
  #string(start: number, prefix: string): Token {
    const text = this.#text;
    const raw = prefix.includes('r');
    const bytes = prefix.includes('b');
    const quoteChar = text[this.#pos] as string;
    const triple = text.startsWith(quoteChar.repeat(3), this.#pos);
    const closing = triple ? quoteChar.repeat(3) : quoteChar;
    this.#pos += closing.length;
    let value = '';
    for (;;) {
      const at = this.#pos;
      const char = text[at];
      if (char === undefined) {
        throw this.#error(start, `unterminated string: expected a closing ${closing}`);
      }
      if (text.startsWith(closing, at)) {
        this.#pos += closing.length;
        return { type: 'string', value, bytes, offset: start };
      }
      if (char === '\n' || char === '\r') {
        if (!triple) {
          throw this.#error(
            at,
            `expected a closing ${closing} before the end of the line (only triple-quoted strings span lines)`,
          );
        }
        // Python reads source with universal newlines: "\r\n" and "\r" become "\n".
        this.#pos += text.startsWith('\r\n', at) ? 2 : 1;
        value += '\n';
        continue;
      }
      if (char === '\\') {
        value += raw ? this.#rawEscape() : this.#escape(bytes);
        continue;
      }
      if (bytes && char.charCodeAt(0) > 0x7f) {
        throw this.#error(
          at,
          `expected only ASCII characters in a bytes literal, found ${JSON.stringify(char)}`,
        );
      }
      // Copy the run of ordinary characters in one slice: cells can be 100 kB long.
      let end = at + 1;
      while (end < text.length && isPlain(text.charCodeAt(end), quoteChar, bytes)) end += 1;
      value += text.slice(at, end);
      this.#pos = end;
    }
  }

  /** In raw strings a backslash stays, and it keeps the next character from ending the string. */
  #rawEscape(): string {
    const next = this.#text[this.#pos + 1];
    if (next === undefined) return '\\';
    if (next === '\r' || next === '\n') {
      const length = this.#text.startsWith('\r\n', this.#pos + 1) ? 3 : 2;
      this.#pos += length;
      return '\\\n';
    }
    this.#pos += 2;
    return `\\${next}`;
  }

  /** `this.#pos` is at the backslash; returns what the escape stands for. */
  #escape(bytes: boolean): string {
    const text = this.#text;
    const at = this.#pos;
    const next = text[at + 1];
    if (next === undefined) {
      throw this.#error(at, 'unterminated string: expected a character after "\\"');
    }
    if (next === '\n' || next === '\r') {
      // A backslash at the end of a line continues the string on the next line.
      this.#pos += text.startsWith('\r\n', at + 1) ? 3 : 2;
      return '';
    }
    const simple = SIMPLE_ESCAPES[next];
    if (simple !== undefined) {
      this.#pos += 2;
      return simple;
    }
    if (next >= '0' && next <= '7') {
      let end = at + 1;
      while (end < at + 4 && (text[end] ?? '') >= '0' && (text[end] ?? '') <= '7') end += 1;
      const code = Number.parseInt(text.slice(at + 1, end), 8);
      this.#pos = end;
      // Python keeps only the low byte of an octal escape above \377 in bytes.
      return String.fromCharCode(bytes ? code & 0xff : code);
    }
    if (next === 'x') return this.#hexEscape(at, 2, bytes);
    if (!bytes && next === 'u') return this.#hexEscape(at, 4, bytes);
    if (!bytes && next === 'U') return this.#hexEscape(at, 8, bytes);
    if (!bytes && next === 'N') {
      throw this.#error(
        at,
        'expected an escape that repr() writes; named escapes (\\N{...}) are not supported',
      );
    }
    // Python keeps unknown escapes as they are (with a warning): "\d" is backslash + "d".
    this.#pos += 2;
    return `\\${next}`;
  }

  #hexEscape(at: number, digits: number, bytes: boolean): string {
    const hex = this.#text.slice(at + 2, at + 2 + digits);
    const letter = this.#text[at + 1];
    if (hex.length < digits || !/^[0-9a-fA-F]+$/.test(hex)) {
      throw this.#error(
        at,
        `expected ${digits} hex digits after "\\${letter}", found ${JSON.stringify(hex)}`,
      );
    }
    const code = Number.parseInt(hex, 16);
    if (code > 0x10ffff) {
      throw this.#error(at, `expected a Unicode code point up to 10FFFF, found \\${letter}${hex}`);
    }
    this.#pos = at + 2 + digits;
    return bytes ? String.fromCharCode(code) : String.fromCodePoint(code);
  }

  /** Ints (decimal, 0x, 0o, 0b, with `_` separators) and floats (with `.` and/or exponent). */
  #number(start: number): Token {
    PREFIXED_INT.lastIndex = start;
    DECIMAL.lastIndex = start;
    const prefixed = PREFIXED_INT.exec(this.#text);
    // DECIMAL always matches here: the caller saw a digit, or a dot followed by a digit.
    const matched = prefixed?.[0] ?? (DECIMAL.exec(this.#text)?.[0] as string);
    const end = start + matched.length;
    const after = this.#text[end];
    if (after !== undefined && (isNameChar(after) || after === '.')) {
      const why =
        after === 'j' || after === 'J'
          ? 'complex numbers are not supported'
          : `found ${JSON.stringify(after)}`;
      throw this.#error(end, `expected the end of the number ${matched}: ${why}`);
    }
    this.#pos = end;
    const clean = matched.replaceAll('_', '');
    if (!prefixed && /[.eE]/.test(clean)) {
      return { type: 'number', value: Number(clean), offset: start };
    }
    if (!prefixed && /^0+[1-9]/.test(clean)) {
      throw this.#error(
        start,
        `expected a number without leading zeros (0o17 is octal), found ${matched}`,
      );
    }
    const big = BigInt(clean);
    const value = big <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(big) : big;
    return { type: 'number', value, offset: start };
  }

  #error(offset: number, problem: string): PythonLiteralError {
    return new PythonLiteralError(this.#text, offset, problem);
  }
}

const BACKSLASH = 0x5c;
const LF = 0x0a;
const CR = 0x0d;

function isPlain(code: number, quoteChar: string, bytes: boolean): boolean {
  return (
    code !== BACKSLASH &&
    code !== LF &&
    code !== CR &&
    code !== quoteChar.charCodeAt(0) &&
    !(bytes && code > 0x7f)
  );
}

function isDigit(char: string | undefined): boolean {
  return char !== undefined && char >= '0' && char <= '9';
}

function isNameStart(char: string): boolean {
  return /[\p{L}_]/u.test(char);
}

function isNameChar(char: string | undefined): boolean {
  return char !== undefined && /[\p{L}\p{N}_]/u.test(char);
}
