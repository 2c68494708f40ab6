import { fileURLToPath } from 'node:url';

/**
 * The official SWE-Lancer CSVs are data, not part of the repository: they sit in
 * `shared/data/swelancer` beside the checkout. `SWELANCER_DATA_DIR` points elsewhere.
 */
export const OFFICIAL_DATA_DIR =
  process.env.SWELANCER_DATA_DIR ??
  fileURLToPath(new URL('../../../shared/data/swelancer', import.meta.url));

export const LITE_CSV = `${OFFICIAL_DATA_DIR}/swelancer_tasks_lite.csv`;
export const HOLDOUT_CSV = `${OFFICIAL_DATA_DIR}/holdout-2025-02-19/swelancer_tasks.csv`;
