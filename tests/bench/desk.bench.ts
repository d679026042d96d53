/**
 * Service desk: take-a-number latency through the API (synchronous=FULL, ticket + history + outbox
 * row in one transaction), peer: the bare fsync'd one-row transaction on the same disk. Handbook
 * search over 2,000 generated articles through the trigram index, peer: a plain LIKE '%q%' scan.
 */
import Database from 'better-sqlite3';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { noPrinter } from '../../hardware/printer/file-printers.ts';
import { deskApi } from '../../src/api/areas/desk.ts';
import type { ApiDeps } from '../../src/api/deps.ts';
import type { LiveEvent } from '../../src/api/live.ts';
import { configSchema } from '../../src/config/schema.ts';
import { ManualClock } from '../../src/core/clock.ts';
import { Emitter } from '../../src/core/emitter.ts';
import { unwrap } from '../../src/core/result.ts';
import { DeskService } from '../../src/services/desk/desk-service.ts';
import { shippedHandbookPath, type Handbook } from '../../src/services/handbook/articles.ts';
import { PolicyHandbook } from '../../src/services/handbook/handbook-service.ts';
import { Store } from '../../src/store/store.ts';
import { tempDir } from '../helpers/temp.ts';

const takes = 400;
const articles = 2000;
const searchRounds = 30;

function percentiles(samples: number[]): { p50: number; p99: number; max: number } {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  return { p50: at(0.5), p99: at(0.99), max: sorted.at(-1)! };
}

const fmt = ({ p50, p99, max }: { p50: number; p99: number; max: number }) =>
  `p50 ${p50.toFixed(2).padStart(6)} ms  p99 ${p99.toFixed(2).padStart(6)} ms  max ${max.toFixed(2).padStart(6)} ms`;

async function takeLatency(dir: string): Promise<void> {
  const clock = new ManualClock('2026-11-23T02:00:00.000Z');
  const store = unwrap(Store.open(join(dir, 'bus.db'), clock));
  const config = configSchema.parse({});
  const desk = new DeskService({ store, clock, config: config.desk });
  const api = deskApi({ desk, printer: noPrinter, live: new Emitter<LiveEvent>(), clock, config } as Partial<ApiDeps> as ApiDeps);
  const items = ['policy-consult', 'pension-insurance', 'medical-insurance', 'residence-permit', 'elderly-subsidy'];
  const samples: number[] = [];
  for (let i = 0; i < takes; i++) {
    const started = performance.now();
    const taken = await api.deskTakeTicket({ itemId: items[i % items.length]!, priority: i % 7 === 0 ? 'elderly' : undefined, print: false });
    samples.push(performance.now() - started);
    if (!taken.ok) throw new Error(taken.error.message);
    clock.advance(1000);
  }
  const outboxRows = store.db.prepare("SELECT count(*) FROM outbox WHERE kind = 'ticket'").pluck().get() as number;
  store.close();

  // Peer: the floor any durable write pays here — one row, one fsync'd transaction, nothing else.
  const bare = new Database(join(dir, 'bare.db'));
  bare.pragma('journal_mode = WAL');
  bare.pragma('synchronous = FULL');
  bare.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT NOT NULL) STRICT');
  const insert = bare.prepare('INSERT INTO t (v) VALUES (?)');
  const bareSamples: number[] = [];
  for (let i = 0; i < takes; i++) {
    const started = performance.now();
    bare.transaction(() => insert.run(`row ${i}`)).immediate();
    bareSamples.push(performance.now() - started);
  }
  bare.close();

  const ours = percentiles(samples);
  const floor = percentiles(bareSamples);
  console.log(`take a number (${takes} takes, queue growing to ${takes} waiting, synchronous=FULL, ${outboxRows} outbox rows):`);
  console.log(`  deskTakeTicket (API, zod, ticket+history+outbox, wait estimate)  ${fmt(ours)}`);
  console.log(`  peer: bare one-row fsync'd transaction                           ${fmt(floor)}`);
  console.log(`  ratio p50 ${(ours.p50 / floor.p50).toFixed(1)}×, p99 ${(ours.p99 / floor.p99).toFixed(1)}×; target p99 ≤ 20 ms: ${ours.p99 <= 20 ? 'met' : 'NOT met'}`);
}

