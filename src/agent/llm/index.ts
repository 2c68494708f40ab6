export { LlmAgent, type LlmAgentOptions } from './agent.ts';
export { type CreateLlmAgentOptions, createLlmAgent } from './create.ts';
export { type AgentLimits, DEFAULT_AGENT_LIMITS, type LimitReason } from './limits.ts';
export { LLM_AGENT_VERSION } from './prompts.ts';
export {
  TRAJECTORY_FORMAT,
  type Trajectory,
  type TrajectoryOutcome,
  type TrajectoryStep,
} from './trajectory.ts';
