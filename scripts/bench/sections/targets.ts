/** The targets of the benchmark issue, as written there; the table marks each met or missed. */
import type { Target } from '../lib/report.ts';

export const TARGETS = {
  ingest: { on: 'ratio', op: '>=', limit: 0.4, text: '≥ 0.40× raw sink' },
  slowdown: { on: 'ratio', op: '<=', limit: 1.1, text: '≤ 1.10× raw sink' },
  renderSpeed: { on: 'ratio', op: '>=', limit: 10, text: '≥ 10× xterm.js' },
  renderMemory: { on: 'ratio', op: '<=', limit: 0.2, text: '≤ 1/5 of xterm.js' },
  latencyIdleP50: { on: 'value', op: '<=', limit: 16, text: '≤ 16 ms' },
  latencyIdleP99: { on: 'value', op: '<=', limit: 50, text: '≤ 50 ms' },
  latencyFloodP99: { on: 'value', op: '<=', limit: 100, text: '≤ 100 ms' },
  enterP99: { on: 'value', op: '<=', limit: 10, text: '≤ 10 ms' },
  longTask: { on: 'value', op: '<=', limit: 50, text: '≤ 50 ms' },
  scale: { on: 'ratio', op: '>=', limit: 1, text: 'all, zero loss' },
  bytesPerLine: { on: 'value', op: '<=', limit: 16, text: '≤ 16 B/line' },
  rendererHeap: { on: 'value', op: '<=', limit: 150, text: '≤ 150 MB' },
  literalSearch: { on: 'value', op: '<=', limit: 1, text: '≤ 1 s' },
  // 32 half-closed connections kept writable, plus 32 transcript files held open for reading back.
  churnFds: { on: 'difference', op: '<=', limit: 70, text: '≤ before + 70' },
  churnRssPerSession: { on: 'value', op: '<=', limit: 8192, text: '≤ 8 KB' },
  plotFullRange: { on: 'value', op: '<=', limit: 1000, text: '≤ 1 s' },
  plotMemory: { on: 'value', op: '<=', limit: 50, text: '≤ 50 MB more' },
} satisfies Record<string, Target>;
