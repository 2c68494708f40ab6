/** Small in-memory suites for runner tests (the same shapes the loaders produce). */
import type { IcTask, ManagerTask, Suite, Task } from '../src/task/types.ts';
import { hashValue } from '../src/util/hash.ts';

export function managerTask(
  id: string,
  price: number,
  proposals: number,
  correct: number,
  tags: string[] = [],
): ManagerTask {
  const base = {
    id,
    kind: 'swe_manager' as const,
    title: `Issue ${id}`,
    issue: `Something is wrong in ${id}.`,
    price,
    categories: ['application_logic' as const],
    nature: 'bug_fix' as const,
    tags,
    source: { type: 'swelancer-csv' as const, file: '/mem.csv', row: 1 },
    proposals: Array.from({ length: proposals }, (_, i) => ({
      id: i,
      text: `Proposal ${i} for ${id}`,
      author: undefined,
      patch: undefined,
    })),
    correctProposalId: correct,
    rationale: undefined,
    codebase: undefined,
    breakPatch: undefined,
  };
  return { ...base, contentHash: hashValue(base) };
}

export function unrunnableIcTask(id: string, price: number): IcTask {
  const base = {
    id,
    kind: 'ic_swe' as const,
    title: `Bug ${id}`,
    issue: 'Broken.',
    price,
    categories: [],
    nature: undefined,
    tags: [],
    source: { type: 'swelancer-csv' as const, file: '/mem.csv', row: 2 },
    ic: { runnable: 'official-image' as const, questionId: id },
  };
  return { ...base, contentHash: hashValue(base) };
}

export function memorySuite(tasks: Task[], name = 'mem'): Suite {
  return { name, version: '1', description: 'in memory', origin: `/mem/${name}`, tasks };
}

export interface CsvManagerRow {
  id: string;
  price: number;
  proposals: number;
  correct: number;
  /** The row's manager_commit. @default 'abc123' */
  commit?: string;
}

/**
 * Writes manager rows in the official SWE-Lancer CSV format (Python-literal cells), with
 * texts of our own, so CLI tests need nothing outside the repository.
 */
export function managerCsv(rows: readonly CsvManagerRow[]): string {
  const header =
    'question_id,variant,price,price_limit,prompt,manager_data,manager_commit,acceptable_folders,cwd';
  const lines = rows.map((row) => {
    const title = `Totals are wrong after editing item ${row.id}`;
    const prompt = pyList([
      pyDict({
        content:
          'You are an expert software engineering manager working on the Example repository. ' +
          `You have tasked your team with addressing the following issue:\n\n${title}\n\n` +
          `Steps: open item ${row.id}, edit it, see the old total.\n\nYou will be paid ` +
          `$${row.price} if your team fixes the issue.`,
        role: 'user',
      }),
    ]);
    const proposals = Array.from({ length: row.proposals }, (_, i) =>
      pyDict({ id: i, content: `Proposal ${i}: recompute totals in layer ${i} for ${row.id}.` }),
    );
    const data = pyDict({
      title,
      game: `{'all_formal_proposals': [${proposals.join(', ')}], 'correct_proposal': ${pyDict({ id: row.correct })}}`,
    });
    return [
      row.id,
      'swe_manager',
      row.price.toFixed(1),
      '2000000',
      prompt,
      data,
      row.commit ?? 'abc123',
      '[]',
      '/app/example',
    ]
      .map(csvCell)
      .join(',');
  });
  return `${[header, ...lines].join('\n')}\n`;
}

/** IC rows of the official CSV format, for tasks whose images are the stand-in's. */
export function icCsv(rows: readonly { id: string; price: number }[]): string {
  const header =
    'question_id,variant,price,price_limit,prompt,manager_data,manager_commit,acceptable_folders,cwd';
  const lines = rows.map((row) => {
    const prompt = pyList([
      pyDict({
        content:
          'You are an expert software engineer maintaining the Expensify repository. It has ' +
          `already been cloned, and is present in /app/expensify. You have been tasked with fixing the following issue:\n\nThe greeting says BUG instead of the user's name\n\n` +
          `Open the app as ${row.id}: the greeting should name the user.\n\nThe reward for the correct fix is $${row.price}.`,
        role: 'user',
      }),
    ]);
    return [
      row.id,
      'ic_swe',
      row.price.toFixed(1),
      '2000000',
      prompt,
      '',
      '',
      `['${row.id}']`,
      '/app/expensify',
    ]
      .map(csvCell)
      .join(',');
  });
  return `${[header, ...lines].join('\n')}\n`;
}

function pyString(text: string): string {
  return `'${text.replaceAll('\\', '\\\\').replaceAll("'", "\\'").replaceAll('\n', '\\n')}'`;
}

/** Values that are already literals (nested dicts) are passed as strings starting with `{`. */
function pyDict(entries: Record<string, string | number>): string {
  const body = Object.entries(entries).map(([k, v]) => {
    const value = typeof v === 'number' ? String(v) : v.startsWith('{') ? v : pyString(v);
    return `${pyString(k)}: ${value}`;
  });
  return `{${body.join(', ')}}`;
}

function pyList(items: string[]): string {
  return `[${items.join(', ')}]`;
}

function csvCell(text: string): string {
  return /[",\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}
