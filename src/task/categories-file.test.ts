import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { managerTask } from '../../test/run-helpers.ts';
import { applyCategories, readCategoriesFile } from './categories-file.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'swl-categories-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, text: string): string {
  const out = path.join(dir, name);
  writeFileSync(out, text);
  return out;
}

describe('categories mapping file', () => {
  it("reads slugs and the paper's names, several categories, and an optional nature", async () => {
    const labels = await readCategoriesFile(
      file(
        'ok.csv',
        'question_id,category,nature\n' +
          '1-manager-0,UI/UX,Bug Fixes\n' +
          '2-manager-0,application_logic; server_side_logic,\n' +
          '99,ui_ux,new_feature\n',
      ),
    );
    const tasks = applyCategories(
      [managerTask('1-manager-0', 1000, 2, 0), managerTask('2-manager-0', 500, 2, 1)],
      labels,
      'ok.csv',
    );
    expect(tasks.map((t) => [t.categories, t.nature])).toEqual([
      [['ui_ux'], 'bug_fix'],
      [['application_logic', 'server_side_logic'], 'bug_fix'],
    ]);
  });

  it('names the file, row and field of every bad row', async () => {
    const bad = file(
      'bad.csv',
      'question_id,category,nature\n1,frontend,bug_fix\n1,ui_ux,\n2,,\n3,ui_ux,bug_fix;new_feature\n',
    );
    const error = await readCategoriesFile(bad).catch(
      (e: Error & { problems: { message: string }[] }) => e,
    );
    const messages = (error as { problems: { message: string }[] }).problems.map((p) => p.message);
    expect(messages[0]).toBe(
      `${bad} row 2, field "category": expected one of application_logic ("Application Logic (Client-Side)"), ui_ux ("UI/UX"), server_side_logic ("Server-Side Logic"), system_quality ("System-Wide Quality and Reliability Tasks"), found "frontend"`,
    );
    expect(messages.slice(1)).toEqual([
      `${bad} row 3, field "question_id": expected each task once, found "1" again`,
      `${bad} row 4, field "category": expected at least one category, found nothing`,
      `${bad} row 5, field "nature": expected one nature of work, found several`,
    ]);
  });

  it('refuses a header without the columns and a file that names no task of the suite', async () => {
    await expect(readCategoriesFile(file('h.csv', 'id,cat\n1,ui_ux\n'))).rejects.toThrow(
      'expected a header with the columns question_id,category and optionally nature, found "id,cat"',
    );
    const labels = await readCategoriesFile(file('other.csv', 'question_id,category\n7,ui_ux\n'));
    expect(() => applyCategories([managerTask('1', 1, 2, 0)], labels, 'other.csv')).toThrow(
      "--categories other.csv: expected question_ids of the suite's tasks, found none of them (the file has 1, e.g. 7)",
    );
  });
});
