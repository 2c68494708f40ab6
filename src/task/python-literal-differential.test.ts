/**
 * Differential test: Python writes random values with repr(), we parse them, and the result
 * must equal what Python's own json.dumps says those values are. Needs python3 on PATH.
 */
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { parsePythonLiteral } from './python-literal.ts';

const GENERATOR = String.raw`
import json, random
random.seed(20250219)
CHARS = ['a', 'Z', ' ', "'", '"', '\\', '\n', '\r', '\t', '\x00', '\x07', '\x1b', '\x7f',
         '\x85', '\xa0', '\xe9', '\u200b', '\u200d', '\u2028', '\ufeff', '\ud800', '\U0001f600',
         '\U000e0001', '{', '}', '[', ']', ',', ':', '#', '\u00e8\u0301']
def text():
    return ''.join(random.choice(CHARS) for _ in range(random.randint(0, 12)))
def value(depth):
    kind = random.randint(0, 8 if depth < 4 else 4)
    if kind == 0: return text()
    if kind == 1: return random.randint(-2**53 + 1, 2**53 - 1)
    if kind == 2: return random.choice([0.0, -0.5, 1e-7, 3.14159, 1e22, 2.5e-300, 123456.789])
    if kind == 3: return random.choice([True, False, None])
    if kind == 4: return random.randint(-10, 10)
    if kind in (5, 6): return [value(depth + 1) for _ in range(random.randint(0, 4))]
    if kind == 7: return tuple(value(depth + 1) for _ in range(random.randint(0, 4)))
    return {text(): value(depth + 1) for _ in range(random.randint(0, 4))}
for _ in range(400):
    v = value(0)
    print(json.dumps([repr(v), json.dumps(v)]))
`;

const python = await execa('python3', ['-c', GENERATOR], { reject: false });
const available = python.exitCode === 0;
if (!available) {
  console.warn(
    `skipping the differential test: python3 is not available (${python.stderr || python.message})`,
  );
}

describe.skipIf(!available)('parsePythonLiteral against Python itself', () => {
  it('reads 400 random repr() outputs exactly as Python values', () => {
    const pairs = python.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as [string, string]);
    expect(pairs).toHaveLength(400);
    for (const [repr, json] of pairs) {
      expect(parsePythonLiteral(repr), repr).toEqual(JSON.parse(json));
    }
  });
});
