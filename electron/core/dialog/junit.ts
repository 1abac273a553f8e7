/** Replay results as JUnit XML (testsuites › testsuite per dialog › testcase per step), for CI. */
import type { DialogResult } from './replay-run.ts';

/** Text and attribute values: markup characters escaped, characters XML cannot hold dropped. */
export function xmlEscape(s: string): string {
  return s
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '')
    .replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

export interface NamedResult {
  file: string;
  name: string;
  result: DialogResult;
}

export function junitXml(results: NamedResult[]): string {
  const secs = (ms: number) => (ms / 1000).toFixed(3);
  const count = (r: DialogResult, s: 'fail' | 'skip') => r.steps.filter((x) => x.status === s).length + (r.status === 'skip' && s === 'skip' ? 1 : 0);
  const total = { tests: 0, failures: 0, skipped: 0, ms: 0 };
  const suites = results.map(({ file, name, result: r }) => {
    const cases = r.status === 'skip' && r.steps.length === 0
      ? [`    <testcase classname="${xmlEscape(name)}" name="dialog" time="0.000">\n      <skipped message="${xmlEscape(r.skipReason ?? 'skipped')}"/>\n    </testcase>`]
      : r.steps.map((s) => {
        const head = `    <testcase classname="${xmlEscape(name)}" name="${xmlEscape(s.label)}" time="${secs(s.ms)}"`;
        if (s.status === 'pass') return `${head}/>`;
        if (s.status === 'skip') return `${head}>\n      <skipped message="${xmlEscape(s.message ?? 'skipped')}"/>\n    </testcase>`;
        const body = [s.message ?? 'failed', ...(s.diff ?? [])].join('\n');
        return `${head}>\n      <failure message="${xmlEscape(s.message ?? 'failed')}" type="DialogMismatch">${xmlEscape(body)}</failure>\n    </testcase>`;
      });
    const tests = Math.max(1, r.steps.length);
    const failures = count(r, 'fail');
    const skipped = count(r, 'skip');
    total.tests += tests;
    total.failures += failures;
    total.skipped += skipped;
    total.ms += r.ms;
    const stderr = r.stderr ? `\n    <system-err>${xmlEscape(r.stderr)}</system-err>` : '';
    return `  <testsuite name="${xmlEscape(name)}" file="${xmlEscape(file)}" tests="${tests}" failures="${failures}" errors="0" skipped="${skipped}" time="${secs(r.ms)}">\n${cases.join('\n')}${stderr}\n  </testsuite>`;
  });
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="porthole replay" tests="${total.tests}" failures="${total.failures}" errors="0" skipped="${total.skipped}" time="${secs(total.ms)}">\n${suites.join('\n')}\n</testsuites>\n`;
}
