/** File tools over the sandbox API: view (numbered, ranged), create, exact-match edit. */
import { z } from 'zod';
import type { Sandbox } from '../../../sandbox/types.ts';
import { truncateMiddle } from '../truncate.ts';
import { defineTool } from './define.ts';
import type { AgentTool } from './types.ts';

/** Lines shown when no range is given. */
const DEFAULT_VIEW_LINES = 400;
const MAX_VIEW_CHARS = 40_000;

const relativePath = z
  .string()
  .min(1)
  .describe('Path relative to the repository root, e.g. "src/app.ts"');

async function readText(sandbox: Sandbox, path: string): Promise<string> {
  return new TextDecoder().decode(await sandbox.readFile(path));
}

function problem(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export function viewFileTool(sandbox: Sandbox): AgentTool {
  return defineTool(
    'view_file',
    `Show a file with line numbers. Without a range, shows the first ${DEFAULT_VIEW_LINES} lines.`,
    z.object({
      path: relativePath,
      start_line: z.number().int().min(1).optional().describe('First line to show (1-based)'),
      end_line: z.number().int().min(1).optional().describe('Last line to show (inclusive)'),
    }),
    async ({ path, start_line, end_line }) => {
      let text: string;
      try {
        text = await readText(sandbox, path);
      } catch (error) {
        return { output: `Cannot read ${path}: ${problem(error)}`, isError: true };
      }
      const lines = text.split('\n');
      if (lines.at(-1) === '') lines.pop();
      const start = start_line ?? 1;
      const end = Math.min(end_line ?? start + DEFAULT_VIEW_LINES - 1, lines.length);
      if (start > Math.max(lines.length, 1)) {
        return {
          output: `${path} has ${lines.length} lines; start_line ${start} is past the end.`,
          isError: true,
        };
      }
      if (end < start) {
        return { output: `end_line ${end_line} is before start_line ${start}.`, isError: true };
      }
      const width = String(end).length;
      const body = lines
        .slice(start - 1, end)
        .map((line, i) => `${String(start + i).padStart(width)}\t${line}`)
        .join('\n');
      const more = end < lines.length ? `\n(lines ${end + 1}-${lines.length} not shown)` : '';
      return { output: truncateMiddle(`${body}${more}`, MAX_VIEW_CHARS) };
    },
  );
}

export function createFileTool(sandbox: Sandbox): AgentTool {
  return defineTool(
    'create_file',
    'Create a file with the given content, or overwrite it entirely.',
    z.object({ path: relativePath, content: z.string() }),
    async ({ path, content }) => {
      try {
        await sandbox.writeFile(path, content);
      } catch (error) {
        return { output: `Cannot write ${path}: ${problem(error)}`, isError: true };
      }
      return { output: `Wrote ${path} (${content.split('\n').length} lines).` };
    },
  );
}

export function editFileTool(sandbox: Sandbox): AgentTool {
  return defineTool(
    'edit_file',
    'Replace one exact occurrence of old_text with new_text in a file. old_text must match ' +
      'the file exactly (whitespace included) and occur exactly once; include surrounding ' +
      'lines to make it unique.',
    z.object({ path: relativePath, old_text: z.string().min(1), new_text: z.string() }),
    async ({ path, old_text, new_text }) => {
      let text: string;
      try {
        text = await readText(sandbox, path);
      } catch (error) {
        return { output: `Cannot read ${path}: ${problem(error)}`, isError: true };
      }
      const first = text.indexOf(old_text);
      if (first === -1) {
        return {
          output: `No match for old_text in ${path}. Nothing was changed; view the file and copy the text exactly.`,
          isError: true,
        };
      }
      let count = 0;
      for (let at = first; at !== -1; at = text.indexOf(old_text, at + 1)) count++;
      if (count > 1) {
        return {
          output: `old_text occurs ${count} times in ${path}. Nothing was changed; include more surrounding lines so it matches once.`,
          isError: true,
        };
      }
      const updated = text.slice(0, first) + new_text + text.slice(first + old_text.length);
      try {
        await sandbox.writeFile(path, updated);
      } catch (error) {
        return { output: `Cannot write ${path}: ${problem(error)}`, isError: true };
      }
      const line = text.slice(0, first).split('\n').length;
      return { output: `Edited ${path} at line ${line}.` };
    },
  );
}
