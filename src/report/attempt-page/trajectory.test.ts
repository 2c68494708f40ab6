import { describe, expect, it } from 'vitest';
import { cutHtml, SHOWN_CHARS } from './cut-text.ts';
import { renderTrajectory, type TrajectoryForPage } from './trajectory.ts';

function step(index: number, output: string): TrajectoryForPage['steps'][number] {
  return {
    index,
    latencyMs: 1200,
    usage: { inputTokens: 1000, outputTokens: 50 },
    costUsd: 0.0031,
    assistant: {
      text: `step ${index} <thinking>`,
      toolCalls: [{ id: `c${index}`, name: 'run_command', arguments: '{"command":"ls"}' }],
    },
    toolResults: [{ toolCallId: `c${index}`, name: 'run_command', output, isError: false }],
    notes: [],
  };
}

describe('the trajectory renderer', () => {
  it('renders one row per step with the assistant text, the call and its result', () => {
    const html = renderTrajectory({
      format: 'swelancer.trajectory/1',
      steps: [step(1, 'a.ts\nb.ts'), step(2, 'done')],
      outcome: { status: 'completed', reason: null },
    });
    expect(html.match(/<tr class="step">/g)).toHaveLength(2);
    expect(html).toContain('step 1 &lt;thinking&gt;');
    expect(html).toContain('<code class="tool">run_command</code>');
    expect(html).toContain('a.ts\nb.ts');
    expect(html).toContain('$0.0031');
  });

  it('says why a limit attempt ended', () => {
    const html = renderTrajectory({
      format: 'swelancer.trajectory/1',
      steps: [step(1, 'x')],
      outcome: { status: 'limit', reason: 'steps: 1 model calls used without finishing' },
    });
    expect(html).toContain('<span class="badge limit">limit</span>');
    expect(html).toContain('steps: 1 model calls used without finishing');
  });

  it('cuts a long result to its head and tail, SHOWN_CHARS in all, with a marker', () => {
    const output = `HEAD${'x'.repeat(10_000)}TAIL`;
    const html = cutHtml(output, SHOWN_CHARS, 'trajectory.json');
    const kept = html.replace(/<span class="cut">.*<\/span>/, '');
    expect(kept).toHaveLength(SHOWN_CHARS);
    expect(kept.startsWith('HEAD')).toBe(true);
    expect(kept.endsWith('TAIL')).toBe(true);
    expect(html).toContain('8,008 characters cut; all of it is in trajectory.json');
    expect(cutHtml('short')).toBe('short');
  });
});
