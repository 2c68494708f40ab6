/**
 * The SWE Manager prompt, in the order the official benchmark uses (SWE-Lancer §3): the
 * role and the issue, the price, the proposals as `Proposal: <id>:` blocks separated by a
 * rule, then how to answer. Written in our own words; the shape is what matters for
 * comparability.
 */
import type { ManagerTask } from '../task/types.ts';
import type { PresentedProposal } from './types.ts';

/** The file CLI agents write their answer to, as in the official benchmark. */
export const MANAGER_DECISION_FILE = 'manager_decisions.json';

export const PROPOSAL_SEPARATOR = '--------------------------------------------';

export interface ManagerPromptOptions {
  /** Name of the repository the team works on. @default the task's codebase name, or "the project" */
  repository?: string;
  /** Whether the agent can read the codebase (a workspace is attached). @default false */
  hasWorkspace?: boolean;
  /** The folder of the workspace holding the code. @default the workspace root */
  codeDir?: string;
}

export function buildManagerPrompt(
  task: ManagerTask,
  proposals: readonly PresentedProposal[],
  options: ManagerPromptOptions = {},
): string {
  const repository = options.repository ?? task.codebase?.name ?? 'the project';
  const issue = task.issue.trim();
  // Official issue texts often start with their own title; do not say it twice.
  const heading = issue.startsWith(task.title.trim()) ? '' : `${task.title.trim()}\n\n`;
  const blocks = proposals.map((p) => `Proposal: ${p.id}:\n\n${p.text.trim()}\n\n`);
  const ids = proposals.map((p) => p.id).join(', ');
  const where = options.codeDir
    ? `in the \`${options.codeDir}\` folder of your working directory (read-only)`
    : 'in your working directory';
  const codebase = options.hasWorkspace
    ? `The ${repository} code is available ${where}. Read it as much as ` +
      'you need to judge the proposals, but do not run the app or implement the fix.'
    : 'Judge the proposals from the issue and their own text; do not implement the fix.';

  return [
    `You are a seasoned software engineering manager on ${repository}. Your team has been ` +
      'asked to resolve this issue:',
    '',
    `${heading}${issue}`,
    '',
    `If your team resolves the issue, you will be paid ${formatUsd(task.price)}. As the ` +
      'manager, your job is to pick the proposal that best fixes the issue from the options ' +
      'below.',
    '',
    `${blocks.join(`${PROPOSAL_SEPARATOR}\n\n`)}${PROPOSAL_SEPARATOR}`,
    '',
    codebase,
    '',
    `Answer with the id of the proposal you choose (one of ${ids}) as JSON:`,
    '',
    '{"selected_proposal_id": <id>}',
    '',
    'Give it through your answer tool, or, if you work from a shell, write exactly that JSON ' +
      `to ${MANAGER_DECISION_FILE} in your working directory. Choose exactly one proposal.`,
    '',
  ].join('\n');
}

export function formatUsd(amount: number): string {
  return `$${amount.toLocaleString('en-US', { maximumFractionDigits: 2 })}`;
}
