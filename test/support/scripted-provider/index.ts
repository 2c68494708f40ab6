export { type ScriptedProvider, startScriptedProvider } from './server.ts';
export type { RecordedRequest, Script, ScriptedToolCall, ScriptStep } from './types.ts';
