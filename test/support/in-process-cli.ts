/** The CLI's entry point (what bin/swelancer.js calls) run in the test's process: no spawn. */
import { Writable } from 'node:stream';
import { main } from '../../src/cli/main.ts';

export interface InProcessResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `swelancer <args>` in `cwd` with `env` (empty by default), capturing what it writes. */
export async function inProcessCli(
  cwd: string,
  args: readonly string[],
  env: Record<string, string> = {},
): Promise<InProcessResult> {
  let stdout = '';
  let stderr = '';
  const sink = (write: (text: string) => void) =>
    new Writable({
      write(chunk, _encoding, done) {
        write(String(chunk));
        done();
      },
    });
  const io = {
    stdout: sink((text) => {
      stdout += text;
    }),
    stderr: sink((text) => {
      stderr += text;
    }),
    env,
    cwd,
  };
  const code = await main(args, io);
  // A command that finished set the exit code of the test's own process: leave it unset.
  process.exitCode = undefined;
  return { code, stdout, stderr };
}
