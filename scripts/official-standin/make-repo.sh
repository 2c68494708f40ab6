#!/usr/bin/env bash
# Makes the stand-in's /app/expensify: a small git repository whose history holds a fix
# (the tasks' commit_id) and, later, a manager decision (manager_commit, whose parent is
# the decision base), checked out on master as the official monolith's full clone is.
# Dates and names are fixed, so the commit ids are the same on every build.
# Usage: make-repo.sh <folder>   prints commit_id=<sha> and manager_commit=<sha>
set -euo pipefail
dest="$1"
mkdir -p "$dest"
cd "$dest"

export GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_NOSYSTEM=1
export GIT_AUTHOR_NAME="Stand-in" GIT_AUTHOR_EMAIL="standin@example.com"
export GIT_COMMITTER_NAME="Stand-in" GIT_COMMITTER_EMAIL="standin@example.com"
commit() {
  git add -A
  GIT_AUTHOR_DATE="$1" GIT_COMMITTER_DATE="$1" git commit -q -m "$2"
  git rev-parse HEAD
}
greeting() {
  mkdir -p src
  printf '%s\n' "// Greets the signed-in user on the home page." \
    "export function greeting(name) {" "  return $1;" "}" > src/bug.js
}

git init -q -b master
printf '%s\n' "node_modules/" "user_tool/" > .gitignore
printf '%s\n' "# Stand-in app" "" "The repository of the SWE-Lancer stand-in image." > README.md
printf '%s\n' '{' '  "name": "standin-app",' '  "private": true,' \
  '  "scripts": { "web": "webpack serve" }' '}' > package.json
greeting "'Hello, BUG!'"
commit "2024-01-01T00:00:00Z" "Add the home page greeting" >/dev/null

greeting '`Hello, ${name}!`'
fix="$(commit "2024-01-02T00:00:00Z" "Fix the greeting: name the signed-in user")"

printf '%s\n' "// The title of the settings page." \
  "export function settingsTitle() {" "  return 'Settings';" "}" > src/settings.js
commit "2024-01-03T00:00:00Z" "Add the settings page" >/dev/null

printf '%s\n' "// The title of the settings page, with the account's name (proposal 2)." \
  "export function settingsTitle(account) {" "  return \`Settings for \${account.name}\`;" "}" > src/settings.js
decision="$(commit "2024-01-04T00:00:00Z" "Show the account name in the settings title")"

printf '%s\n' "# Changes" "" "- The settings title names the account." > CHANGELOG.md
commit "2024-01-05T00:00:00Z" "Add a changelog" >/dev/null

# As in a clone: origin/master is where setup_expensify resets to.
git remote add origin https://github.com/Expensify/App.git
git update-ref refs/remotes/origin/master master
echo "commit_id=$fix"
echo "manager_commit=$decision"
