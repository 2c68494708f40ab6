/** Reading one cell of an official CSV row: Python literals checked against a schema. */
import type * as z from 'zod';
import { expectationErrorMap, type Problem, plainProblem, zodProblems } from './problems.ts';
import { type PyValue, parsePythonLiteral } from './python-literal.ts';
import { PythonLiteralError } from './python-literal-error.ts';
import type { CsvLayout } from './swelancer-csv-layout.ts';

export interface RowContext {
  file: string;
  columns: string[];
  layout: CsvLayout;
  splitTag: string | undefined;
  /** pandas reads the price column as floats (it prints `1000.0` in the built prompt). */
  floatPrices: boolean;
}

export /** Parses a Python-literal cell and checks its shape; problems name the row and column. */
function literalCell<S extends z.ZodType>(
  context: RowContext,
  row: number,
  column: string,
  text: string,
  schema: S,
  problems: Problem[],
): z.output<S> | undefined {
  let value: PyValue;
  try {
    value = parsePythonLiteral(text);
  } catch (error) {
    if (!(error instanceof PythonLiteralError)) throw error;
    problems.push(
      plainProblem(
        context.file,
        `expected a Python literal; at line ${error.line} column ${error.column} of the cell: ${error.problem}`,
        column,
        row,
      ),
    );
    return undefined;
  }
  const parsed = schema.safeParse(value, { error: expectationErrorMap });
  if (parsed.success) return parsed.data;
  problems.push(
    ...zodProblems({ file: context.file, row, field: column }, value, parsed.error.issues),
  );
  return undefined;
}
