/** One entry point for every task source: a native suite folder or an official CSV file. */

import { stat } from 'node:fs/promises';
import path from 'node:path';
import { InputError } from '../errors.ts';
import { kindOf } from './files.ts';
import {
  checkNativeSuite,
  loadNativeSuite,
  SUITE_MANIFEST,
  type SuiteCheck,
} from './native-suite.ts';
import { checkSwelancerCsv, loadSwelancerCsv } from './swelancer-csv.ts';
import type { Suite } from './types.ts';

const ACCEPTED = `a suite folder (with a ${SUITE_MANIFEST}), its ${SUITE_MANIFEST}, or an official SWE-Lancer .csv file (e.g. swelancer_tasks_lite.csv)`;

export type SourceKind = 'native' | 'swelancer-csv';

/**
 * Loads every task of a source, or throws: `SuiteInvalidError` listing each problem found,
 * or `InputError` when the source is not something tasks can be loaded from.
 */
export async function loadSuite(source: string): Promise<Suite> {
  const { kind, location } = await detectSource(source);
  return kind === 'native' ? loadNativeSuite(location) : loadSwelancerCsv(location);
}

/**
 * Loads what it can and returns every problem instead of throwing on them (for
 * `swelancer tasks validate`). Still throws `InputError` for a source of the wrong kind.
 */
export async function checkSuite(source: string): Promise<SuiteCheck> {
  const { kind, location } = await detectSource(source);
  return kind === 'native' ? checkNativeSuite(location) : checkSwelancerCsv(location);
}

/** Decides how to read `source`; `location` is the folder or file to hand to the loader. */
export async function detectSource(
  source: string,
): Promise<{ kind: SourceKind; location: string }> {
  const info = await stat(source).catch(() => undefined);
  if (!info) {
    throw new InputError('INPUT_INVALID', `${source}: expected ${ACCEPTED}, found nothing there`, {
      location: source,
    });
  }
  if (info.isDirectory()) {
    const manifest = await stat(path.join(source, SUITE_MANIFEST)).catch(() => undefined);
    if (manifest?.isFile()) return { kind: 'native', location: source };
    throw new InputError(
      'INPUT_INVALID',
      `${source}: expected ${ACCEPTED}, found a folder without ${SUITE_MANIFEST}`,
      { location: source },
    );
  }
  // Never hand on a named pipe or a device: reading one would wait forever or never end.
  if (!info.isFile()) {
    throw new InputError(
      'INPUT_INVALID',
      `${source}: expected ${ACCEPTED}, found ${kindOf(info)}`,
      { location: source },
    );
  }
  if (path.basename(source) === SUITE_MANIFEST) {
    return { kind: 'native', location: path.dirname(source) };
  }
  if (path.extname(source).toLowerCase() === '.csv') {
    return { kind: 'swelancer-csv', location: source };
  }
  throw new InputError(
    'INPUT_INVALID',
    `${source}: expected ${ACCEPTED}, found another kind of file`,
    {
      location: source,
    },
  );
}
