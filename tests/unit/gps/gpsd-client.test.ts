import { createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { GpsdSource } from '../../../hardware/gps/sources/gpsd.ts';
import type { Fix, GpsSourceStatus } from '../../../hardware/gps/types.ts';
import { systemClock } from '../../../src/core/clock.ts';
import { waitFor } from '../../helpers/temp.ts';

/** A tiny gpsd: answers ?WATCH with VERSION/DEVICES/WATCH, then plays the given lines. */
function fakeGpsd(lines: string[]): Promise<{ server: Server; port: number; watches: string[]; sockets: Socket[] }> {
  const watches: string[] = [];
  const sockets: Socket[] = [];
  const server = createServer((socket) => {
    sockets.push(socket);
    socket.write('{"class":"VERSION","release":"3.25","rev":"3.25","proto_major":3,"proto_minor":15}\n');
    socket.setEncoding('utf8');
    socket.on('data', (text: string) => {
      watches.push(text);
      if (!text.startsWith('?WATCH=')) return;
      socket.write('{"class":"DEVICES","devices":[{"class":"DEVICE","path":"/dev/ttyUSB0"}]}\n{"class":"WATCH","enable":true,"json":true}\n');
      // Split mid-object to exercise line reassembly.
      const all = lines.join('\n') + '\n';
      socket.write(all.slice(0, 40));
      setImmediate(() => socket.write(all.slice(40)));
    });
    socket.on('error', () => {});
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      resolve({ server, port: typeof address === 'object' && address ? address.port : 0, watches, sockets });
    }),
  );
}

let cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanup.reverse()) await c();
  cleanup = [];
});

describe('gpsd client', () => {
  it('watches with JSON and turns TPV reports into fixes; other classes and junk are ignored', async () => {
    const gpsd = await fakeGpsd([
      '{"class":"SKY","nSat":10,"uSat":7}',
      '{"class":"TPV","device":"/dev/ttyUSB0","mode":3,"status":2,"time":"2026-11-23T08:00:01.000Z","lat":36.1234567,"lon":120.1234567,"altMSL":12.5,"speed":8.25,"track":91.5}',
      'not json',
      '{"class":"TPV","mode":1,"time":"2026-11-23T08:00:02.000Z"}',
    ]);
    cleanup.push(() => new Promise((r) => gpsd.server.close(() => r())));
    const source = new GpsdSource({ port: gpsd.port, clock: systemClock });
    const fixes: Fix[] = [];
    const statuses: GpsSourceStatus[] = [];
    source.onFix((f) => fixes.push(f));
    source.onStatus((s) => statuses.push(s));
    source.start();
    cleanup.push(() => source.stop());
    await waitFor(() => fixes.length >= 2, 'two TPV fixes');
    expect(gpsd.watches[0]).toBe('?WATCH={"enable":true,"json":true}\n');
    expect(fixes[0]).toEqual({ time: '2026-11-23T08:00:01.000Z', mode: 3, status: 2, lat: 36.1234567, lon: 120.1234567, altMSL: 12.5, speed: 8.25, track: 91.5 });
    expect(fixes[1]).toMatchObject({ mode: 1, time: '2026-11-23T08:00:02.000Z' });
    expect(Number.isNaN(fixes[1]!.lat)).toBe(true);
    expect(statuses.map((s) => s.status)).toContain('fix');
    expect(source.status()).toMatchObject({ status: 'no-fix', device: `gpsd://127.0.0.1:${gpsd.port}` });
    // Receiver time minus this PC's clock, measured on the fix with a time.
    const offset = source.status().clockOffsetMs!;
    expect(Math.abs(offset - (Date.parse('2026-11-23T08:00:02.000Z') - Date.now()))).toBeLessThan(5000);
  });

  it('reconnects when gpsd goes away and comes back', async () => {
    const first = await fakeGpsd(['{"class":"TPV","mode":2,"time":"2026-11-23T08:00:01.000Z","lat":36,"lon":120}']);
    const port = first.port;
    const source = new GpsdSource({ port, clock: systemClock, reopenMinMs: 50, reopenMaxMs: 200 });
    const fixes: Fix[] = [];
    source.onFix((f) => fixes.push(f));
    source.start();
    cleanup.push(() => source.stop());
    await waitFor(() => fixes.length === 1, 'first fix');
    for (const s of first.sockets) s.destroy();
    await new Promise<void>((r) => first.server.close(() => r()));
    await waitFor(() => source.status().status === 'no-device', 'no-device after gpsd left');
    const second = await new Promise<Server>((resolve) => {
      const server = createServer((socket) => {
        socket.on('data', () => socket.write('{"class":"TPV","mode":3,"time":"2026-11-23T08:00:05.000Z","lat":36,"lon":120,"altMSL":3}\n'));
        socket.on('error', () => {});
      });
      server.listen(port, '127.0.0.1', () => resolve(server));
    });
    cleanup.push(() => new Promise((r) => second.close(() => r())));
    await waitFor(() => fixes.length === 2, 'fix after reconnect');
    expect(fixes[1]!.mode).toBe(3);
    await source.stop();
  });
});
