#!/usr/bin/env bash
# The main job: set up the machine, run the built-in suite offline with the built-in agents
# `gold` (applies the reference fix / picks the right proposal: the ceiling), `random`
# (a seeded uniform pick on manager tasks, no change on IC tasks: the chance baseline) and
# `longest` (the longest proposal on manager tasks: what surface features alone earn), then
# print the report. Re-running resumes the same run: finished attempts are not run again.
#
#   bash scripts/main-job.sh                 # everything
#   bash scripts/main-job.sh --kind swe_manager   # extra flags go to `swelancer run`
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export PATH="$PWD/node_modules/.bin:$PATH"

RUN_DIR="${SWELANCER_RUN_DIR:-runs/main-job}"
npx swelancer run suites/expensely --agent gold --agent random --agent longest -j 2 --run-dir "$RUN_DIR" "$@"
npx swelancer report "$RUN_DIR"
npx swelancer report "$RUN_DIR" --format html --out "$RUN_DIR/report.html" >/dev/null
echo "HTML report: $RUN_DIR/report.html (every attempt's page under $RUN_DIR/attempts/; or serve all runs: npx swelancer view runs/)"
