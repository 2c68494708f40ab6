/** Resolves one native task folder (`task.json` and the files it names) into a `Task`. */

import path from 'node:path';

import { hashValue, sha256 } from '../util/hash.ts';
import {
  checkDirectory,
  FILE_LIMITS,
  hashTree,
  type Place,
  readFileBytes,
  readJsonFile,
  readTextFile,
  resolveInside,
} from './files.ts';
import {
  expectationErrorMap,
  type Problem,
  plainProblem,
  problem,
  zodProblems,
} from './problems.ts';
import { type IcTaskFile, type ManagerTaskFile, type TaskFile, taskFileSchema } from './schema.ts';
import type { Codebase, IcTask, ManagerTask, Proposal, Task, TaskSource } from './types.ts';

/** What a task needs to know about the suite it belongs to. */
export interface SuiteContext {
  /** Absolute path of the suite folder. */
  root: string;
  /** Its real path (symlinks resolved): nothing outside it is read. */
  realRoot: string;
  /** The suite folder as the user wrote it, for messages. */
  shownRoot: string;
  name: string;
  version: string;
  codebases: ReadonlyMap<string, ResolvedCodebase>;
}

export interface ResolvedCodebase {
  codebase: Codebase;
  /** What defines the codebase: its commands and a hash of its files. */
  definition: Record<string, unknown>;
}

export interface TaskResolution {
  task: Task | undefined;
  problems: Problem[];
}

/** Hash format version: bump when the hashed definition changes shape. */
const HASH_FORMAT = 'swelancer-native-task/1';

export function shownPath(context: SuiteContext, absolute: string): string {
  return path.join(context.shownRoot, path.relative(context.root, absolute));
}

export async function resolveNativeTask(
  context: SuiteContext,
  taskDir: string,
): Promise<TaskResolution> {
  const file = path.join(taskDir, 'task.json');
  const shown = shownPath(context, file);
  const json = await readJsonFile(context.realRoot, file, shown, FILE_LIMITS.manifest);
  if (!json.ok) return { task: undefined, problems: [json.problem] };
  const parsed = taskFileSchema.safeParse(json.value, { error: expectationErrorMap });
  if (!parsed.success) {
    return {
      task: undefined,
      problems: zodProblems({ file: shown }, json.value, parsed.error.issues),
    };
  }
  const refs = new References(context, taskDir, shown);
  const resolved =
    parsed.data.kind === 'ic_swe'
      ? await resolveIc(refs, parsed.data)
      : await resolveManager(refs, parsed.data);
  if (refs.problems.length > 0 || resolved === undefined) {
    return { task: undefined, problems: refs.problems };
  }
  return { task: resolved, problems: [] };
}

async function resolveIc(refs: References, data: IcTaskFile): Promise<IcTask | undefined> {
  const issue = await refs.text(data.issue, 'issue');
  const codebase = refs.codebase(data.ic.codebase, 'ic.codebase');
  // No break patch: the base codebase is the broken state (the schema then requires a fix).
  const breakPatch = data.ic.breakPatch
    ? await refs.file(data.ic.breakPatch, 'ic.breakPatch')
    : undefined;
  const fixPatch = data.ic.fixPatch ? await refs.file(data.ic.fixPatch, 'ic.fixPatch') : undefined;
  const tests = await refs.folder(data.ic.tests, 'ic.tests');
  const userFlow = data.ic.userFlow ? await refs.file(data.ic.userFlow, 'ic.userFlow') : undefined;
  if (!issue || !codebase || !tests) return undefined;
  if ((data.ic.breakPatch && !breakPatch) || (data.ic.fixPatch && !fixPatch)) return undefined;
  if (data.ic.userFlow && !userFlow) return undefined;

  const definition = {
    ...commonDefinition(data, issue.text),
    ic: {
      codebase: codebase.definition,
      breakPatch: breakPatch?.hash ?? null,
      fixPatch: fixPatch?.hash ?? null,
      tests: tests.hash,
      userFlow: userFlow?.hash ?? null,
      testTimeoutMs: data.ic.testTimeoutMs,
      // Only when set, so that other tasks keep their hash.
      ...(data.ic.upgrade ? { upgrade: data.ic.upgrade } : {}),
      ...(data.ic.restartable ? { restartable: true } : {}),
    },
  };
  return {
    ...common(refs, data, issue.text),
    kind: 'ic_swe',
    contentHash: hashValue({ format: HASH_FORMAT, ...definition }),
    ic: {
      runnable: true,
      codebase: codebase.codebase,
      breakPatch: breakPatch?.path,
      fixPatch: fixPatch?.path,
      hiddenTestsDir: tests.path,
      userFlow: userFlow?.path,
      testTimeoutMs: data.ic.testTimeoutMs,
      ...(data.ic.upgrade ? { upgrade: data.ic.upgrade } : {}),
      ...(data.ic.restartable ? { restartable: true } : {}),
    },
  };
}

