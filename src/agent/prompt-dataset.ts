/**
 * `--prompt dataset` for manager tasks: the official CSV's prompt messages exactly as the
 * paper's models read them, followed by one note of the harness's own. The messages speak
 * of the official container (the code in `/app/expensify`, the answer written to
 * `/app/expensify/manager_decisions.json`); the note says only how to answer here and where
 * the code is, without touching their bytes.
 */
import type { DatasetPrompt, ManagerTask } from '../task/types.ts';
import { MANAGER_DECISION_FILE } from './prompt-manager.ts';

export interface DatasetNoteOptions {
  /** The workspace folder holding the official code, when the run gives it. */
  codeDir: string | undefined;
}

/** The dataset's messages, then the note; undefined when the task has no dataset prompt. */
export function datasetManagerMessages(
  task: Pick<ManagerTask, 'datasetPrompt'>,
  options: DatasetNoteOptions,
): string[] | undefined {
  const prompt: DatasetPrompt | undefined = task.datasetPrompt;
  if (!prompt?.available) return undefined;
  return [...prompt.messages.map((m) => m.content), managerAnswerNote(options)];
}

export function managerAnswerNote(options: DatasetNoteOptions): string {
  const code = options.codeDir
    ? `The Expensify code the messages above refer to is in the \`${options.codeDir}\` folder of your working directory, read-only.`
    : 'No copy of the Expensify code is available in this run: judge from the issue and the proposals.';
  return [
    'Note from the evaluation harness (not part of the task): answer through this harness, not',
    'at the path given above. If you have a `select_proposal` tool, call it once with the id of',
    `the proposal you choose; otherwise write exactly {"selected_proposal_id": <id>} to ${MANAGER_DECISION_FILE}`,
    `in your working directory. ${code}`,
  ].join(' ');
}
