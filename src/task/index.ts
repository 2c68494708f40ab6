// The task module's public face: loaders, filters, the native format's schemas and types.
export {
  checkSplitFilter,
  filterTasks,
  globToRegExp,
  matchesTaskFilter,
  type TaskFilter,
  validateTaskFilter,
} from './filter.ts';
export { renderJsonSchemas } from './json-schema.ts';
export { checkSuite, detectSource, loadSuite, type SourceKind } from './load.ts';
export { checkNativeSuite, loadNativeSuite, type SuiteCheck } from './native-suite.ts';
export { type Problem, SuiteInvalidError } from './problems.ts';
export { type PyValue, parsePythonLiteral } from './python-literal.ts';
export { PythonLiteralError } from './python-literal-error.ts';
export {
  type SuiteFile,
  type SuiteFileInput,
  suiteFileSchema,
  type TaskFile,
  type TaskFileInput,
  taskFileSchema,
} from './schema.ts';
export { checkSwelancerCsv, HARD_PRICE_USD, loadSwelancerCsv } from './swelancer-csv.ts';
export {
  CATEGORIES,
  type Category,
  type Codebase,
  type IcTask,
  type ManagerTask,
  NATURES,
  type Nature,
  type Proposal,
  type Suite,
  TASK_KINDS,
  type Task,
  type TaskKind,
} from './types.ts';
