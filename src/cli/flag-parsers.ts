/** Commander argument parsers shared by commands; a thrown InvalidArgumentError exits 2. */
import { InvalidArgumentError } from '@commander-js/extra-typings';
import { InputError } from '../errors.ts';

/** A repeatable flag: `--tag a --tag b` → `['a', 'b']`. */
export function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

/** A repeatable flag limited to `choices`; an unknown value names the accepted ones. */
export function collectChoice<T extends string>(choices: readonly T[]) {
  return (value: string, previous: T[] | undefined): T[] => {
    if (!(choices as readonly string[]).includes(value)) {
      throw new InvalidArgumentError(`expected one of ${choices.join(', ')}`);
    }
    return [...(previous ?? []), value as T];
  };
}

/** A dollar amount, 0 or more; `1000`, `1,000` and `$1000` are the same. */
export function dollars(value: string): number {
  const amount = Number(value.replaceAll(',', '').replace(/^\$/, ''));
  if (value.trim() === '' || !Number.isFinite(amount) || amount < 0) {
    throw new InvalidArgumentError('expected a number of dollars, 0 or more (e.g. 1000)');
  }
  return amount;
}

/** The sandbox registry, once `--sandbox <name>` is checked to name a provider in it. */
export async function sandboxRegistryFor(name: string) {
  const registry = await import('../sandbox/registry.ts');
  if (!registry.sandboxNames().includes(name)) {
    throw new InputError(
      'FLAG_INVALID',
      `--sandbox ${name}: expected one of ${registry.sandboxNames().join(', ')}`,
      { location: '--sandbox' },
    );
  }
  return registry;
}
