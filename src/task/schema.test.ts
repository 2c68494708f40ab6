import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderJsonSchemas } from './json-schema.ts';
import { expectationErrorMap, zodProblems } from './problems.ts';
import { suiteFileSchema, taskFileSchema } from './schema.ts';

const repoRoot = path.resolve(import.meta.dirname, '..', '..');

function problemsOf(input: unknown): string[] {
  const parsed = taskFileSchema.safeParse(input, { error: expectationErrorMap });
  if (parsed.success) return [];
  return zodProblems({ file: 'tasks/foo/task.json' }, input, parsed.error.issues).map(
    (p) => p.message,
  );
}

const manager = {
  id: 'foo',
  kind: 'swe_manager',
  title: 'Pick a fix',
  price: 500,
  manager: {
    proposals: [
      { id: 0, file: 'p0.md' },
      { id: 1, file: 'p1.md', author: 'ana' },
    ],
    correctProposalId: 1,
  },
};

describe('task.json schema', () => {
  it('accepts a minimal manager task and fills the defaults', () => {
    const parsed = taskFileSchema.parse(manager);
    expect(parsed).toMatchObject({ categories: [], tags: [], issue: 'issue.md' });
  });

  it('accepts an IC task and defaults the tests folder and timeout', () => {
    const parsed = taskFileSchema.parse({
      id: 'bar',
      kind: 'ic_swe',
      title: 'Fix it',
      price: 1000,
      nature: 'bug_fix',
      ic: { codebase: 'app', breakPatch: 'break.patch' },
    });
    expect(parsed.kind === 'ic_swe' && parsed.ic).toEqual({
      codebase: 'app',
      breakPatch: 'break.patch',
      tests: 'tests',
      testTimeoutMs: 120_000,
    });
  });

  it('names the file, the field, what was expected and what was found', () => {
    expect(problemsOf({ ...manager, price: 'abc' })).toEqual([
      'tasks/foo/task.json, field "price": expected a positive number (the price in US dollars), found "abc"',
    ]);
    expect(problemsOf({ ...manager, price: -5 })).toEqual([
      'tasks/foo/task.json, field "price": expected a positive number (the price in US dollars), found -5',
    ]);
  });

  it('says when a field is missing, including the kind', () => {
    const { title: _title, ...noTitle } = manager;
    expect(problemsOf(noTitle)).toEqual([
      'tasks/foo/task.json, field "title": expected a title (a non-empty string), found nothing (the field is missing)',
    ]);
    const { kind: _kind, ...noKind } = manager;
    expect(problemsOf(noKind)[0]).toContain(
      'field "kind": expected a task kind: "ic_swe" or "swe_manager"',
    );
  });

  it('gives nested paths and enum choices', () => {
    const input = {
      ...manager,
      categories: ['ui'],
      manager: {
        ...manager.manager,
        proposals: [
          { id: 0, file: 'a.md' },
          { id: 'x', file: 'b.md' },
        ],
      },
    };
    expect(problemsOf(input)).toEqual([
      'tasks/foo/task.json, field "categories[0]": expected one of "application_logic", "ui_ux", "server_side_logic", "system_quality", found "ui"',
      'tasks/foo/task.json, field "manager.proposals[1].id": expected a proposal id (an integer, 0 or more), found "x"',
    ]);
  });

  it('rejects unknown fields, absolute paths and a wrong section for the kind', () => {
    expect(problemsOf({ ...manager, prise: 1 })).toEqual([
      'tasks/foo/task.json, field "prise": unknown field (check its spelling against the JSON Schema)',
    ]);
    expect(problemsOf({ ...manager, issue: '/etc/passwd' })[0]).toContain(
      'field "issue": expected a relative path',
    );
    const { manager: section, ...rest } = manager;
    expect(problemsOf({ ...rest, kind: 'ic_swe', manager: section })).toEqual([
      'tasks/foo/task.json, field "ic": expected an object, found nothing (the field is missing)',
      'tasks/foo/task.json, field "manager": unknown field (check its spelling against the JSON Schema)',
    ]);
  });
});

describe('suite.json schema', () => {
  it('applies defaults for tasksDir, description, lockfiles and readyPath', () => {
    const parsed = suiteFileSchema.parse({
      name: 'demo',
      version: '1.0.0',
      codebases: { app: { dir: 'app', install: 'npm ci', serve: 'npm start', port: 3000 } },
    });
    expect(parsed.tasksDir).toBe('tasks');
    expect(parsed.description).toBe('');
    expect(parsed.codebases.app).toMatchObject({ lockfiles: [], readyPath: '/' });
  });

  it('rejects a bad port and a bad codebase name', () => {
    const input = {
      name: 'demo',
      version: '1',
      codebases: { 'my app': { dir: 'app', install: 'x', serve: 'y', port: 70000 } },
    };
    const parsed = suiteFileSchema.safeParse(input, { error: expectationErrorMap });
    expect(parsed.success).toBe(false);
    const messages = zodProblems({ file: 'suite.json' }, input, parsed.error?.issues ?? []).map(
      (p) => p.message,
    );
    expect(messages).toContain(
      'suite.json, field "codebases": expected a codebase name (letters, digits, ".", "_", "-"), found "my app"',
    );
  });
});

describe('published JSON Schemas', () => {
  it('schema/*.schema.json are what scripts/write-json-schema.ts writes (run `npm run schema`)', async () => {
    for (const [name, text] of Object.entries(renderJsonSchemas())) {
      const committed = await readFile(path.join(repoRoot, 'schema', name), 'utf8');
      expect(committed, `schema/${name} is stale: run npm run schema`).toBe(text);
    }
  });

  it('describes what people write: fields with defaults are optional', () => {
    const task = JSON.parse(renderJsonSchemas()['task.schema.json'] ?? '{}');
    const manager = task.oneOf.find(
      (s: { properties: { kind: { const: string } } }) => s.properties.kind.const === 'swe_manager',
    );
    expect(manager.required).toEqual(['id', 'title', 'price', 'kind', 'manager']);
    expect(manager.additionalProperties).toBe(false);
  });
});
