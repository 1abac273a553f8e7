import { describe, expect, it } from 'vitest';
import type { ListenerInfo } from '../../../shared/types.ts';
import { isOwnAddress, listenPlaces, placeLabel, pythonExample } from './listen-address.ts';

const tcp = (host: string | undefined, port: number, state: ListenerInfo['state'] = 'listening'): ListenerInfo =>
  ({ id: port, kind: 'tcp', host, port, addresses: [], state, exposed: false });
const unix = (path: string): ListenerInfo => ({ id: 1, kind: 'unix', path, addresses: [path], state: 'listening', exposed: false });

describe('listenPlaces', () => {
  it('names each working listener as a script on this machine reaches it', () => {
    const places = listenPlaces([tcp('localhost', 50010), tcp('0.0.0.0', 7000), tcp('127.0.0.1', 9, 'error'), unix('/tmp/p.sock'), tcp('::1', 8000)]);
    expect(places.map(placeLabel)).toEqual(['localhost:50010', 'localhost:7000', '/tmp/p.sock', '[::1]:8000']);
  });
  it('is empty when nothing listens', () => {
    expect(listenPlaces([tcp('localhost', 50008, 'error')])).toEqual([]);
  });
});

describe('pythonExample', () => {
  it('uses the real host and port, or the socket path', () => {
    expect(pythonExample({ kind: 'tcp', host: 'localhost', port: 50123 })).toContain('socket.create_connection(("localhost", 50123))');
    expect(pythonExample({ kind: 'unix', path: '/tmp/p.sock' })).toContain('sock.connect("/tmp/p.sock")');
  });
});

describe('isOwnAddress', () => {
  const mine = [tcp('localhost', 50008), tcp('192.168.1.5', 6000), tcp('127.0.0.1', 7000, 'error'), tcp('0.0.0.0', 8000)];
  it.each([
    ['localhost', 50008, true],
    ['127.0.0.1', 50008, true],
    ['[::1]', 50008, true],
    [' LOCALHOST ', 50008, true],
    ['192.168.1.5', 6000, true],
    ['localhost', 6000, false],
    ['127.0.0.1', 8000, true],
    ['localhost', 9000, false],
    ['example.com', 50008, false],
    ['127.0.0.1', 7000, false],
  ])('%s:%d → %s', (host, port, expected) => {
    expect(isOwnAddress(mine, host, port)).toBe(expected);
  });
});
