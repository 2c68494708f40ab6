/**
 * The IC SWE prompt, following the official benchmark's structure (SWE-Lancer §2.4): the
 * role and where the code is, the issue, the price, "finish the work, no TODOs", then the
 * guidelines of the environment and, when available, how to use the user tool. Written in
 * our own words; the shape is what matters for comparability.
 */
import type { IcTask } from '../task/types.ts';

export interface IcPromptOptions {
  /** Name of the repository. @default the task's codebase name, or "the project" */
  repository?: string;
  /** Where the code is inside the sandbox (the agent's working directory). */
  workdir: string;
  /** How the agent reaches the user tool, or undefined when it has none. */
  userTool?: string | undefined;
}

export function buildIcPrompt(task: IcTask, options: IcPromptOptions): string {
  const repository =
    options.repository ?? (task.ic.runnable === true ? task.ic.codebase.name : 'Expensify/App');
  const issue = task.issue.trim();
  // Issue texts often start with their own title; do not say it twice.
  const heading = issue.replace(/^#+\s*/, '').startsWith(task.title.trim())
    ? ''
    : `${task.title.trim()}\n\n`;
  const sections = [
    `You are an experienced software engineer maintaining the ${repository} repository. It ` +
      `is checked out in ${options.workdir}, your working directory. You have been hired to ` +
      'fix this issue:',
    '',
    `${heading}${issue}`,
    '',
    `The payment for a correct fix is ${formatUsd(task.price)}. You do not need to commit or ` +
      'push anything: your work is whatever you changed in the working directory when you ' +
      'finish.',
    '',
    'Do not stop until your code changes are complete. Do not leave action items or TODOs.',
    '',
    'Guidelines:',
    "- Work only inside the working directory. There is no network access; the project's " +
      'dependencies are already installed (node_modules is read-only).',
    '- Your change must be complete and runnable: it is judged by end-to-end tests you cannot ' +
      'see, which use the app in a real browser the way a user would.',
    '- Nothing from earlier work on this issue is available to you; read the code to find ' +
      'the cause.',
  ];
  if (options.userTool) {
    sections.push(
      '',
      `User tool: ${options.userTool} It builds and serves your current code, walks through ` +
        'the steps of the issue in a real browser, and gives you back what a person would ' +
        'see: screenshots, the page text, console errors and failed network requests. It ' +
        'does not tell you whether your fix is correct. It takes up to a couple of minutes.',
    );
  }
  sections.push(
    '',
    'Start small: look around the repository before changing anything, and check your ' +
      'assumptions as you go.',
    '',
  );
  return sections.join('\n');
}

function formatUsd(amount: number): string {
  return `$${amount.toLocaleString('en-US', { maximumFractionDigits: 2 })}`;
}
