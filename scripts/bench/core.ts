// `npm run bench:core`: Porthole's core beside a raw socket sink and socat, in one run.
import { runBench } from './lib/main.ts';
import { coreSection } from './sections/core-section.ts';

await runBench('Porthole core benchmarks', [coreSection]);
