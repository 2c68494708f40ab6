/**
 * A parser for Python literals as written by `repr()` and read by `ast.literal_eval`: the
 * official SWE-Lancer CSVs store `prompt`, `manager_data` and `acceptable_folders` this way,
 * and they are not JSON (single quotes, `True`/`None`, tuples, `\x` escapes). Written by hand
 * because no maintained npm library parses Python literals with their full string syntax.
 *
 * Mapping to JavaScript: dict → plain object (keys as strings, like `json.dumps`), list and
 * tuple and set → array, str → string, bytes → Uint8Array, int → number (or bigint when it
 * is beyond 2^53), float → number, True/False → boolean, None → null.
 */

import { PythonLiteralError } from './python-literal-error.ts';
import { type Token, tokenize } from './python-tokens.ts';

export type PyValue =
  | null
  | boolean
  | number
  | bigint
  | string
  | Uint8Array
  | PyValue[]
  | { [key: string]: PyValue };

/** Python's own parser gives up around 200 nested brackets too. */
const MAX_DEPTH = 200;

/** Parses one Python literal; the whole text must be that literal (plus whitespace). */
export function parsePythonLiteral(text: string): PyValue {
  const parser = new Parser(text, tokenize(text));
  const value = parser.value();
  parser.expectEnd();
  return value;
}

/** Recursive descent over the token list; `pos` is the index of the next token. */
class Parser {
  readonly #text: string;
  readonly #tokens: Token[];
  #pos = 0;
  #depth = 0;

  constructor(text: string, tokens: Token[]) {
    this.#text = text;
    this.#tokens = tokens;
  }

  value(): PyValue {
    const token = this.#next();
    switch (token.type) {
      case 'string':
        return this.#strings(token);
      case 'number':
        return token.value;
      case 'name':
        return this.#constant(token);
      case 'punct':
        return this.#compound(token);
      case 'end':
        throw this.#error(token, 'expected a value, found the end of the text');
    }
  }

  expectEnd(): void {
    const token = this.#peek();
    if (token.type !== 'end') {
      throw this.#error(token, `expected the end of the text, found ${tokenText(token)}`);
    }
  }

