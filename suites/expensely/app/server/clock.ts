/**
 * The one source of "now". Tests and the seeded demo pin it with FIXED_NOW so that dates such
 * as "today" and session expiry do not depend on the machine's clock.
 */
export interface Clock {
  now(): Date;
  /** Today's calendar date in UTC, YYYY-MM-DD. */
  today(): string;
  iso(): string;
}

export function systemClock(): Clock {
  return fromFunction(() => new Date());
}

export function fixedClock(at: string | Date): Clock {
  const time = new Date(at).getTime();
  if (Number.isNaN(time)) throw new Error(`Invalid fixed time: ${String(at)}`);
  return fromFunction(() => new Date(time));
}

function fromFunction(now: () => Date): Clock {
  return {
    now,
    today: () => now().toISOString().slice(0, 10),
    iso: () => now().toISOString(),
  };
}
