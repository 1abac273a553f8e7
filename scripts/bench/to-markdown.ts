// Prints bench/results.json (or the file given) as a Markdown table, for docs/benchmarks.md.
import { readFileSync } from 'node:fs';
import { renderMarkdown, type ResultsFile } from './lib/report.ts';

const file = process.argv[2] ?? 'bench/results.json';
const data = JSON.parse(readFileSync(file, 'utf8')) as ResultsFile;
const m = data.machine;
process.stdout.write(`Measured ${data.generatedAt.slice(0, 10)}${data.quick ? ' (quick)' : ''} on ${m.cpus} × ${m.cpuModel}, ${Math.round(m.memoryMB / 1024)} GB, ${m.platform}, Node ${m.node}; load average at the end ${m.loadAverage?.join(' ') ?? 'not recorded'}.\n\n`);
process.stdout.write(renderMarkdown(data.rows) + '\n');
