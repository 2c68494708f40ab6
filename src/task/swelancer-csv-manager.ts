/** The manager part of an official CSV row: `manager_data`'s proposals and answer key. */
import * as z from 'zod';
import { type Problem, plainProblem, problem } from './problems.ts';
import { literalCell, type RowContext } from './swelancer-csv-cells.ts';
import { cleanTitle } from './swelancer-prompt.ts';
import type { Task, TaskCommon } from './types.ts';

const managerDataSchema = z.looseObject({
  title: z.string().optional(),
  all_proposals: z
    .array(
      z.looseObject({
        comment_url: z.string().nullish(),
        author: z.string().nullish(),
      }),
    )
    .optional(),
  game: z.looseObject({
    all_formal_proposals: z
      .array(
        z.looseObject({
          id: z.int({ error: 'a proposal id (an integer)' }),
          content: z.string(),
          source_url: z.string().nullish(),
        }),
      )
      .min(2, { error: 'at least 2 proposals' }),
    correct_proposal: z.looseObject({
      id: z.int({ error: 'the id of one of the proposals (an integer)' }),
      explanation: z.string().nullish(),
    }),
  }),
});

export function managerTask(
  context: RowContext,
  row: number,
  raw: string,
  base: Omit<TaskCommon, 'kind' | 'contentHash'>,
  contentHash: string,
  problems: Problem[],
): { task?: Task; problems: Problem[] } {
  const { file } = context;
  if (!raw.trim()) {
    problems.push(
      problem({
        file,
        row,
        field: 'manager_data',
        expected: 'a Python dict for a swe_manager row',
        found: '',
      }),
    );
    return { problems };
  }
  const data = literalCell(context, row, 'manager_data', raw, managerDataSchema, problems);
  if (!data) return { problems };
  const game = data.game;
  const authors = new Map(
    (data.all_proposals ?? []).flatMap((p) =>
      p.comment_url && p.author ? [[p.comment_url, p.author]] : [],
    ),
  );
  const ids = game.all_formal_proposals.map((p) => p.id);
  const duplicate = ids.find((id, index) => ids.indexOf(id) !== index);
  if (duplicate !== undefined) {
    problems.push(
      plainProblem(
        file,
        `duplicate proposal id ${duplicate}`,
        'manager_data.game.all_formal_proposals',
        row,
      ),
    );
  }
  if (!ids.includes(game.correct_proposal.id)) {
    problems.push(
      problem({
        file,
        row,
        field: 'manager_data.game.correct_proposal.id',
        expected: `one of the proposal ids (${ids.join(', ')})`,
        found: game.correct_proposal.id,
      }),
    );
  }
  if (problems.length > 0) return { problems };
  const title = data.title?.trim() ? cleanTitle(data.title) : base.title;
  return {
    problems,
    task: {
      ...base,
      title,
      kind: 'swe_manager',
      contentHash,
      proposals: game.all_formal_proposals.map((p) => ({
        id: p.id,
        text: p.content,
        author: authorOf(p.source_url, authors),
        patch: undefined,
      })),
      correctProposalId: game.correct_proposal.id,
      rationale: game.correct_proposal.explanation ?? undefined,
      codebase: undefined,
      breakPatch: undefined,
    },
  };
}

/** `source_url` may carry a note after the URL ("… (with #issuecomment-… merged)"). */
function authorOf(
  sourceUrl: string | null | undefined,
  authors: ReadonlyMap<string, string>,
): string | undefined {
  const url = sourceUrl?.trim().split(/\s/)[0];
  return url ? authors.get(url) : undefined;
}
