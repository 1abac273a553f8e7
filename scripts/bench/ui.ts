// `npm run bench:ui`: the whole app in browser mode and headless Chromium, beside xterm.js and the raw sink.
import { runBench } from './lib/main.ts';
import { uiSection } from './sections/ui-section.ts';

await runBench('Porthole interface benchmarks', [uiSection]);
