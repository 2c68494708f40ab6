import { describe, expect, it } from 'vitest';
import { parsePythonLiteral } from './python-literal.ts';
import { PythonLiteralError } from './python-literal-error.ts';

function parseError(text: string): PythonLiteralError {
  try {
    parsePythonLiteral(text);
  } catch (error) {
    if (error instanceof PythonLiteralError) return error;
    throw error;
  }
  throw new Error(`expected ${JSON.stringify(text)} not to parse`);
}

describe('parsePythonLiteral: containers and constants', () => {
  it('reads dicts, lists, tuples and sets, nested, with trailing commas', () => {
    expect(
      parsePythonLiteral("{'a': [1, 2,], 'b': (3,), 'c': (), 'd': {'e': {4, 5}}, 'f': (6),}"),
    ).toEqual({ a: [1, 2], b: [3], c: [], d: { e: [4, 5] }, f: 6 });
    expect(parsePythonLiteral('[]')).toEqual([]);
    expect(parsePythonLiteral('{}')).toEqual({});
    expect(parsePythonLiteral('[[[]], [()]]')).toEqual([[[]], [[]]]);
  });

  it('reads True, False and None', () => {
    expect(parsePythonLiteral('[True, False, None]')).toEqual([true, false, null]);
  });

  it('turns non-string dict keys into JSON-like strings, as json.dumps does', () => {
    expect(parsePythonLiteral("{1: 'a', -2: 'b', True: 'c', None: 'd', 1.5: 'e'}")).toEqual({
      '1': 'a',
      '-2': 'b',
      true: 'c',
      null: 'd',
      '1.5': 'e',
    });
  });

  it('keeps a "__proto__" key as an ordinary key', () => {
    const value = parsePythonLiteral("{'__proto__': {'polluted': True}}") as Record<
      string,
      unknown
    >;
    expect(Object.keys(value)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('skips comments, newlines and line continuations between tokens', () => {
    expect(parsePythonLiteral('[\n  1,  # one\n  2 \\\n  , 3\r\n]')).toEqual([1, 2, 3]);
  });
});

describe('parsePythonLiteral: numbers', () => {
  it('reads ints in every base, with separators and signs', () => {
    expect(parsePythonLiteral('[0, 00, 42, -7, +7, 1_000, 0x_ff, 0XFF, 0o17, 0b101]')).toEqual([
      0, 0, 42, -7, 7, 1000, 255, 255, 15, 5,
    ]);
  });

  it('reads floats with fractions and exponents', () => {
    expect(parsePythonLiteral('[1.5, .5, 5., 1e3, 2.5E-2, -0.0, 1_0.0_1]')).toEqual([
      1.5, 0.5, 5, 1000, 0.025, -0, 10.01,
    ]);
  });

  it('keeps ints beyond 2^53 exact as bigint', () => {
    expect(parsePythonLiteral('[9007199254740993, -9007199254740993]')).toEqual([
      9007199254740993n,
      -9007199254740993n,
    ]);
  });

  it('rejects leading zeros and complex numbers, saying why', () => {
    expect(parseError('007').message).toContain('without leading zeros');
    expect(parseError('[1, 2j]').message).toContain('complex numbers are not supported');
  });
});

describe('parsePythonLiteral: strings', () => {
  it('reads single, double and triple quotes', () => {
    expect(parsePythonLiteral(`['a', "b", '''c'd''', """e"f\nline"""]`)).toEqual([
      'a',
      'b',
      "c'd",
      'e"f\nline',
    ]);
  });

  it('decodes every escape repr() can write', () => {
    const text = String.raw`'\n\t\r\\\'\"\a\b\f\v\x41\u00e9\U0001F600\101\0\7'`;
    expect(parsePythonLiteral(text)).toBe('\n\t\r\\\'"\x07\b\f\vAé😀A\0\x07');
  });

  it('keeps unknown escapes as backslash + character, like Python', () => {
    expect(parsePythonLiteral(String.raw`'\d\w\.'`)).toBe('\\d\\w\\.');
  });

  it('joins lines ended by a backslash inside a string', () => {
    expect(parsePythonLiteral("'ab\\\ncd'")).toBe('abcd');
    expect(parsePythonLiteral("'''ab\\\r\ncd'''")).toBe('abcd');
  });

  it('normalizes raw newlines in triple-quoted strings, as Python source reading does', () => {
    expect(parsePythonLiteral("'''a\r\nb\rc'''")).toBe('a\nb\nc');
  });

  it('handles r, u and b prefixes in any case', () => {
    expect(parsePythonLiteral(String.raw`[r'\n', R"\'", u'\x41', U'x', rb'\x00', BR'\\']`)).toEqual(
      [
        '\\n',
        "\\'",
        'A',
        'x',
        new Uint8Array([0x5c, 0x78, 0x30, 0x30]),
        new Uint8Array([0x5c, 0x5c]),
      ],
    );
    expect(parsePythonLiteral(String.raw`b'\x00\xff\u1234\101'`)).toEqual(
      new Uint8Array([0, 255, ...Array.from('\\u1234', (c) => c.charCodeAt(0)), 65]),
    );
  });

  it('concatenates adjacent strings, across lines', () => {
    expect(parsePythonLiteral(`['a' "b" '''c''', ('x'\n 'y')]`)).toEqual(['abc', 'xy']);
    expect(parseError(`'a' b'b'`).message).toContain(
      'cannot concatenate a bytes literal and a str',
    );
  });

  it('keeps emoji, joiners and non-BMP characters intact', () => {
    expect(parsePythonLiteral("'keyboard 🚶\\u200d♀️ \\r\\n'")).toBe('keyboard 🚶\u200d♀️ \r\n');
  });
});

describe('parsePythonLiteral: cells from the official CSVs', () => {
  it('reads a prompt cell: a list of message dicts with escaped quotes and CRLF', () => {
    const cell =
      "[{'content': 'You have been tasked with fixing the following issue:\\n\\n[$1000] Can\\'t " +
      "save \"Home\" address\\r\\n## Action Performed:\\r\\n1. go to Settings', 'role': 'user'}, " +
      "{'content': '\\n\\nYou will be provided with a user tool, \"bash -i -c \\'user-tool\\'\"', 'role': 'user'}]";
    expect(parsePythonLiteral(cell)).toEqual([
      {
        content:
          'You have been tasked with fixing the following issue:\n\n[$1000] Can\'t save "Home" address\r\n## Action Performed:\r\n1. go to Settings',
        role: 'user',
      },
      {
        content: '\n\nYou will be provided with a user tool, "bash -i -c \'user-tool\'"',
        role: 'user',
      },
    ]);
  });

  it('reads a manager_data cell: nested game dict, ints, bools and a regex full of \\\\x', () => {
    const cell =
      "{'game': {'correct_proposal_scraped_beforehand': False, 'all_formal_proposals': " +
      "[{'id': 0, 'content': 'use `/^(?:\\\\x22?\\\\x5C[\\\\x00-\\\\x7E]\\\\x22?)$/`'}, " +
      "{'id': 1, 'content': \"it's `\\\\u063a`\"}], 'correct_proposal': {'id': 1, " +
      "'explanation': None}}, 'price': 8000.0, 'title': '[Paid] [$8000] zip'}";
    expect(parsePythonLiteral(cell)).toEqual({
      game: {
        correct_proposal_scraped_beforehand: false,
        all_formal_proposals: [
          { id: 0, content: 'use `/^(?:\\x22?\\x5C[\\x00-\\x7E]\\x22?)$/`' },
          { id: 1, content: "it's `\\u063a`" },
        ],
        correct_proposal: { id: 1, explanation: null },
      },
      price: 8000,
      title: '[Paid] [$8000] zip',
    });
  });

  it('reads an acceptable_folders cell', () => {
    expect(parsePythonLiteral("['12155', '12155_1']")).toEqual(['12155', '12155_1']);
  });
});

describe('parsePythonLiteral: errors say where and what was expected', () => {
  it('reports line and column of a missing comma', () => {
    const error = parseError("{'a': 1,\n 'b': 2\n 'c': 3}");
    expect(error.line).toBe(3);
    expect(error.column).toBe(2);
    expect(error.message).toBe(
      'Python literal, line 3 column 2: expected "," or "}", found a string',
    );
  });

  it('reports an unterminated string at its start', () => {
    const error = parseError("['ok', 'never closed]");
    expect(error.offset).toBe(7);
    expect(error.message).toContain("unterminated string: expected a closing '");
  });

  it('rejects a newline inside a single-quoted string', () => {
    expect(parseError("'a\nb'").message).toContain('only triple-quoted strings span lines');
  });

  it('rejects names that are not constants, and calls', () => {
    expect(parseError('[true]').message).toContain('found the name true');
    expect(parseError('set([1])').message).toContain('found the name set');
  });

  it('rejects f-strings and unknown prefixes', () => {
    expect(parseError("f'{x}'").message).toContain('f-strings are expressions, not literals');
    expect(parseError("ub'x'").message).toContain('valid prefixes are r, u, b, br and rb');
    expect(parseError("[role'x']").message).toContain('found the name role');
  });

  it('rejects truncated and out-of-range escapes', () => {
    expect(parseError(String.raw`'\x4'`).message).toContain('expected 2 hex digits after "\\x"');
    expect(parseError(String.raw`'\U00110000'`).message).toContain('up to 10FFFF');
    expect(parseError(String.raw`'\N{DASH}'`).message).toContain('named escapes');
  });

  it('rejects trailing text, empty text and a lone sign', () => {
    expect(parseError('[1] [2]').message).toContain('expected the end of the text, found "["');
    expect(parseError('   ').message).toContain('expected a value, found the end of the text');
    expect(parseError('-').message).toContain('expected a number after "-"');
    expect(parseError("-'a'").message).toContain('expected a number after "-", found a string');
  });

  it('rejects unhashable dict keys and missing colons', () => {
    expect(parseError('{[1]: 2}').message).toContain('expected a dict key that is a str');
    expect(parseError("{'a': 1, 'b'}").message).toContain('expected ":"');
  });

  it('bounds nesting instead of overflowing the stack', () => {
    expect(parsePythonLiteral(`${'['.repeat(200)}${']'.repeat(200)}`)).toBeInstanceOf(Array);
    expect(parseError('['.repeat(100_000)).message).toContain(
      'expected at most 200 levels of nesting',
    );
  });

  it('rejects non-ASCII characters in bytes', () => {
    expect(parseError("b'é'").message).toContain('only ASCII characters in a bytes literal');
  });
});