/** 2,000 articles built from the shipped ones: sentences reshuffled, numbered titles. */
function generatedHandbook(): Handbook {
  const shipped = JSON.parse(readFileSync(shippedHandbookPath, 'utf8')) as Handbook;
  const sentences = shipped.articles.flatMap((a) => a.body.zh.split(/(?<=。)/)).filter((s) => s.trim() !== '');
  let seed = 7;
  const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  return {
    articles: Array.from({ length: articles }, (_, i) => {
      const base = shipped.articles[i % shipped.articles.length]!;
      const body = Array.from({ length: 6 }, () => sentences[Math.floor(random() * sentences.length)]!).join('');
      return { id: `${base.id}-${i}`, title: { zh: `${base.title.zh}（${i}）`, en: `${base.title.en} (${i})` }, body: { zh: body }, tags: base.tags };
    }),
  };
}

function searchLatency(dir: string): void {
  const clock = new ManualClock();
  const store = unwrap(Store.open(join(dir, 'handbook.db'), clock));
  const handbook = new PolicyHandbook({ store, clock });
  unwrap(handbook.apply(2, generatedHandbook()));
  const chars = store.db.prepare('SELECT sum(length(body_zh)) FROM handbook_article').pluck().get() as number;
  const queries = ['养老保险', '电动自行车', '组织关系', '医疗保险', '高龄老人', '居住证', '议事日', '卫生服务中心', '身份证 户口簿', 'pension'];
  const shortQueries = ['养老', '医保', '党员'];
  const like = store.db.prepare(
    "SELECT id FROM handbook_article WHERE title_zh LIKE @q OR title_en LIKE @q OR body_zh LIKE @q OR tags LIKE @q",
  );
  const index: number[] = [];
  const scan: number[] = [];
  const short: number[] = [];
  let hits = 0;
  for (let round = 0; round < searchRounds; round++) {
    for (const q of queries) {
      let started = performance.now();
      const result = handbook.search(q);
      index.push(performance.now() - started);
      if (result.method !== 'index') throw new Error(`${q} did not use the index`);
      hits += result.hits.length;
      // The peer answers the first term as a plain substring scan (it cannot rank or AND terms).
      started = performance.now();
      like.all({ q: `%${q.split(' ')[0]}%` });
      scan.push(performance.now() - started);
    }
    for (const q of shortQueries) {
      const started = performance.now();
      handbook.search(q);
      short.push(performance.now() - started);
    }
  }
  store.close();
  const ours = percentiles(index);
  const peer = percentiles(scan);
  console.log(`handbook search (${articles} articles, ${(chars / 1000).toFixed(0)}k body characters, ${queries.length} queries × ${searchRounds}, top 20 ranked, ${hits} hits):`);
  console.log(`  trigram FTS5 index (handbookSearch, ≥ 3 characters)   ${fmt(ours)}`);
  console.log(`  peer: plain LIKE '%q%' scan over the same articles    ${fmt(peer)}`);
  console.log(`  ratio: the scan takes ${(peer.p50 / ours.p50).toFixed(1)}× the index's time at p50, ${(peer.p99 / ours.p99).toFixed(1)}× at p99; target p99 ≤ 10 ms: ${ours.p99 <= 10 ? 'met' : 'NOT met'}`);
  console.log(`  1–2 character queries (LIKE fallback: ${shortQueries.join(' ')})   ${fmt(percentiles(short))}`);
}

export async function run(): Promise<void> {
  const dir = tempDir('lianxin-bench-desk-');
  try {
    await takeLatency(dir.path);
    searchLatency(dir.path);
  } finally {
    dir.cleanup();
  }
}
