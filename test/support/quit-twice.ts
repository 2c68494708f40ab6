/**
 * A process that holds a run's lock and waits, stopping on signals as `swelancer run` does:
 * the test sends it Ctrl-C twice. Argument: the run directory.
 */
import { interruptOnSignals } from '../../src/cli/interrupt.ts';
import { createRunStore } from '../../src/store/run-store.ts';
import { silentLogger } from '../../src/util/logger.ts';

const runDir = process.argv[2] ?? '';
createRunStore(runDir, {
  manifest: {
    command: ['run'],
    suite: { name: 'quit', version: '1', origin: '/nowhere' },
    agents: [],
    plan: {
      source: '/nowhere',
      agents: [],
      attempts: 1,
      filters: { kinds: [], ids: [], tags: [], minPrice: undefined, maxPrice: undefined },
      shuffleProposals: false,
      seed: 0,
    },
    skipped: [],
    planId: 'quit',
    gradingVersion: '0',
    createdAt: new Date(0).toISOString(),
  },
  tasks: [],
  plans: [],
});
const logger = { ...silentLogger, warn: (text: string) => process.stderr.write(`${text}\n`) };
interruptOnSignals(logger, () => process.stderr.write(`resume with: --resume ${runDir}\n`));
process.stdout.write('ready\n');
// Stands for attempts that take their time to stop.
setInterval(() => {}, 1000);
