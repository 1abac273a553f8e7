// `npm run bench:command`: the `porthole` command's start-up and `porthole run` beside their baselines.
import { runBench } from './lib/main.ts';
import { commandSection } from './sections/command-section.ts';

await runBench('Porthole command benchmarks', [commandSection]);
