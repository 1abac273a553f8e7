/** Command-line options of the benchmark harness and the sizes each mode uses. */
export interface BenchSizes {
  /** Lines of the ingest flood (raw sink, socat, core, app). */
  ingestLines: number;
  /** Lines of the rendering comparison (xterm.js and Porthole's page) and of the responsiveness flood. */
  renderLines: number;
  /** Lines printed by the Python producer. */
  pythonLines: number;
  /** Runs of the Python producer per sink; the median is reported (one run swings ±20% on shared cores). */
  pythonTrials: number;
  /** Latency samples, idle and under flood. */
  latencySamples: number;
  /** Enter-to-script samples. */
  replySamples: number;
  /** Concurrent clients and lines per client of the scale run. */
  scaleClients: number;
  scaleLinesPerClient: number;
  /** Lines held by the memory and search run. */
  bigLines: number;
  /** Short scripts one after another (connect, two lines, exit) of the session churn, and untimed ones before them. */
  churnSessions: number;
  churnWarmup: number;
  /** Bytes of each hostile input of the worst-case rendering (SGR bomb, NUL flood, progress lines), and of the line without a newline. */
  hostileBytes: number;
  longLineBytes: number;
}

export interface BenchOptions {
  quick: boolean;
  sizes: BenchSizes;
  /** Where the JSON results go. */
  out: string;
  /** Chromium binary for the browser parts. */
  chromium: string;
}

// Ingest is measured over 5M lines (400 MB): at a million lines the raw sink is done in
// about 0.1 s, a window in which start-up (JIT warm-up, first batches) dominates.
const FULL: BenchSizes = {
  ingestLines: 5_000_000,
  renderLines: 1_000_000,
  pythonLines: 2_000_000,
  pythonTrials: 5,
  latencySamples: 500,
  replySamples: 200,
  scaleClients: 1_000,
  scaleLinesPerClient: 1_000,
  bigLines: 10_000_000,
  churnSessions: 10_000,
  churnWarmup: 500,
  hostileBytes: 100_000_000,
  longLineBytes: 10_000_000,
};

// Reduced so the whole harness runs in well under two minutes on two shared cores,
// while still exercising every measurement and producing every row.
const QUICK: BenchSizes = {
  ingestLines: 100_000,
  renderLines: 100_000,
  pythonLines: 100_000,
  pythonTrials: 1,
  latencySamples: 40,
  replySamples: 20,
  scaleClients: 100,
  scaleLinesPerClient: 100,
  bigLines: 300_000,
  churnSessions: 500,
  churnWarmup: 100,
  hostileBytes: 10_000_000,
  longLineBytes: 10_000_000,
};

export function parseOptions(argv: string[]): BenchOptions {
  const quick = argv.includes('--quick');
  const outIdx = argv.indexOf('--out');
  const out = outIdx >= 0 && argv[outIdx + 1] ? argv[outIdx + 1] : 'bench/results.json';
  const chromium = process.env.PORTHOLE_CHROMIUM ?? '/usr/bin/chromium';
  return { quick, sizes: quick ? { ...QUICK } : { ...FULL }, out, chromium };
}
