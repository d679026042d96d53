/**
 * One year of what five buses send the office, written straight into the office event table as
 * the receiver would commit it: trip events (3 stops, 5 service nodes, 12 laps a day), counter
 * rows, service-desk tickets with their state changes, comments (a third of them help requests)
 * and ratings. Deterministic (seeded) so runs compare.
 */
import type Database from 'better-sqlite3';
import { seededRandom } from '../../helpers/random.ts';

const stops = [
  ['furonglu-center', 0],
  ['hongfu-jiayuan', 2600],
  ['hongshiya-shangyejie', 5600],
] as const;
const nodes = [
  ['hongshiya-market', 1200],
  ['street-office', 3500],
  ['hongshiya-primary', 4400],
  ['sino-german-primary', 6500],
  ['health-centre', 7600],
] as const;
const items = ['policy-consult', 'elderly-care-consult', 'party-transfer', 'medical-insurance', 'pension-insurance', 'elderly-subsidy', 'ebike-registration', 'senior-card'];
const levels = ['very-satisfied', 'very-satisfied', 'satisfied', 'satisfied', 'satisfied', 'basically-satisfied', 'dissatisfied', 'very-dissatisfied'];
const categories = ['suggestion', 'help', 'help', 'complaint', 'praise', 'topic'];

export interface Generated {
  events: number;
  first: string;
  last: string;
}

export function generateYear(db: Database.Database, options: { buses: number; days: number; end: Date }): Generated {
  const random = seededRandom(20261123);
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]!;
  const insert = db.prepare('INSERT INTO event (bus_id, seq, id, kind, at, payload, received_at) VALUES (?, ?, ?, ?, ?, ?, ?)');
  const dayMs = 86_400_000;
  const startMs = Date.UTC(options.end.getUTCFullYear(), options.end.getUTCMonth(), options.end.getUTCDate()) - options.days * dayMs;
  let total = 0;
  let n = 0;
  const id = () => `00000000-0000-7000-8000-${(n++).toString(16).padStart(12, '0')}`;
  for (let b = 1; b <= options.buses; b++) {
    const busId = `bus-${String(b).padStart(2, '0')}`;
    let seq = 0;
    const add = (kind: string, atMs: number, payload: Record<string, unknown>) => {
      const at = new Date(atMs).toISOString();
      insert.run(busId, ++seq, id(), kind, at, JSON.stringify(payload), at);
    };
    db.transaction(() => {
      for (let d = 0; d < options.days; d++) {
        const dayStart = startMs + d * dayMs; // 08:00 in Qingdao
        const day = new Date(dayStart + 8 * 3600_000).toISOString().slice(0, 10);
        for (let lap = 1; lap <= 12; lap++) {
          const lapStart = dayStart + (lap - 1) * 40 * 60_000;
          const places = [...stops.map(([s, m]) => ({ id: s, m, stop: true })), ...nodes.map(([s, m]) => ({ id: s, m, stop: false }))].sort((x, y) => x.m - y.m);
          for (const place of places) {
            const at = lapStart + (place.m / 8400) * 36 * 60_000;
            const lapNo = d * 12 + lap;
            if (!place.stop) {
              add('trip', at, { type: 'passing', stopId: place.id, lap: lapNo, time: new Date(at).toISOString(), distance: place.m });
              continue;
            }
            add('trip', at, { type: 'arrived', stopId: place.id, lap: lapNo, time: new Date(at).toISOString(), distance: place.m });
            const boarded = Math.floor(random() * 8);
            const alighted = Math.floor(random() * 8);
            const hour = new Date(at + 8 * 3600_000).getUTCHours();
            add('count', at + 20_000, { id: id(), at: new Date(at + 20_000).toISOString(), day, hour, lap: lapNo, stopId: place.id, afterStopId: null, betweenStops: false, source: 'counter', door: 1, boarded, alighted, occupancy: 10 });
            add('trip', at + 60_000, { type: 'departed', stopId: place.id, lap: lapNo, time: new Date(at + 60_000).toISOString(), distance: place.m + 5 });
          }
        }
        for (let t = 0; t < 30; t++) {
          const ticketId = `${busId}-${day}-${t}`;
          const itemId = pick(items);
          const taken = dayStart + t * 14 * 60_000 + Math.floor(random() * 600_000);
          const called = taken + Math.floor(random() * 20 * 60_000);
          const base = { v: 1, ticketId, day, number: `B${String(t + 1).padStart(3, '0')}`, categoryId: 'errand', itemId, priority: null, staffId: 's1', counter: 1 };
          add('ticket', taken, { ...base, action: 'take', from: null, to: 'waiting', at: new Date(taken).toISOString() });
          add('ticket', called, { ...base, action: 'call', from: 'waiting', to: 'called', at: new Date(called).toISOString() });
          if (random() < 0.08) {
            add('ticket', called + 180_000, { ...base, action: 'no_show', from: 'called', to: 'no_show', at: new Date(called + 180_000).toISOString() });
            continue;
          }
          const started = called + 60_000;
          const finished = started + Math.floor((3 + random() * 12) * 60_000);
          add('ticket', started, { ...base, action: 'start', from: 'called', to: 'serving', at: new Date(started).toISOString() });
          if (random() < 0.05) {
            add('ticket', finished, { ...base, action: 'hand_over', from: 'serving', to: 'handed_over', at: new Date(finished).toISOString(), handover: { note: '材料不全，需补交', name: '张三', phone: '13800001111' } });
            continue;
          }
          add('ticket', finished, { ...base, action: 'finish', from: 'serving', to: 'done', at: new Date(finished).toISOString() });
          if (random() < 0.5) {
            const level = pick(levels);
            add('rating', finished + 30_000, { id: id(), ticketId, at: new Date(finished + 30_000).toISOString(), level, reasons: level.includes('dissatisfied') ? ['long-wait'] : [], followUp: level.includes('dissatisfied') });
          }
        }
        for (let c = 0; c < 3; c++) {
          const at = dayStart + (c + 1) * 3 * 3600_000;
          const category = pick(categories);
          add('comment', at, { id: id(), reference: `R${busId.slice(-2)}${(d * 3 + c).toString(36).toUpperCase().padStart(3, '0')}`, at: new Date(at).toISOString(), day, category, phrases: [], text: `第${d}天的留言<b>${c}</b>`, contact: '13912345678', ticketId: null, meetingDay: category === 'topic' ? `${day.slice(0, 8)}15` : null });
        }
      }
    })();
    db.prepare('INSERT INTO bus (bus_id, committed_seq, online, status_at, last_seen) VALUES (?, ?, 1, ?, ?)').run(busId, seq - 3, options.end.toISOString(), options.end.toISOString());
    total += seq;
  }
  return { events: total, first: new Date(startMs).toISOString().slice(0, 10), last: new Date(startMs + (options.days - 1) * dayMs).toISOString().slice(0, 10) };
}
