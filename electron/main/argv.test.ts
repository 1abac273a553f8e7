import { describe, expect, it } from 'vitest';
import { parseCommonArgs } from '../core/options.ts';
import { ownArgs } from './argv.ts';

describe('ownArgs', () => {
  it.each([
    { argv: [], own: [] },
    { argv: ['--port', '50010', '--no-sandbox'], own: ['--port', '50010'] },
    { argv: ['--enable-logging', '--port=7', '--inspect=9229', '.'], own: ['--port=7'] },
    { argv: ['--unix', '/tmp/a.sock', '--unix', '/tmp/b.sock', '--disable-gpu'], own: ['--unix', '/tmp/a.sock', '--unix', '/tmp/b.sock'] },
    { argv: ['--connect', 'localhost:9000', '--data-dir', '/tmp/d', '--host', '::1'], own: ['--connect', 'localhost:9000', '--data-dir', '/tmp/d', '--host', '::1'] },
    { argv: ['-h', '--type=renderer'], own: ['-h'] },
  ])('$argv → $own', ({ argv, own }) => {
    expect(ownArgs(argv)).toEqual(own);
    expect(() => parseCommonArgs(ownArgs(argv), {}, {})).not.toThrow();
  });

  it('keeps a flag whose value looks like a switch, so the parser sees what the person typed', () => {
    expect(ownArgs(['--port', '--no-sandbox'])).toEqual(['--port', '--no-sandbox']);
  });
});
