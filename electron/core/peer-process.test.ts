import { describe, expect, it } from 'vitest';
import { programName } from './peer-process.ts';

describe('programName', () => {
  it.each([
    [['python3', '-u', 'app.py', '--fast'], 'app.py'],
    [['/usr/bin/python3.11', '/home/me/tools/report.py'], 'report.py'],
    [['python3', '-m', 'http.server'], 'http.server'],
    [['python3', '-c', 'print(1)'], 'python3'],
    [['node', '--inspect', 'server.js'], 'server.js'],
    [['bash', './loop.sh'], 'loop.sh'],
    [['/usr/bin/nc', 'localhost', '50008'], 'nc'],
    [['./a.out'], 'a.out'],
    [[], ''],
  ])('%j → %s', (argv, name) => {
    expect(programName(argv)).toBe(name);
  });
});
