import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { HOLDOUT_CSV as HOLDOUT, LITE_CSV as LITE } from '../../test/support/official-data.ts';
import { SuiteInvalidError } from './problems.ts';
import { checkSwelancerCsv, loadSwelancerCsv } from './swelancer-csv.ts';
import { cleanTitle, extractIssue } from './swelancer-prompt.ts';
import type { IcTask, ManagerTask, Suite, Task } from './types.ts';

const haveData = existsSync(LITE) && existsSync(HOLDOUT);
if (!haveData) {
  console.warn(
    `skipping the official CSV tests: ${LITE} or ${HOLDOUT} is missing (set SWELANCER_DATA_DIR)`,
  );
}
let liteSuite: Promise<Suite> | undefined;
/** Parsed once for the whole file: the lite CSV is 4 MB of Python literals. */
const lite = () => {
  liteSuite ??= loadSwelancerCsv(LITE);
  return liteSuite;
};
const csvFixtures = path.resolve(
  import.meta.dirname,
  '..',
  '..',
  'test',
  'fixtures',
  'suites',
  'csv',
);

function totals(tasks: readonly Task[]) {
  const out: Record<string, { tasks: number; usd: number }> = {};
  for (const task of tasks) {
    const entry = out[task.kind] ?? { tasks: 0, usd: 0 };
    out[task.kind] = entry;
    entry.tasks += 1;
    entry.usd += task.price;
  }
  return out;
}

