import type { ExecOptions, ExecResult, Sandbox } from './types.ts';

/**
 * The recommended way to run "app server + browser tests" in a sandbox: one exec, one
 * network namespace. The server starts in the background, the script waits until its port
 * accepts connections on 127.0.0.1, runs the tests, then stops the server. The exec's exit
 * code is the tests' exit code, except for the two codes below, which the harness reads as
 * "the app could not be served" (an infrastructure or build problem, not a test failure).
 *
 * This works the same in every provider: in `local` each exec is its own namespace and
 * background processes die with it; in `container` they would survive the exec, so the
 * script stops the server itself.
 */
export interface ServerAndTests {
  /** Shell command that starts the app server in the foreground (it is backgrounded here). */
  serve: string;
  /** Port the server listens on, on 127.0.0.1. */
  port: number;
  /** Shell command that runs the tests against the server. */
  test: string;
  /** How long to wait for the port. @default 60000 */
  readyTimeoutMs?: number;
  /** File (relative to the working directory) collecting the server's output. @default /tmp/server.log */
  serverLog?: string;
}

/** Exit code when the server exited before its port opened. */
export const SERVER_EXITED = 97;
/** Exit code when the port did not open within `readyTimeoutMs`. */
export const SERVER_NOT_READY = 98;

export function serverAndTestsScript(plan: ServerAndTests): string {
  if (!Number.isInteger(plan.port) || plan.port < 1 || plan.port > 65535) {
    throw new RangeError(`port must be an integer in 1..65535, got ${plan.port}`);
  }
  const log = plan.serverLog ?? '/tmp/server.log';
  const tenths = Math.ceil((plan.readyTimeoutMs ?? 60_000) / 100);
  return [
    'set -u',
    `( ${plan.serve} ) >${quote(log)} 2>&1 &`,
    'server=$!',
    'stop_server() { kill -TERM -- "$server" 2>/dev/null; pkill -TERM -P "$server" 2>/dev/null; wait "$server" 2>/dev/null; }',
    'ready=0',
    `for _ in $(seq 1 ${tenths}); do`,
    `  if (exec 3<>/dev/tcp/127.0.0.1/${plan.port}) 2>/dev/null; then ready=1; break; fi`,
    '  if ! kill -0 "$server" 2>/dev/null; then',
    `    echo "server exited before port ${plan.port} opened; its output:" >&2; cat ${quote(log)} >&2; exit ${SERVER_EXITED}`,
    '  fi',
    '  sleep 0.1',
    'done',
    'if [ "$ready" != 1 ]; then',
    `  echo "port ${plan.port} did not open in time; server output:" >&2; cat ${quote(log)} >&2; stop_server; exit ${SERVER_NOT_READY}`,
    'fi',
    `( ${plan.test} )`,
    'status=$?',
    'stop_server',
    'exit "$status"',
  ].join('\n');
}

export function execWithServer(
  sandbox: Sandbox,
  plan: ServerAndTests,
  options: ExecOptions = {},
): Promise<ExecResult> {
  return sandbox.exec(['/bin/bash', '-c', serverAndTestsScript(plan)], options);
}

function quote(text: string): string {
  return `'${text.replaceAll("'", `'\\''`)}'`;
}
