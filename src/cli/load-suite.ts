import type { Suite } from '../task/types.ts';

/**
 * A run's suite, with its categories file applied. Loaded on use so `--help` stays fast;
 * the loaders parse CSV and schemas.
 */
export async function loadRunSuite(source: string, categories: string | undefined): Promise<Suite> {
  const suite = await (await import('../task/index.ts')).loadSuite(source);
  if (categories === undefined) return suite;
  const { applyCategories, readCategoriesFile } = await import('../task/categories-file.ts');
  const labels = await readCategoriesFile(categories);
  return { ...suite, tasks: applyCategories(suite.tasks, labels, categories) };
}
