import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InputError } from '../errors.ts';
import { COMMAND_PRESETS, expandPreset, presetEnv, presetSecrets } from './command-presets.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'presets-'));
  await writeFile(
    path.join(dir, 'issue.md'),
    "Fix the total; it's wrong by $5 `now`\nsecond line\n",
  );
  // Fake CLIs that record the arguments they were given, NUL-separated.
  for (const name of ['claude', 'codex', 'aider', 'gemini', 'opencode', 'my-agent']) {
    const script = path.join(dir, name);
    await writeFile(
      script,
      `#!/bin/sh\nfor a in "$@"; do printf '%s\\0' "$a"; done > "${dir}/${name}.args"\n`,
    );
    await chmod(script, 0o755);
  }
});
afterAll(() => rm(dir, { recursive: true, force: true }));

async function runExpanded(spec: string): Promise<string[]> {
  const expanded = expandPreset(spec);
  await execa('bash', ['-c', expanded.command], {
    env: { PATH: `${dir}:/usr/bin:/bin`, SWELANCER_ISSUE_FILE: path.join(dir, 'issue.md') },
  });
  const bin = expanded.command.split(' ')[0] ?? '';
  return (await readFile(path.join(dir, `${bin}.args`), 'utf8')).split('\0').slice(0, -1);
}

describe('CLI agent presets', () => {
  it('claude-code passes the whole issue file as one argument, with the model', async () => {
    const args = await runExpanded('claude-code?model=sonnet&max_turns=50');
    expect(args[0]).toBe('-p');
    expect(args[1]).toBe("Fix the total; it's wrong by $5 `now`\nsecond line");
    expect(args).toContain('--dangerously-skip-permissions');
    expect(args.slice(args.indexOf('--model'), args.indexOf('--model') + 2)).toEqual([
      '--model',
      'sonnet',
    ]);
    expect(args.slice(args.indexOf('--max-turns'), args.indexOf('--max-turns') + 2)).toEqual([
      '--max-turns',
      '50',
    ]);
  });

  it('every preset runs its CLI non-interactively with the issue', async () => {
    expect((await runExpanded('codex?model=o3')).at(-1)).toContain('Fix the total');
    expect(await runExpanded('aider?model=gpt-4o')).toEqual(
      expect.arrayContaining([
        '--yes-always',
        '--no-auto-commits',
        '--message-file',
        path.join(dir, 'issue.md'),
      ]),
    );
    expect((await runExpanded('gemini-cli')).slice(-2)[0]).toBe('-p');
    expect((await runExpanded('opencode')).slice(0, 1)).toEqual(['run']);
  });

  it('parameter values are one shell word: no injection through ?model=', async () => {
    const args = await runExpanded("codex?model=o3; touch pwned 'x'");
    expect(args).toContain("o3; touch pwned 'x'");
  });

  it('the template preset substitutes {issue_file} and passes listed variables', async () => {
    const spec = `template?cmd=${encodeURIComponent('my-agent --task {issue_file} --fast')}&env=MY_KEY`;
    expect(await runExpanded(spec)).toEqual(['--task', path.join(dir, 'issue.md'), '--fast']);
    expect(expandPreset(spec).env).toEqual(['MY_KEY']);
  });

  it('labels are stable (parameters sorted) and env lists the keys each CLI needs', () => {
    expect(expandPreset('claude-code?max_turns=5&model=opus').label).toBe(
      'preset:claude-code?max_turns=5&model=opus',
    );
    expect(expandPreset('claude-code?model=opus&max_turns=5').label).toBe(
      'preset:claude-code?max_turns=5&model=opus',
    );
    expect(expandPreset('codex').env).toContain('OPENAI_API_KEY');
    expect(Object.keys(COMMAND_PRESETS)).toEqual([
      'claude-code',
      'codex',
      'aider',
      'gemini-cli',
      'opencode',
      'template',
    ]);
  });

  it('unknown presets and parameters are input errors that say what exists', () => {
    expect(() => expandPreset('cursor')).toThrow(InputError);
    expect(() => expandPreset('cursor')).toThrow(
      /a preset among claude-code, codex, aider, gemini-cli, opencode, template, found "cursor"/,
    );
    expect(() => expandPreset('codex?temperature=1')).toThrow(
      /field "temperature": expected a parameter among model/,
    );
    expect(() => expandPreset('template')).toThrow(/field "cmd": expected a command template/);
  });
});

describe('preset agents', () => {
  it('--agent preset:<name> is the command agent running the expanded command, labelled by the preset', async () => {
    const { createAgent } = await import('./registry.ts');
    const agent = await createAgent('preset:codex?model=o3', {
      env: { OPENAI_API_KEY: 'sk-test-preset-key' },
    });
    expect(agent.label).toBe('preset:codex?model=o3');
    expect(agent.kinds).toEqual(['ic_swe', 'swe_manager']);
    expect(JSON.stringify(agent.config)).toContain(
      'codex exec --dangerously-bypass-approvals-and-sandbox',
    );
    // The key is passed into the sandbox, never part of the config (nor the attempt key).
    expect(JSON.stringify(agent.config)).not.toContain('sk-test-preset-key');
    await expect(createAgent('preset:nope')).rejects.toThrow(/expected a preset among/);
  });

  it('a preset whose key is not set is refused before the run, naming the variables', async () => {
    const { createAgent } = await import('./registry.ts');
    await expect(createAgent('preset:claude-code', { env: {} })).rejects.toThrow(
      'expected ANTHROPIC_API_KEY (or ANTHROPIC_AUTH_TOKEN, CLAUDE_CODE_OAUTH_TOKEN) set in the environment',
    );
    await expect(createAgent('preset:codex', { env: { OPENAI_API_KEY: '' } })).rejects.toThrow(
      /--agent preset:codex: expected OPENAI_API_KEY set in the environment .*, found it unset/,
    );
    await expect(
      createAgent('preset:aider', { env: { ANTHROPIC_API_KEY: 'sk-ant-aider-key' } }),
    ).resolves.toMatchObject({ label: 'preset:aider' });
  });

  it('the values a preset passes are those of its variables that are set', () => {
    const expanded = expandPreset(`template?cmd=x&env=${encodeURIComponent('MY_KEY,MY_URL')}`);
    expect(() => presetEnv(expanded, { MY_KEY: 'k-12345678' })).toThrow(
      /expected MY_URL set in the environment/,
    );
    expect(
      presetEnv(expandPreset('claude-code'), { ANTHROPIC_API_KEY: 'sk-ant-1', OTHER: 'x' }),
    ).toEqual({ ANTHROPIC_API_KEY: 'sk-ant-1' });
    expect(() => expandPreset('template?cmd=x&env=PATH')).toThrow(
      /field "env": expected comma-separated variable names, none of them PATH or SWELANCER_\*, found "PATH"/,
    );
    expect(
      presetSecrets(['gold', 'preset:codex', 'preset:nope'], {
        OPENAI_API_KEY: 'sk-openai-secret',
        ANTHROPIC_API_KEY: 'sk-ant-unused',
      }),
    ).toEqual(['sk-openai-secret']);
  });
});
