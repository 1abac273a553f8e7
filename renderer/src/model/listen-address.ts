import type { ListenerInfo } from '../../../shared/types.ts';

export type ListenPlace = { kind: 'tcp'; host: string; port: number } | { kind: 'unix'; path: string };

const WILDCARD = new Set(['', '0.0.0.0', '::', '[::]']);

/** Where a script on this machine reaches Porthole, one place per working listener. */
export function listenPlaces(listeners: ListenerInfo[]): ListenPlace[] {
  const places: ListenPlace[] = [];
  for (const l of listeners) {
    if (l.state !== 'listening') continue;
    if (l.kind === 'unix' && l.path) places.push({ kind: 'unix', path: l.path });
    else if (l.kind === 'tcp' && l.port !== undefined) {
      const host = l.host ?? 'localhost';
      places.push({ kind: 'tcp', host: WILDCARD.has(host) ? 'localhost' : host, port: l.port });
    }
  }
  return places;
}

export function placeLabel(p: ListenPlace): string {
  if (p.kind === 'unix') return p.path;
  return `${p.host.includes(':') ? `[${p.host}]` : p.host}:${p.port}`;
}

function isLoopback(host: string): boolean {
  const h = bare(host);
  return h === 'localhost' || h === '::1' || h.startsWith('127.') || h === '::ffff:127.0.0.1';
}

/** Whether connecting to host:port would reach one of Porthole's own listeners (Porthole talking to itself). */
export function isOwnAddress(listeners: ListenerInfo[], host: string, port: number): boolean {
  const h = bare(host);
  return listeners.some((l) => {
    if (l.kind !== 'tcp' || l.state !== 'listening' || l.port !== port) return false;
    const lh = bare(l.host ?? 'localhost');
    return h === lh || (isLoopback(h) && (isLoopback(lh) || WILDCARD.has(lh)));
  });
}

function bare(host: string): string {
  return host.trim().toLowerCase().replace(/^\[|\]$/g, '');
}

/** A Python example that connects to the place: its stdout and stdin become the socket. */
export function pythonExample(p: ListenPlace): string {
  const connect = p.kind === 'unix'
    ? `sock = socket.socket(socket.AF_UNIX)\nsock.connect(${JSON.stringify(p.path)})`
    : `sock = socket.create_connection((${JSON.stringify(p.host)}, ${p.port}))`;
  return `import socket, sys\n${connect}\nsys.stdout = sock.makefile("w", buffering=1)\nsys.stdin = sock.makefile("r")\nprint("hello")`;
}
