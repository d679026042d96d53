/**
 * Office dashboard over one year of five buses' data: how fast the event table is projected, and
 * each page's API answer time (p50 / p95 over repeated calls, budget 200 ms p95) on SQLite, the
 * office's database. Peer in the same run: the same queries on PostgreSQL over the same rows
 * (a throwaway cluster; if it cannot start, the reason is printed and the SQLite figures stand).
 */
import { join } from 'node:path';
import pg from 'pg';
import { ManualClock } from '../../src/core/clock.ts';
import { ok, unwrap } from '../../src/core/result.ts';
import { buildOfficeApi } from '../../src/office/api.ts';
import { officeParts } from '../../src/office/app.ts';
import type { OfficeDownlink } from '../../src/office/publish.ts';
import { OfficeStore } from '../../src/office/store.ts';
import { tempDir } from '../helpers/temp.ts';
import { copyToPostgres, pgPages } from './support/office-pg.ts';
import { generateYear } from './support/office-year.ts';
import { startPostgres } from '../helpers/postgres.ts';

const buses = 5;
const days = 365;
const runs = 40;
const budgetMs = 200;

const noDownlink: OfficeDownlink = { publishCaseUpdate: async () => ok(null), publishContent: async () => ok(null) };

async function timings(fn: () => Promise<unknown>): Promise<{ p50: number; p95: number }> {
  await fn();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await fn();
    samples.push(performance.now() - started);
  }
  samples.sort((a, b) => a - b);
  return { p50: samples[Math.floor(runs * 0.5)]!, p95: samples[Math.ceil(runs * 0.95) - 1]! };
}

const ms = (v: number) => v.toFixed(1).padStart(7);

export async function run(): Promise<void> {
  const dir = tempDir('lianxin-office-bench-');
  const end = new Date('2026-11-23T04:00:00Z');
  const clock = new ManualClock(end);
  const store = unwrap(await OfficeStore.open(join(dir.path, 'office.db'), clock));
  try {
    let started = performance.now();
    const generated = generateYear(store.db, { buses, days, end });
    console.log(`generated ${generated.events.toLocaleString('en')} events (${buses} buses, ${generated.first} … ${generated.last}) in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    const { deps } = officeParts(store, clock, noDownlink, null, null);
    started = performance.now();
    const projected = await deps.projector.catchUp();
    const projectS = (performance.now() - started) / 1000;
    console.log(`projected ${projected.toLocaleString('en')} events in ${projectS.toFixed(1)} s (${Math.round(projected / projectS).toLocaleString('en')} events/s)`);

    const api = buildOfficeApi(deps, { user: { username: 'bench', displayName: 'bench', canUnmask: false }, csrf: '', expiresAt: '' });
    const month = { from: '2026-10-24', to: generated.last };
    const year = { from: generated.first, to: generated.last };
    const sqlitePages: [string, () => Promise<unknown>][] = [
      ['fleet', () => api.officeFleet()],
      ['ridership 30 d', () => api.officeRidership(month)],
      ['ridership 1 y', () => api.officeRidership(year)],
      ['desk 30 d', () => api.officeDesk(month)],
      ['desk 1 y', () => api.officeDesk(year)],
      ['cases', () => api.officeCases({})],
      ['comments 30 d', () => api.officeComments(month)],
      ['ratings 30 d', () => api.officeRatings(month)],
      ['ratings 1 y', () => api.officeRatings(year)],
      ['agenda', () => api.officeAgenda({ meetingDay: '2026-11-15' })],
    ];
    const sqlite = new Map<string, { p50: number; p95: number }>();
    for (const [name, fn] of sqlitePages) sqlite.set(name, await timings(fn));

    const pgResult = new Map<string, { p50: number; p95: number }>();
    const cluster = await startPostgres({ durable: false }).then(
      (server) => ({ ok: true as const, server }),
      (error: Error) => ({ ok: false as const, reason: error.message }),
    );
    if (!cluster.ok) console.log(`PostgreSQL peer skipped: ${cluster.reason}`);
    else {
      const client = new pg.Client({ connectionString: cluster.server.url });
      try {
        await client.connect();
        started = performance.now();
        const rows = await copyToPostgres(store.db, client);
        console.log(`PostgreSQL: copied ${rows.toLocaleString('en')} projected rows in ${((performance.now() - started) / 1000).toFixed(1)} s`);
        const monthly = pgPages(client, month, generated.last);
        const yearly = pgPages(client, year, generated.last);
        const pgFns: Record<string, () => Promise<unknown>> = {
          fleet: monthly.fleet,
          'ridership 30 d': monthly.ridership,
          'ridership 1 y': yearly.ridership,
          'desk 30 d': monthly.desk,
          'desk 1 y': yearly.desk,
          cases: monthly.cases,
          'comments 30 d': monthly.comments,
          'ratings 30 d': monthly.ratings,
          'ratings 1 y': yearly.ratings,
        };
        for (const [name, fn] of Object.entries(pgFns)) pgResult.set(name, await timings(fn));
      } finally {
        await client.end();
        cluster.server.stop();
      }
    }

    console.log(`\npage API answer time over ${runs} calls, ms (SQLite: the office API method; PostgreSQL: the same SQL, rows fetched)`);
    console.log(`${'page'.padEnd(16)} ${'SQLite p50'.padStart(10)} ${'p95'.padStart(7)}  ${'budget'.padEnd(6)}   ${'PG p50'.padStart(7)} ${'p95'.padStart(7)}  PG/SQLite p95`);
    let over = 0;
    for (const [name, s] of sqlite) {
      const p = pgResult.get(name);
      const within = s.p95 <= budgetMs;
      if (!within) over++;
      console.log(
        `${name.padEnd(16)} ${ms(s.p50).padStart(10)} ${ms(s.p95)}  ${(within ? 'ok' : 'OVER').padEnd(6)}   ${p ? ms(p.p50) : '      —'} ${p ? ms(p.p95) : '      —'}  ${p ? (p.p95 / s.p95).toFixed(2) : '—'}`,
      );
    }
    console.log(over === 0 ? `every page within ${budgetMs} ms p95 on SQLite` : `${over} page(s) over the ${budgetMs} ms p95 budget on SQLite`);
    if (over > 0) process.exitCode = 1;
  } finally {
    await store.close();
    dir.cleanup();
  }
}