describe.skipIf(!haveData)('official CSVs', () => {
  it('loads every row of the lite CSV: 61 IC tasks ($175,000) and 113 manager tasks ($202,000)', async () => {
    const suite = await lite();
    expect(suite.tasks).toHaveLength(174);
    expect(totals(suite.tasks)).toEqual({
      ic_swe: { tasks: 61, usd: 175_000 },
      swe_manager: { tasks: 113, usd: 202_000 },
    });
    expect(suite.name).toBe('swelancer_tasks_lite');
    expect(suite.version).toBe('sha256:28ca406aa019');
    expect(new Set(suite.tasks.map((t) => t.contentHash)).size).toBe(174);
  });

  it('reads 14958-manager-0: six proposals, correct id 1, authors, rationale and the issue', async () => {
    const suite = await lite();
    const task = suite.tasks.find((t) => t.id === '14958-manager-0') as ManagerTask;
    expect(task.kind).toBe('swe_manager');
    expect(task.price).toBe(8000);
    expect(task.title).toBe(
      'zip /postcode validation error message not displayed for entering `,` on the Home address screen',
    );
    expect(task.proposals.map((p) => p.id)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(task.correctProposalId).toBe(1);
    expect(task.proposals[1]?.author).toBe('Prince-Mendiratta');
    expect(task.proposals[1]?.text).toContain('ValidationUtils');
    expect(task.rationale).toContain('Prince-Mendiratta');
    expect(task.issue).toMatch(/^If you haven’t already/);
    expect(task.issue).toContain('## Expected Result:\r\nit should show validation error message');
    expect(task.issue).not.toContain('You will be paid');
    expect(task.tags).toEqual(['swelancer', 'swelancer-lite', 'hard']);
    expect(task.source).toEqual({ type: 'swelancer-csv', file: LITE, row: 64 });
  });

  it('loads IC rows as tasks of their official image, with the issue from the prompt', async () => {
    const suite = await lite();
    const task = suite.tasks.find((t) => t.id === '14958') as IcTask;
    expect(task.ic).toEqual({ runnable: 'official-image', questionId: '14958' });
    expect(task.price).toBe(8000);
    expect(task.issue).not.toContain('The reward for the correct fix');
  });

  it('loads the holdout CSV (106 IC tasks, $35,300), tagging hard tasks above $300', async () => {
    const suite = await loadSwelancerCsv(HOLDOUT);
    expect(totals(suite.tasks)).toEqual({ ic_swe: { tasks: 106, usd: 35_300 } });
    const hard = suite.tasks.filter((t) => t.tags.includes('hard'));
    expect(hard.map((t) => t.price).sort((a, b) => a - b)).toEqual([
      500, 500, 500, 500, 500, 500, 8000,
    ]);
    expect(
      suite.tasks.every((t) => t.tags.includes('swelancer') && !t.tags.includes('swelancer-lite')),
    ).toBe(true);
  });
});

describe('bad rows', () => {
  it('names file, row and column for each bad row and keeps the good rows', async () => {
    const file = path.join(csvFixtures, 'bad-rows.csv');
    const { suite, problems } = await checkSwelancerCsv(file);
    expect(problems.map((p) => [p.row, p.field])).toEqual([
      [4, 'price'],
      [5, 'variant'],
      [6, 'prompt'],
      [7, 'manager_data.game.correct_proposal.id'],
      [8, undefined],
      [9, 'question_id'],
      [10, 'manager_data.game.correct_proposal'],
    ]);
    expect(problems.map((p) => p.message)).toEqual([
      `${file} row 4, field "price": expected a positive number of US dollars, found "abc"`,
      `${file} row 5, field "variant": expected one of "ic_swe", "swe_manager", found "ic"`,
      `${file} row 6, field "prompt": expected a Python literal; at line 1 column 42 of the cell: unterminated string: expected a closing '`,
      `${file} row 7, field "manager_data.game.correct_proposal.id": expected one of the proposal ids (0, 1), found 5`,
      `${file} row 8: expected 9 columns as in the header, found 3`,
      `${file} row 9, field "question_id": duplicate question_id "100" (also in row 3)`,
      `${file} row 10, field "manager_data.game.correct_proposal": expected an object, found nothing (the field is missing)`,
    ]);
    expect(suite?.tasks.map((t) => t.id)).toEqual(['100-manager-0', '100']);
  });

  it('throws a CSV_INVALID error from loadSwelancerCsv', async () => {
    const error = await loadSwelancerCsv(path.join(csvFixtures, 'bad-rows.csv')).catch((e) => e);
    expect(error).toBeInstanceOf(SuiteInvalidError);
    expect(error.code).toBe('CSV_INVALID');
    expect(error.problems).toHaveLength(7);
  });

  it('reads a small well-formed file: titles cleaned, authors matched, tags by price', async () => {
    const suite = await loadSwelancerCsv(path.join(csvFixtures, 'good.csv'));
    const [manager, ic] = suite.tasks as [ManagerTask, IcTask];
    expect(manager.title).toBe('Zip code error is missing');
    expect(manager.proposals.map((p) => p.author)).toEqual([undefined, 'ana', undefined]);
    expect(manager.proposals[0]?.text).toBe("Proposal 0: it's the `\\x22` regex");
    expect(manager.tags).toEqual(['swelancer', 'hard']);
    expect(ic.title).toBe('Zip code error is missing');
    expect(ic.issue).toBe('Steps:\n1. Type ,');
    expect(ic.tags).toEqual(['swelancer']);
  });

  it('rejects unreadable CSV and other layouts as a whole', async () => {
    const unclosed = await checkSwelancerCsv(path.join(csvFixtures, 'unclosed-quote.csv'));
    expect(unclosed.suite).toBeUndefined();
    expect(unclosed.problems[0]?.message).toContain('expected valid CSV: Quote Not Closed');
    const newer = await checkSwelancerCsv(path.join(csvFixtures, 'newer-layout.csv'));
    expect(newer.problems[0]?.message).toContain(
      'row 1: expected the header of an official SWE-Lancer CSV, with the columns of ' +
        'swelancer_tasks.csv or swelancer_tasks_lite.csv: question_id, variant, price, prompt; ' +
        'or all_swelancer_tasks.csv: question_id, variant, price, manager_data, manager_commit, ' +
        'acceptable_folders, set, title, description, proposals, found "question_id,variant,price,title,description,proposals,set"',
    );
  });
});

describe('prompt reading', () => {
  it('splits title and body between the fixed sentences', () => {
    const content =
      'You are an expert… You have been tasked with fixing the following issue:\n\n' +
      '[$250] Title here\n\nBody line\n\nThe reward for the correct fix is $250.0. Go.';
    expect(extractIssue(content, 'ic_swe')).toEqual({
      ok: true,
      title: 'Title here',
      issue: 'Body line',
    });
    expect(extractIssue(content, 'swe_manager')).toMatchObject({ ok: false });
    expect(extractIssue('no marker', 'ic_swe')).toMatchObject({ ok: false });
  });

  it('drops leading tracker tags from titles but never empties them', () => {
    expect(cleanTitle('[HOLD for payment 2023-06-01] [$1000] Show avatars')).toBe('Show avatars');
    expect(cleanTitle('Web - [Expensify Card] issue')).toBe('Web - [Expensify Card] issue');
    expect(cleanTitle('[Tracking]')).toBe('[Tracking]');
  });
});

describe('all_swelancer_tasks.csv layout', () => {
  const file = path.join(csvFixtures, 'all', 'all_swelancer_tasks.csv');
  const sha = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

  it('loads IC rows as the lite CSV does and manager rows with their commit and split', async () => {
    const suite = await loadSwelancerCsv(file);
    const [ic, diamond, nondiamond] = suite.tasks as [IcTask, ManagerTask, ManagerTask];
    expect(ic).toMatchObject({
      id: '16912_4',
      kind: 'ic_swe',
      price: 1000,
      title: 'Zip hint differs between pages',
      split: 'diamond',
      tags: ['swelancer', 'swelancer-all', 'hard', 'diamond'],
      ic: { runnable: 'official-image', questionId: '16912_4' },
    });
    // The harness's own prompt reads the issue as written, escapes decoded, no mojibake.
    expect(ic.issue).toMatch(/^If you haven’t already, read the guide\.\n___\n/);
    expect(diamond).toMatchObject({
      title: 'Totals stay at zero',
      managerCommit: 'COMMIT_A',
      correctProposalId: 1,
      split: 'diamond',
    });
    expect(diamond.proposals.map((p) => [p.id, p.author])).toEqual([
      [0, undefined],
      [1, 'ana'],
    ]);
    expect(nondiamond).toMatchObject({ split: 'nondiamond', correctProposalId: 0 });
    expect(nondiamond.tags).toEqual(['swelancer', 'swelancer-all', 'nondiamond']);
  });

  it("builds the official harness's one-message prompt byte for byte (mojibake and 1000.0 included)", async () => {
    const suite = await loadSwelancerCsv(file);
    // sha256 of construct_task_prompt(...) run by the official Python code on these rows.
    const expected: Record<string, string> = {
      '16912_4': '79752c968ea97c146c5c5a153b650b3f58479b3b36a9fbcdb9d7713b1348dcc0',
      '7001-manager-0': '3209f0469dbe9f58fcb2d1a4f91644c867f87e5b58e2fcee89a9ba45102a9343',
      '7002-manager-0': '4080c93a6b14563921b3637efa4ce3183c7c38a848813d872db92c5143b81acd',
    };
    for (const task of suite.tasks) {
      const prompt = task.datasetPrompt;
      if (!prompt?.available) throw new Error(`no dataset prompt for ${task.id}`);
      expect(prompt.messages).toHaveLength(1);
      expect(prompt.messages[0]?.role).toBe('user');
      expect(sha(prompt.messages[0]?.content ?? ''), task.id).toBe(expected[task.id]);
    }
    const manager = suite.tasks[1]?.datasetPrompt;
    const text = manager?.available ? (manager.messages[0]?.content ?? '') : '';
    expect(text).toContain(
      'Edit the total â\x80\x93 it stays â\x82¬0\n\nExpected: {total} updates',
    );
    expect(text).toContain('You will be paid 2000.0 if your team fixes the issue.');
  });

  it('keeps the prompt column of the lite layout as the dataset prompt', async () => {
    const suite = await loadSwelancerCsv(path.join(csvFixtures, 'good.csv'));
    const [manager] = suite.tasks;
    expect(manager?.split).toBeUndefined();
    expect(manager?.datasetPrompt).toMatchObject({ available: true });
    const messages = manager?.datasetPrompt?.available ? manager.datasetPrompt.messages : [];
    expect(messages[0]?.content).toContain('You will be paid $');
  });
});
