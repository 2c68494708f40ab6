/**
 * Problems found while loading a suite. Loaders collect every problem instead of stopping at
 * the first, so `swelancer tasks validate` can list them all; the strict entry points then
 * throw one `SuiteInvalidError` carrying the list.
 */

import type * as z from 'zod';
import { describeProblem, type ErrorCode, InputError } from '../errors.ts';

export interface Problem {
  /** The file the problem is in, as the user gave its folder (relative or absolute). */
  file: string;
  /** CSV row (the header is row 1), when the source is a CSV file. */
  row?: number;
  /** CSV column or JSON field path (`manager.proposals[1].file`). */
  field?: string;
  /** The whole message, including file, row and field. */
  message: string;
}

export interface ProblemParts {
  file: string;
  row?: number;
  field?: string;
  expected: string;
  /** The value found; leave out when nothing was there (then the message says so). */
  found?: unknown;
  /** Set when the field is absent, to say "the field is missing" instead of a value. */
  missing?: boolean;
}

/** A problem in the "file, field: expected X, found Y" form of `describeProblem`. */
export function problem(parts: ProblemParts): Problem {
  const base = describeProblem(parts);
  const message = parts.missing ? `${base}, found nothing (the field is missing)` : base;
  return { file: parts.file, row: parts.row, field: parts.field, message };
}

/** A problem whose message does not fit the expected/found form. */
export function plainProblem(file: string, text: string, field?: string, row?: number): Problem {
  const where = [file, row !== undefined ? `row ${row}` : undefined].filter(Boolean).join(' ');
  const head = field ? `${where}, field "${field}"` : where;
  return { file, row, field, message: `${head}: ${text}` };
}

/** A suite or task source with one or more problems. Exit code 2 at the CLI. */
export class SuiteInvalidError extends InputError {
  readonly problems: readonly Problem[];

  constructor(source: string, problems: readonly Problem[], code: ErrorCode = 'SUITE_INVALID') {
    const shown = problems.slice(0, 20).map((p) => `  - ${p.message}`);
    const more = problems.length > 20 ? [`  ... and ${problems.length - 20} more`] : [];
    const count = problems.length === 1 ? '1 problem' : `${problems.length} problems`;
    super(code, [`${source} has ${count}:`, ...shown, ...more].join('\n'), {
      location: problems[0]?.file,
    });
    this.problems = problems;
  }
}

/**
 * Error map for `safeParse`: phrases zod's built-in issues as expectations. Messages set in
 * the schema itself win over it, and are written as expectations too.
 */
export const expectationErrorMap: z.core.$ZodErrorMap = (issue) => {
  switch (issue.code) {
    case 'invalid_type':
      return TYPE_NAMES[issue.expected] ?? `a value of type ${issue.expected}`;
    case 'invalid_value':
      return `one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'too_small':
      return issue.origin === 'array'
        ? `at least ${issue.minimum} items`
        : `a value of at least ${issue.minimum}`;
    case 'too_big':
      return issue.origin === 'array'
        ? `at most ${issue.maximum} items`
        : `a value of at most ${issue.maximum}`;
    default:
      return undefined;
  }
};

const TYPE_NAMES: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  int: 'an integer',
  boolean: 'true or false',
  object: 'an object',
  array: 'a list',
  record: 'an object',
};

/** Where parsed input came from: a file, and for CSV cells the row and column. */
export interface InputPlace {
  file: string;
  row?: number;
  /** Prefix of every field path, e.g. the CSV column holding the parsed value. */
  field?: string;
}

/** Turns zod issues into problems naming the file, the field path and the value found. */
export function zodProblems(
  place: InputPlace,
  input: unknown,
  issues: readonly z.core.$ZodIssue[],
): Problem[] {
  const { file, row } = place;
  const at = (path: readonly PropertyKey[]) => {
    const text = fieldPath(path);
    if (!place.field) return text || undefined;
    return text ? `${place.field}${text.startsWith('[') ? '' : '.'}${text}` : place.field;
  };
  const problems: Problem[] = [];
  for (const issue of issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        problems.push(
          plainProblem(
            file,
            'unknown field (check its spelling against the JSON Schema)',
            at([...issue.path, key]),
            row,
          ),
        );
      }
      continue;
    }
    if (issue.code === 'invalid_key') {
      const key = issue.path.at(-1);
      const inner = issue.issues[0]?.message ?? 'a valid key';
      problems.push(
        problem({ file, row, field: at(issue.path.slice(0, -1)), expected: inner, found: key }),
      );
      continue;
    }
    const found = valueAt(input, issue.path);
    problems.push(
      problem({
        file,
        row,
        field: at(issue.path),
        expected: issue.message,
        found: found.present ? found.value : undefined,
        missing: !found.present,
      }),
    );
  }
  return problems;
}

/** `["manager", "proposals", 1, "file"]` → `manager.proposals[1].file`. */
export function fieldPath(path: readonly PropertyKey[]): string {
  let text = '';
  for (const part of path) {
    if (typeof part === 'number') text += `[${part}]`;
    else if (typeof part === 'string' && /^[A-Za-z_$][\w$]*$/.test(part)) {
      text += text ? `.${part}` : part;
    } else text += `[${JSON.stringify(String(part))}]`;
  }
  return text;
}

function valueAt(
  input: unknown,
  path: readonly PropertyKey[],
): { present: boolean; value?: unknown } {
  let current: unknown = input;
  for (const part of path) {
    if (current === null || typeof current !== 'object' || typeof part === 'symbol') {
      return { present: false };
    }
    if (!Object.hasOwn(current, part)) return { present: false };
    current = (current as Record<string | number, unknown>)[part];
  }
  return { present: true, value: current };
}