async function resolveManager(
  refs: References,
  data: ManagerTaskFile,
): Promise<ManagerTask | undefined> {
  const section = data.manager;
  const issue = await refs.text(data.issue, 'issue');
  const proposals: Proposal[] = [];
  const proposalHashes: unknown[] = [];
  const seen = new Map<number, number>();
  for (const [index, entry] of section.proposals.entries()) {
    const field = `manager.proposals[${index}]`;
    const earlier = seen.get(entry.id);
    if (earlier !== undefined) {
      refs.report(
        plainProblem(
          refs.shown,
          `duplicate proposal id ${entry.id} (also used by manager.proposals[${earlier}])`,
          `${field}.id`,
        ),
      );
    }
    seen.set(entry.id, index);
    const text = await refs.text(entry.file, `${field}.file`);
    const patch = entry.patch ? await refs.file(entry.patch, `${field}.patch`) : undefined;
    if (!text || (entry.patch && !patch)) continue;
    proposals.push({
      id: entry.id,
      text: text.text,
      author: entry.author,
      patch: patch?.path,
      passesTests: entry.passesTests,
    });
    // passesTests is left out: like a label it says what validation expects, not what the
    // agent or the grader sees, so correcting it keeps finished attempts.
    proposalHashes.push({
      id: entry.id,
      author: entry.author ?? null,
      text: text.text,
      patch: patch?.hash ?? null,
    });
  }
  if (!seen.has(section.correctProposalId)) {
    refs.report(
      problem({
        file: refs.shown,
        field: 'manager.correctProposalId',
        expected: `one of the proposal ids (${[...seen.keys()].join(', ')})`,
        found: section.correctProposalId,
      }),
    );
  }
  const rationale = section.rationale
    ? await refs.text(section.rationale, 'manager.rationale')
    : undefined;
  const codebase = section.codebase
    ? refs.codebase(section.codebase, 'manager.codebase')
    : undefined;
  const breakPatch = section.breakPatch
    ? await refs.file(section.breakPatch, 'manager.breakPatch')
    : undefined;
  const tests = section.tests ? await refs.folder(section.tests, 'manager.tests') : undefined;
  if (!section.codebase) {
    const needing: [boolean, string, string][] = [
      [
        section.breakPatch !== undefined,
        'a break patch needs a codebase to apply to',
        'manager.breakPatch',
      ],
      [section.tests !== undefined, 'hidden tests need a codebase to run against', 'manager.tests'],
      [
        section.proposals.some((p) => p.patch !== undefined),
        'proposal patches need a codebase to apply to',
        `manager.proposals[${section.proposals.findIndex((p) => p.patch !== undefined)}].patch`,
      ],
    ];
    for (const [present, text, field] of needing) {
      if (present) {
        refs.report(plainProblem(refs.shown, `${text}: set "manager.codebase" too`, field));
      }
    }
  }
  for (const field of ['upgrade', 'restartable'] as const) {
    if (section[field] && !section.tests) {
      refs.report(
        plainProblem(
          refs.shown,
          `${field} concerns the hidden tests: set "manager.tests" too`,
          `manager.${field}`,
        ),
      );
    }
  }
  if (!issue || refs.problems.length > 0) return undefined;

  const definition = {
    ...commonDefinition(data, issue.text),
    manager: {
      proposals: proposalHashes,
      correctProposalId: section.correctProposalId,
      rationale: rationale?.text ?? null,
      codebase: codebase?.definition ?? null,
      breakPatch: breakPatch?.hash ?? null,
      // Only present with tests, so tasks written before tests existed keep their hash.
      ...(tests ? { tests: tests.hash, testTimeoutMs: section.testTimeoutMs } : {}),
      ...(section.upgrade ? { upgrade: section.upgrade } : {}),
      ...(section.restartable ? { restartable: true } : {}),
    },
  };
  return {
    ...common(refs, data, issue.text),
    kind: 'swe_manager',
    contentHash: hashValue({ format: HASH_FORMAT, ...definition }),
    proposals,
    correctProposalId: section.correctProposalId,
    rationale: rationale?.text,
    codebase: codebase?.codebase,
    breakPatch: breakPatch?.path,
    hiddenTestsDir: tests?.path,
    testTimeoutMs: section.testTimeoutMs,
    ...(section.upgrade ? { upgrade: section.upgrade } : {}),
    ...(section.restartable ? { restartable: true } : {}),
  };
}