  #compound(token: Token & { type: 'punct' }): PyValue {
    // Recursion follows nesting: bound it so hostile input gets a message, not a stack overflow.
    if (this.#depth >= MAX_DEPTH) {
      throw this.#error(token, `expected at most ${MAX_DEPTH} levels of nesting`);
    }
    this.#depth += 1;
    try {
      return this.#compoundValue(token);
    } finally {
      this.#depth -= 1;
    }
  }

  #compoundValue(token: Token & { type: 'punct' }): PyValue {
    switch (token.value) {
      case '[':
        return this.#sequence(']');
      case '(':
        return this.#parenthesized();
      case '{':
        return this.#braced();
      case '-':
      case '+':
        return this.#signed(token);
      default:
        throw this.#error(token, `expected a value, found ${tokenText(token)}`);
    }
  }

  /** Adjacent string literals concatenate (`'a' "b"` is `'ab'`), but str and bytes do not mix. */
  #strings(first: Token & { type: 'string' }): string | Uint8Array {
    const parts = [first];
    for (let next = this.#peek(); next.type === 'string'; next = this.#peek()) {
      if (next.bytes !== first.bytes) {
        throw this.#error(next, 'cannot concatenate a bytes literal and a str literal');
      }
      parts.push(next);
      this.#pos += 1;
    }
    const text = parts.map((part) => part.value).join('');
    if (!first.bytes) return text;
    return Uint8Array.from(text, (char) => char.charCodeAt(0));
  }

  #constant(token: Token & { type: 'name' }): PyValue {
    if (token.value === 'True') return true;
    if (token.value === 'False') return false;
    if (token.value === 'None') return null;
    throw this.#error(
      token,
      `expected a value (True, False, None, a number, a string, a list, a tuple or a dict), found the name ${token.value}`,
    );
  }

  #signed(sign: Token & { type: 'punct' }): number | bigint {
    const operand = this.#next();
    if (operand.type !== 'number') {
      throw this.#error(
        operand,
        `expected a number after "${sign.value}", found ${tokenText(operand)}`,
      );
    }
    if (sign.value === '+') return operand.value;
    return -operand.value;
  }

  /** Items up to `close`, with an optional trailing comma. */
  #sequence(close: ']' | ')' | '}'): PyValue[] {
    const items: PyValue[] = [];
    while (!this.#atPunct(close)) {
      items.push(this.value());
      if (!this.#commaOr(close)) break;
    }
    this.#expectPunct(close);
    return items;
  }

  /** `()` and `(a,)` and `(a, b)` are tuples; `(a)` is just `a`. */
  #parenthesized(): PyValue {
    if (this.#atPunct(')')) {
      this.#pos += 1;
      return [];
    }
    const first = this.value();
    if (this.#atPunct(')')) {
      this.#pos += 1;
      return first;
    }
    this.#expectPunct(',');
    return [first, ...this.#sequence(')')];
  }

  /** A dict (`{k: v, ...}`), or a set (`{a, b}`) which becomes an array. */
  #braced(): PyValue {
    if (this.#atPunct('}')) {
      this.#pos += 1;
      return {};
    }
    const firstKeyToken = this.#peek();
    const firstKey = this.value();
    if (!this.#atPunct(':')) {
      if (!this.#commaOr('}')) {
        this.#expectPunct('}');
        return [firstKey];
      }
      return [firstKey, ...this.#sequence('}')];
    }
    const dict: { [key: string]: PyValue } = {};
    let keyToken = firstKeyToken;
    let key = firstKey;
    for (;;) {
      this.#expectPunct(':');
      const value = this.value();
      const name = dictKey(key);
      if (name === undefined) {
        throw this.#error(keyToken, 'expected a dict key that is a str, number, bool or None');
      }
      // defineProperty so that a key named "__proto__" stays an ordinary key.
      Object.defineProperty(dict, name, {
        value,
        enumerable: true,
        writable: true,
        configurable: true,
      });
      if (!this.#commaOr('}')) break;
      if (this.#atPunct('}')) break;
      keyToken = this.#peek();
      key = this.value();
    }
    this.#expectPunct('}');
    return dict;
  }

  /** Consumes a comma and returns true, or returns false when `close` comes next. */
  #commaOr(close: string): boolean {
    const token = this.#peek();
    if (token.type === 'punct' && token.value === ',') {
      this.#pos += 1;
      return true;
    }
    if (token.type === 'punct' && token.value === close) return false;
    throw this.#error(token, `expected "," or "${close}", found ${tokenText(token)}`);
  }

  #atPunct(value: string): boolean {
    const token = this.#peek();
    return token.type === 'punct' && token.value === value;
  }

  #expectPunct(value: string): void {
    const token = this.#next();
    if (token.type !== 'punct' || token.value !== value) {
      throw this.#error(token, `expected "${value}", found ${tokenText(token)}`);
    }
  }

  #peek(): Token {
    // The tokenizer always ends the list with an `end` token, and we never move past it.
    return this.#tokens[Math.min(this.#pos, this.#tokens.length - 1)] as Token;
  }

  #next(): Token {
    const token = this.#peek();
    if (token.type !== 'end') this.#pos += 1;
    return token;
  }

  #error(token: Token, problem: string): PythonLiteralError {
    return new PythonLiteralError(this.#text, token.offset, problem);
  }
}

/** Like `json.dumps`: str keys as they are; numbers, bools and None as their JSON text. */
function dictKey(key: PyValue): string | undefined {
  if (typeof key === 'string') return key;
  if (typeof key === 'number' || typeof key === 'bigint') return String(key);
  if (typeof key === 'boolean') return key ? 'true' : 'false';
  if (key === null) return 'null';
  return undefined;
}

function tokenText(token: Token): string {
  switch (token.type) {
    case 'end':
      return 'the end of the text';
    case 'string':
      return 'a string';
    case 'number':
      return `the number ${String(token.value)}`;
    case 'name':
      return `the name ${token.value}`;
    case 'punct':
      return `"${token.value}"`;
  }
}
