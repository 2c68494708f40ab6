/**
 * A local HTTP server speaking OpenAI's `POST /v1/chat/completions` and Anthropic's
 * `POST /v1/messages` with scripted replies, so the real SDKs can be pointed at it by base
 * URL. It checks what the real APIs check that matters here (auth header, model, tools
 * referenced by tool results) and records every request.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { RecordedRequest, Script, ScriptStep } from './types.ts';
import { anthropicMessage, errorBody, openaiCompletion } from './wire.ts';

export interface ScriptedProvider {
  /** e.g. `http://127.0.0.1:41234/v1`: OPENAI_BASE_URL or an openai-compatible URL. */
  openaiBaseUrl: string;
  /** e.g. `http://127.0.0.1:41234`: ANTHROPIC_BASE_URL (the SDK appends `/v1/messages`). */
  anthropicBaseUrl: string;
  /** Sets the script for a model id (replaces any earlier one). */
  script(model: string, script: Script): void;
  readonly requests: RecordedRequest[];
  close(): Promise<void>;
}

export interface ScriptedProviderOptions {
  /** The key clients must send; requests with another key get a 401. */
  apiKey: string;
}

export async function startScriptedProvider(
  options: ScriptedProviderOptions,
): Promise<ScriptedProvider> {
  const scripts = new Map<string, Script>();
  const requests: RecordedRequest[] = [];
  const counts = new Map<string, number>();
  const hanging = new Set<ServerResponse>();

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      send(res, 500, { error: { message: String(error) } });
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const protocol =
      path === '/v1/chat/completions'
        ? 'openai'
        : path === '/v1/messages'
          ? 'anthropic'
          : undefined;
    const raw = await readBody(req);
    if (req.method !== 'POST' || protocol === undefined) {
      send(res, 404, { error: { message: `no route ${req.method} ${path}` } });
      return;
    }
    const key =
      protocol === 'openai'
        ? (req.headers.authorization ?? '').replace(/^Bearer /, '')
        : String(
            req.headers['x-api-key'] ?? (req.headers.authorization ?? '').replace(/^Bearer /, ''),
          );
    if (key !== options.apiKey) {
      send(res, 401, errorBody(protocol, 401, 'invalid api key'));
      return;
    }
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(raw) as Record<string, unknown>;
    } catch {
      send(res, 400, errorBody(protocol, 400, 'request body is not JSON'));
      return;
    }
    if (body.stream === true) {
      send(res, 400, errorBody(protocol, 400, 'streaming is not scripted'));
      return;
    }
    if (protocol === 'anthropic' && typeof body.max_tokens !== 'number') {
      send(res, 400, errorBody(protocol, 400, 'max_tokens: Field required'));
      return;
    }
    const model = String(body.model ?? '');
    const index = counts.get(model) ?? 0;
    counts.set(model, index + 1);
    const recorded: RecordedRequest = {
      protocol,
      path,
      model,
      headers: { ...req.headers },
      body,
      text: promptText(body),
      index,
    };
    requests.push(recorded);
    const script = scripts.get(model);
    if (!script) {
      send(res, 404, errorBody(protocol, 404, `The model \`${model}\` does not exist`));
      return;
    }
    const step: ScriptStep | undefined =
      typeof script === 'function' ? script(recorded) : script[index];
    if (!step) {
      send(res, 500, errorBody(protocol, 500, `script for ${model} has no step ${index}`));
      return;
    }
    if ('hang' in step) {
      hanging.add(res);
      res.on('close', () => hanging.delete(res));
      return;
    }
    if ('error' in step) {
      res.writeHead(step.error.status, {
        'content-type': 'application/json',
        ...step.error.headers,
      });
      res.end(
        JSON.stringify(
          errorBody(protocol, step.error.status, step.error.message ?? 'scripted error'),
        ),
      );
      return;
    }
    if (step.delayMs) await new Promise((r) => setTimeout(r, step.delayMs));
    send(
      res,
      200,
      protocol === 'openai'
        ? openaiCompletion(model, step.reply)
        : anthropicMessage(model, step.reply),
    );
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    openaiBaseUrl: `http://127.0.0.1:${port}/v1`,
    anthropicBaseUrl: `http://127.0.0.1:${port}`,
    script(model, script) {
      scripts.set(model, script);
      counts.set(model, 0);
    },
    requests,
    async close() {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

/** All prompt text in a request, whatever the protocol, for scripts that match on it. */
function promptText(body: Record<string, unknown>): string {
  const parts: string[] = [];
  if (typeof body.system === 'string') parts.push(body.system);
  const visit = (value: unknown): void => {
    if (typeof value === 'string') parts.push(value);
    else if (Array.isArray(value)) value.forEach(visit);
    else if (value && typeof value === 'object') {
      const v = value as Record<string, unknown>;
      if ('content' in v) visit(v.content);
      if (typeof v.text === 'string') parts.push(v.text);
    }
  };
  visit(body.messages);
  return parts.join('\n');
}
