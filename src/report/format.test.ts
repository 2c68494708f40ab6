import { describe, expect, it } from 'vitest';
import { pct, pctInterval, pts, usd, usdDelta, usdInterval, usdRange, usdRatio } from './format.ts';

describe('number formats', () => {
  it('shows dollars with cents only when there are cents', () => {
    expect(usd(202_000)).toBe('$202,000');
    expect(usd(1000 / 3)).toBe('$333.33');
    expect(usd(0.42)).toBe('$0.42');
    expect(usd(-1166.666)).toBe('−$1,166.67');
    expect(usdDelta(1500)).toBe('+$1,500');
    expect(usdDelta(-20)).toBe('−$20');
    expect(usdRatio(0.00006)).toBe('$0.00006');
    expect(usdRatio(2.5)).toBe('$2.50');
  });

  it('shows rates with one decimal and a dash for nothing', () => {
    expect(pct(4 / 9)).toBe('44.4%');
    expect(pct(null)).toBe('–');
    expect(pts(1 / 9)).toBe('+11.1 pts');
    expect(pts(-0.5)).toBe('−50.0 pts');
  });

  it('labels intervals with their coverage', () => {
    expect(pctInterval({ estimate: 0.5, low: 0.25, high: 0.75 }, 0.95)).toBe('[95% CI 25.0–75.0%]');
    expect(usdInterval({ estimate: 10, low: 0, high: 20 }, 0.9)).toBe('[90% CI $0–$20]');
    expect(pctInterval(null, 0.95)).toBe('–');
  });

  it('shows dollar intervals in whole dollars, with "to" around negative bounds', () => {
    expect(usdRange({ estimate: 20_000, low: 6935.62, high: 44_914.25 })).toBe('$6,936–$44,914');
    expect(usdRange({ estimate: -100, low: -1200.4, high: 300.2 })).toBe('−$1,200 to +$300');
    expect(usdRange(null)).toBe('–');
  });
});
