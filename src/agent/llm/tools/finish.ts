/** The tools that end an attempt, and the user tool. */
import { z } from 'zod';
import type { PresentedProposal, UserTool, UserToolReport } from '../../types.ts';
import { truncateMiddle } from '../truncate.ts';
import { defineTool } from './define.ts';
import type { AgentTool } from './types.ts';

export function submitTool(): AgentTool {
  return defineTool(
    'submit',
    'Call when your change is complete. Your working tree as it is now is what gets graded.',
    z.object({
      summary: z.string().optional().describe('One or two sentences on what you changed'),
    }),
    async () => ({ output: 'Submitted.', finish: {} }),
  );
}

export function selectProposalTool(proposals: readonly PresentedProposal[]): AgentTool {
  const ids = proposals.map((p) => p.id);
  return defineTool(
    'select_proposal',
    `Give your final answer: the id of the proposal you choose (one of ${ids.join(', ')}).`,
    z.object({ proposal_id: z.number().int() }),
    async ({ proposal_id }) =>
      ids.includes(proposal_id)
        ? {
            output: `Selected proposal ${proposal_id}.`,
            finish: { selectedProposalId: proposal_id },
          }
        : {
            output: `There is no proposal ${proposal_id}; choose one of ${ids.join(', ')}.`,
            isError: true,
          },
  );
}

export function userToolTool(userTool: UserTool): AgentTool {
  return defineTool(
    'user_tool',
    'Build and serve the app with your current changes and walk through the issue’s steps ' +
      'in a real browser, as a user would. Returns what the user sees (page text, console ' +
      'and network errors, screenshot names). It does not say whether the issue is fixed.',
    z.object({}),
    async (_args, context) => {
      const report = await Promise.race([
        userTool.run(),
        new Promise<never>((_, reject) => {
          if (context.signal.aborted) reject(context.signal.reason);
          context.signal.addEventListener('abort', () => reject(context.signal.reason), {
            once: true,
          });
        }),
      ]);
      return { output: formatUserToolReport(report), isError: !report.ok };
    },
  );
}

export function formatUserToolReport(report: UserToolReport): string {
  const lines: string[] = [];
  if (report.problem)
    lines.push(`The app could not be run:\n${truncateMiddle(report.problem, 8000)}`);
  lines.push(
    `Page text at the end of the flow:\n${truncateMiddle(report.pageText || '(empty)', 8000)}`,
  );
  lines.push(
    report.consoleErrors.length
      ? `Console errors:\n${truncateMiddle(report.consoleErrors.join('\n'), 4000)}`
      : 'Console errors: none',
  );
  lines.push(
    report.networkErrors.length
      ? `Network errors:\n${truncateMiddle(report.networkErrors.join('\n'), 4000)}`
      : 'Network errors: none',
  );
  if (report.screenshots.length) lines.push(`Screenshots taken: ${report.screenshots.join(', ')}`);
  return lines.join('\n\n');
}
