import { describe, expect, it } from 'vitest';
import { pandasPrice } from './swelancer-official-prompt.ts';

describe('pandasPrice', () => {
  it('prints a float column as Python does and an integer column without a decimal point', () => {
    expect(pandasPrice(1000, true)).toBe('1000.0');
    expect(pandasPrice(62.5, true)).toBe('62.5');
    expect(pandasPrice(1000, false)).toBe('1000');
  });
});
