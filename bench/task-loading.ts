/**
 * Task loading speed on the official lite CSV, as ratios against baselines measured in the
 * same run:
 *   - the whole loader (`loadSwelancerCsv`) against csv-parse alone on the same file, which
 *     any loader has to pay;
 *   - the Python-literal parser over every literal cell against V8's JSON.parse over the same
 *     values written as JSON (the fastest parser available for the same data).
 *
 *   node bench/task-loading.ts [path/to/swelancer_tasks_lite.csv] [--runs 7]
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { loadNativeSuite } from '../src/task/native-suite.ts';
import { parsePythonLiteral } from '../src/task/python-literal.ts';
import { loadSwelancerCsv } from '../src/task/swelancer-csv.ts';
import { LITE_CSV } from '../test/support/official-data.ts';

const args = process.argv.slice(2);
const runsAt = args.indexOf('--runs');
const runs = runsAt === -1 ? 7 : Number(args[runsAt + 1]);
const file = args.find((arg, i) => !arg.startsWith('--') && args[i - 1] !== '--runs') ?? LITE_CSV;
const tiny = path.join(import.meta.dirname, '..', 'test', 'fixtures', 'suites', 'tiny');

/**
 * Runs every step once per round, rounds after a warm-up, and keeps each step's median:
 * interleaving keeps the ratios fair on a machine shared with other work.
 */
async function medians(steps: Record<string, () => unknown>): Promise<Record<string, number>> {
  for (const step of Object.values(steps)) await step();
  const times: Record<string, number[]> = {};
  for (let round = 0; round < runs; round += 1) {
    for (const [name, step] of Object.entries(steps)) {
      const start = performance.now();
      await step();
      const list = times[name] ?? [];
      list.push(performance.now() - start);
      times[name] = list;
    }
  }
  return Object.fromEntries(
    Object.entries(times).map(([name, list]) => {
      list.sort((a, b) => a - b);
      return [name, list[Math.floor(list.length / 2)] ?? Number.NaN];
    }),
  );
}

const bytes = readFileSync(file);
const rows = parse(bytes, { columns: true }) as Record<string, string>[];
const cells = rows.flatMap((row) =>
  ['prompt', 'manager_data', 'acceptable_folders'].map((c) => row[c] ?? '').filter(Boolean),
);
const asJson = cells.map((cell) => JSON.stringify(parsePythonLiteral(cell)));
const cellBytes = cells.reduce((sum, cell) => sum + cell.length, 0);

const ms = await medians({
  csvOnly: () => parse(bytes, { relax_column_count: true }),
  loader: () => loadSwelancerCsv(file),
  jsonParse: () => asJson.map((text) => JSON.parse(text)),
  literal: () => cells.map((cell) => parsePythonLiteral(cell)),
  native: () => loadNativeSuite(tiny),
});
const { csvOnly = 0, loader = 0, jsonParse = 0, literal = 0, native = 0 } = ms;

const rowsOut = [
  ['csv-parse of the file (baseline A)', csvOnly, csvOnly],
  ['loadSwelancerCsv (parse, literals, checks, hashes)', loader, csvOnly],
  ['JSON.parse of the cells as JSON (baseline B)', jsonParse, jsonParse],
  ['parsePythonLiteral of the cells', literal, jsonParse],
] as const;
const mb = (n: number) => (n / 1e6).toFixed(1);
console.log(
  `${path.basename(file)}: ${mb(bytes.length)} MB, ${rows.length} rows, ${cells.length} literal cells (${mb(cellBytes)} MB); Node ${process.versions.node}, median of ${runs}\n`,
);
console.log('| step | ms | × baseline |\n|---|---:|---:|');
for (const [name, time, base] of rowsOut) {
  console.log(`| ${name} | ${time.toFixed(1)} | ${(time / base).toFixed(2)} |`);
}
console.log(`\nloadNativeSuite(test/fixtures/suites/tiny), 3 tasks: ${native.toFixed(1)} ms`);