/**
 * What the agent and the grader see. Labels (categories, nature, tags) are left out on
 * purpose: re-labelling a task must not invalidate attempts already finished on it.
 */
function commonDefinition(data: TaskFile, issue: string) {
  return { id: data.id, kind: data.kind, title: data.title, issue, price: data.price };
}

function common(refs: References, data: TaskFile, issue: string) {
  const source: TaskSource = {
    type: 'native',
    suite: refs.context.name,
    suiteVersion: refs.context.version,
    dir: refs.taskDir,
  };
  return {
    id: data.id,
    title: data.title,
    issue,
    price: data.price,
    categories: data.categories,
    nature: data.nature,
    tags: data.tags,
    source,
  };
}

/** Resolves the paths a task.json names, collecting a problem for each one that is wrong. */
class References {
  readonly context: SuiteContext;
  readonly taskDir: string;
  readonly shown: string;
  readonly problems: Problem[] = [];

  constructor(context: SuiteContext, taskDir: string, shown: string) {
    this.context = context;
    this.taskDir = taskDir;
    this.shown = shown;
  }

  report(found: Problem): void {
    this.problems.push(found);
  }

  /** A text shown to agents or people (issue, proposal, rationale): UTF-8, at most 1 MiB. */
  async text(relative: string, field: string): Promise<{ path: string; text: string } | undefined> {
    const absolute = this.#inside(relative, field);
    if (!absolute) return undefined;
    const place = this.#place(relative, field);
    const read = await readTextFile(this.context.realRoot, absolute, place, FILE_LIMITS.text);
    if (!read.ok) {
      this.problems.push(read.problem);
      return undefined;
    }
    return { path: absolute, text: read.value };
  }

  /** A file handed on by path (patch, user flow): any bytes, hashed. */
  async file(relative: string, field: string): Promise<{ path: string; hash: string } | undefined> {
    const absolute = this.#inside(relative, field);
    if (!absolute) return undefined;
    const place = this.#place(relative, field);
    const read = await readFileBytes(this.context.realRoot, absolute, place, FILE_LIMITS.patch);
    if (!read.ok) {
      this.problems.push(read.problem);
      return undefined;
    }
    return { path: absolute, hash: sha256(read.value) };
  }

  async folder(
    relative: string,
    field: string,
  ): Promise<{ path: string; hash: string } | undefined> {
    const absolute = this.#inside(relative, field);
    if (!absolute) return undefined;
    const place = this.#place(relative, field);
    const folder = await checkDirectory(this.context.realRoot, absolute, place);
    if (!folder.ok) {
      this.problems.push(folder.problem);
      return undefined;
    }
    const read = await hashTree(this.context.realRoot, absolute, place);
    if (!read.ok) {
      this.problems.push(read.problem);
      return undefined;
    }
    const tree = read.value;
    if (tree.files === 0) {
      this.problems.push(
        plainProblem(
          this.shown,
          `expected files in the folder, found it empty (${relative})`,
          field,
        ),
      );
      return undefined;
    }
    return { path: absolute, hash: tree.hash };
  }

  codebase(name: string, field: string): ResolvedCodebase | undefined {
    const found = this.context.codebases.get(name);
    if (found) return found;
    const known = [...this.context.codebases.keys()];
    this.problems.push(
      problem({
        file: this.shown,
        field,
        expected: known.length
          ? `the name of a codebase in suite.json (${known.join(', ')})`
          : 'the name of a codebase, but suite.json defines none',
        found: name,
      }),
    );
    return undefined;
  }

  #place(relative: string, field: string): Place {
    return { file: this.shown, field, written: relative };
  }

  #inside(relative: string, field: string): string | undefined {
    const absolute = resolveInside(this.context.root, this.taskDir, relative);
    if (!absolute) {
      this.problems.push(
        problem({
          file: this.shown,
          field,
          expected: 'a path inside the suite folder',
          found: relative,
        }),
      );
    }
    return absolute;
  }
}
