import { wirePayload } from '../../helpers/wire-payloads.ts';
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { systemClock } from '../../../src/core/clock.ts';
import { unwrap } from '../../../src/core/result.ts';
import { OfficeReceiver } from '../../../src/office/receiver.ts';
import { OfficeStore } from '../../../src/office/store.ts';
import { outboxPriority } from '../../../src/store/outbox.ts';
import { Store } from '../../../src/store/store.ts';
import { Uplink } from '../../../src/sync/uplink.ts';
import { sampleAclPath, startMosquitto, type Mosquitto } from '../../helpers/mosquitto.ts';
import { accounts, fast, mqttFor, type Account } from './settings.ts';

export { fast, mqttFor };

export function startBroker(dir: string, persistence = false): Promise<Mosquitto> {
  return startMosquitto({ dir: join(dir, 'broker'), persistence, users: { ...accounts }, aclPath: sampleAclPath });
}

export function openBusStore(path: string): Store {
  return unwrap(Store.open(path, systemClock));
}

/** Adds `count` count-events to the bus outbox in one transaction; returns seq → id of every row added. */
export function fillOutbox(store: Store, count: number, kind = 'count'): Map<number, string> {
  const added = new Map<number, string>();
  const at = new Date().toISOString();
  store.withTransaction(() => {
    for (let i = 0; i < count; i++) {
      const row = store.outbox.add({ kind, at, payload: wirePayload(kind, i, { n: i }), priority: outboxPriority.count });
      added.set(row.seq, row.id);
    }
  });
  return added;
}

export function startUplink(store: Store, url: string, account: Account = 'bus-a', window?: number): Uplink {
  const uplink = new Uplink({ store, busId: account, mqtt: mqttFor(url, account), clock: systemClock, window, ...fast });
  uplink.start();
  return uplink;
}

export async function startReceiver(
  officePath: string,
  url: string,
  lanes = 1,
  ledger: { databaseUrl?: string; clientId?: string; productionTimings?: boolean } = {},
): Promise<{ store: OfficeStore; receiver: OfficeReceiver }> {
  const store = unwrap(await OfficeStore.open(officePath, systemClock, ledger.databaseUrl));
  const receiver = new OfficeReceiver(store.ledger, mqttFor(url, 'office'), {
    clientId: ledger.clientId,
    ...(ledger.productionTimings ? {} : { backoff: fast.backoff, ackDebounceMs: fast.ackDebounceMs }),
    lanes,
  });
  await receiver.start();
  return { store, receiver };
}

/** What the office database holds for a bus, read through a separate connection as a dashboard would. */
export function officeRows(officePath: string, busId: string): { seq: number; id: string }[] {
  const db = new Database(officePath, { readonly: true });
  try {
    return db.prepare('SELECT seq, id FROM event WHERE bus_id = ? ORDER BY rowid').all(busId) as { seq: number; id: string }[];
  } finally {
    db.close();
  }
}

/** Every expected row exactly once, nothing else: returns the problems found (empty when right). */
export function compare(expected: Map<number, string>, rows: { seq: number; id: string }[]): { missing: number; duplicates: number; wrongId: number; extra: number } {
  const seen = new Map<number, number>();
  let wrongId = 0;
  let extra = 0;
  for (const row of rows) {
    seen.set(row.seq, (seen.get(row.seq) ?? 0) + 1);
    const id = expected.get(row.seq);
    if (id === undefined) extra++;
    else if (id !== row.id) wrongId++;
  }
  let missing = 0;
  let duplicates = 0;
  for (const seq of expected.keys()) if (!seen.has(seq)) missing++;
  for (const n of seen.values()) if (n > 1) duplicates += n - 1;
  return { missing, duplicates, wrongId, extra };
}
