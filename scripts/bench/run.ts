// `npm run bench`: every measurement of the benchmark issue, Porthole beside its peers, in one run.
import { runBench } from './lib/main.ts';
import { commandSection } from './sections/command-section.ts';
import { coreSection } from './sections/core-section.ts';
import { uiSection } from './sections/ui-section.ts';

await runBench('Porthole benchmarks', [coreSection, uiSection, commandSection]);
