import { InputError } from '../errors.ts';

/** A syntax error in a Python literal, with where it happened and what was expected. */
export class PythonLiteralError extends InputError {
  /** 0-based offset (UTF-16 code units) into the parsed text. */
  readonly offset: number;
  /** 1-based line of `offset`. */
  readonly line: number;
  /** 1-based column of `offset`. */
  readonly column: number;
  /** The problem without the position prefix, e.g. `expected "," or "]", found "}"`. */
  readonly problem: string;

  constructor(text: string, offset: number, problem: string) {
    const { line, column } = lineAndColumn(text, offset);
    super('INPUT_INVALID', `Python literal, line ${line} column ${column}: ${problem}`, {
      location: `${line}:${column}`,
    });
    this.offset = offset;
    this.line = line;
    this.column = column;
    this.problem = problem;
  }
}

/** 1-based line and column of a 0-based offset; lines end at "\n". */
export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line += 1;
    lineStart = i + 1;
  }
  return { line, column: offset - lineStart + 1 };
}
