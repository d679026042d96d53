import { connect } from 'node:net';

/** What came back on a raw connection: the bytes, and whether the server closed it (and after how long). */
export interface RawExchange {
  response: string;
  closedByServer: boolean;
  status: number | null;
}

/**
 * Writes `parts` to host:port over a plain socket (each after `gapMs`), as a hostile client can
 * (a forged Host header, a body never sent, a request dribbled out), and reads until the server
 * closes the connection or `waitMs` passes.
 */
export function rawRequest(url: string, parts: (string | Buffer)[], options: { gapMs?: number; waitMs?: number } = {}): Promise<RawExchange> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname);
    let response = '';
    let settled = false;
    const finish = (closedByServer: boolean) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      const status = /^HTTP\/1\.1 (\d{3})/.exec(response);
      resolve({ response, closedByServer, status: status ? Number(status[1]) : null });
    };
    const timer = setTimeout(() => finish(false), options.waitMs ?? 3000);
    socket.on('data', (chunk) => (response += chunk.toString('latin1')));
    socket.on('close', () => finish(true));
    socket.on('error', (error) => (settled ? undefined : reject(error)));
    socket.once('connect', () => {
      let i = 0;
      const next = () => {
        if (settled || socket.destroyed || i >= parts.length) return;
        socket.write(parts[i++]!, () => setTimeout(next, options.gapMs ?? 0));
      };
      next();
    });
  });
}
