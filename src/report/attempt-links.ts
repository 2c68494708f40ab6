/**
 * Where an HTML report's attempt pages live, relative to the report file: the index links
 * to them and `report --format html --out <file>` writes them beside the file, so a report
 * folder can be moved or attached as a whole.
 */

/** The folder of attempt pages, beside the index. */
export const ATTEMPT_PAGES_DIR = 'attempts';

/** The attempt page of `key`, relative to the index (keys are hex digests: safe in a URL). */
export function attemptPageHref(key: string): string {
  return `${ATTEMPT_PAGES_DIR}/${key}.html`;
}
