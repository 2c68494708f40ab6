import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { convertMinor, exchangeRate, formatMoney, parseAmount, toDecimalString } from './money.ts';

describe('parseAmount', () => {
  it('reads dollars and cents into integer cents', () => {
    assert.deepEqual(parseAmount('12.34', 'USD'), { ok: true, minor: 1234, error: '' });
    assert.equal(parseAmount('12.3', 'USD').minor, 1230);
    assert.equal(parseAmount('1,234.50', 'USD').minor, 123450);
    assert.equal(parseAmount(' $7 ', 'USD').minor, 700);
  });

  it('avoids floating point drift', () => {
    assert.equal(parseAmount('0.29', 'USD').minor, 29);
    assert.equal(parseAmount('1.15', 'USD').minor, 115);
  });

  it('rejects too many decimals, and any decimals for yen', () => {
    assert.equal(parseAmount('1.234', 'USD').ok, false);
    assert.equal(parseAmount('1.5', 'JPY').error, 'JPY amounts cannot have decimals');
    assert.equal(parseAmount('1500', 'JPY').minor, 1500);
  });

  it('rejects text that is not a number', () => {
    assert.equal(parseAmount('', 'USD').error, 'Enter an amount');
    assert.equal(parseAmount('12,34', 'USD').ok, false);
    assert.equal(parseAmount('abc', 'USD').ok, false);
  });
});

describe('formatting', () => {
  it('formats by the currency minor units', () => {
    assert.equal(formatMoney(123456, 'USD'), '$1,234.56');
    assert.equal(formatMoney(14170, 'JPY'), '¥14,170');
    assert.equal(formatMoney(-500, 'EUR'), '-€5.00');
  });

  it('writes plain decimals for inputs and CSV', () => {
    assert.equal(toDecimalString(5, 'USD'), '0.05');
    assert.equal(toDecimalString(-1234, 'USD'), '-12.34');
    assert.equal(toDecimalString(2380, 'JPY'), '2380');
  });
});

describe('convertMinor', () => {
  it('is the identity for the same currency', () => {
    assert.equal(convertMinor(999, 'USD', 'USD'), 999);
  });

  it('converts through the reference rates with half-up rounding', () => {
    assert.equal(convertMinor(64000, 'GBP', 'USD'), 81013);
    assert.equal(convertMinor(14170, 'JPY', 'USD'), 9478);
    assert.equal(convertMinor(10000, 'USD', 'JPY'), 14950);
  });

  it('keeps large amounts exact', () => {
    assert.equal(convertMinor(900_000_000_000, 'INR', 'USD'), 10_817_307_692);
  });

  it('describes the rate it applies', () => {
    assert.equal(exchangeRate('USD', 'EUR'), '0.920000');
    assert.equal(exchangeRate('EUR', 'EUR'), '1.000000');
  });
});
