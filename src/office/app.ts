import { demoRoutePath } from '../config/load.ts';
import type { Config } from '../config/schema.ts';
import type { Clock } from '../core/clock.ts';
import { Emitter } from '../core/emitter.ts';
import { err, ok, type Result } from '../core/result.ts';
import { loadRouteFile } from '../route/geojson.ts';
import { officeDatabasePath } from '../host/paths.ts';
import type { Route } from '../route/model.ts';
import { loadShippedCatalogue, type Catalogue } from '../services/desk/catalogue.ts';
import { loadShippedHandbook } from '../services/handbook/articles.ts';
import { OfficeActions, type ShippedContent } from './actions.ts';
import type { OfficeApiDeps } from './api.ts';
import { OfficeAuth } from './auth.ts';
import { OfficeProjector } from './projection.ts';
import { receiverDownlink, type OfficeDownlink } from './publish.ts';
import { OfficeQueries } from './queries.ts';
import { OfficeReceiver, type OfficeEvent } from './receiver.ts';
import { OfficeStore } from './store.ts';
import type { OfficeMapConfig } from './map/tiles.ts';
import { LiveTracks, type TrackPoint } from './map/track.ts';

/**
 * What the office pages hear live: the receiver's bus status, positions and quarantines, and "the
 * read models moved" (once per burst of events, not each event: a backlog of tens of thousands
 * would otherwise be serialised for every open page).
 */
/** A bus online all along still gets its case updates again this often (its status alone cannot say it reconnected). */
const caseRepublishEveryMs = 10 * 60_000;

export type OfficeLiveEvent = Exclude<OfficeEvent, { type: 'event' }> | { type: 'projected'; events: number };

export interface OfficeCore {
  deps: OfficeApiDeps;
  auth: OfficeAuth;
  store: OfficeStore;
  receiver: OfficeReceiver;
  live: Emitter<OfficeLiveEvent>;
  stop(): Promise<void>;
}

/** The office's pieces over one database, without any broker connection (CLI user admin, benchmarks). */
export function officeParts(
  store: OfficeStore,
  clock: Clock,
  downlink: OfficeDownlink,
  route: Route | null,
  catalogue: Catalogue | null,
  shipped: ShippedContent = {},
  map?: OfficeMapConfig,
) {
  const items = new Map((catalogue?.categories ?? []).flatMap((c) => c.items.map((i) => [i.id, i] as const)));
  const auth = new OfficeAuth(store.db, clock);
  const projector = new OfficeProjector(store.db, store.ledger, {
    followUpClass: (id) => items.get(id)?.followUp,
    itemName: (id) => items.get(id)?.name.zh,
    calendar: { holidays: new Set(), makeUpWorkdays: new Set() },
  });
  const queries = new OfficeQueries(store.db, store.ledger, () => clock.now());
  const actions = new OfficeActions(store.db, store.ledger, auth, downlink, clock, shipped);
  const itemNames = Object.fromEntries([...items].map(([id, item]) => [id, item.name.zh]));
  const deps: OfficeApiDeps = { store, queries, projector, actions, auth, route, itemNames, shipped, map, tracks: new LiveTracks(), unsent: new Map(), clock };
  return { auth, deps };
}

/**
 * The catalogue and handbook shipped with the software: item names and 7135 classes for the pages,
 * and the baseline every bus holds (the office's first edit starts from it, one version above).
 */
function shippedContent(): { catalogue: Catalogue | null; shipped: ShippedContent } {
  const shipped: ShippedContent = {};
  let catalogue: Catalogue | null = null;
  try {
    const loaded = loadShippedCatalogue();
    catalogue = loaded.catalogue;
    shipped['service-catalogue'] = { version: loaded.version, body: loaded.catalogue };
  } catch (error) {
    console.error(`office: service catalogue unavailable (${(error as Error).message}); item ids shown as is`);
  }
  try {
    const loaded = loadShippedHandbook();
    shipped['policy-handbook'] = { version: loaded.version, body: loaded.handbook };
  } catch (error) {
    console.error(`office: shipped handbook unavailable (${(error as Error).message})`);
  }
  return { catalogue, shipped };
}

/** The community office's process: receiver → office database → projections → office API; downlink back over the receiver. */
export async function startOffice(config: Config, clock: Clock): Promise<Result<OfficeCore>> {
  if (config.mqtt.url === undefined) return err('no-broker', 'the office needs mqtt.url (the broker the buses publish to)');
  const route = loadRouteFile(config.route ?? demoRoutePath);
  if (!route.ok) return err('route', `office route ${config.route ?? demoRoutePath}: ${route.error.message}`);
  const opened = await OfficeStore.open(officeDatabasePath(config), clock, config.office.database.url);
  if (!opened.ok) return opened;
  const store = opened.value;
  const receiver = new OfficeReceiver(store.ledger, config.mqtt, config.office.receiver);
  const { catalogue, shipped } = shippedContent();
  const { auth, deps } = officeParts(store, clock, receiverDownlink(receiver), route.value, catalogue, shipped, config.office.map);
  for (const user of config.office.users) auth.ensureUser(user);
  const live = new Emitter<OfficeLiveEvent>();
  let pending = false;
  // A bus online again gets its case updates again; a status that only refreshes its backlog does not,
  // unless the last time was long ago (a reconnect the office never saw as offline).
  const republished = new Map<string, { online: boolean; at: number }>();
  const comesOnline = (busId: string, online: boolean) => {
    const before = republished.get(busId);
    const due = online && (before?.online !== true || Date.now() - before.at > caseRepublishEveryMs);
    if (due || !online) republished.set(busId, { online, at: Date.now() });
    return due;
  };
  // Projections follow commits: one catch-up per burst of events, then the pages are told.
  const offReceiver = receiver.events.on((event) => {
    if (event.type !== 'event') live.emit(event);
    if (event.type === 'position') deps.tracks.add(event.busId, event.position as TrackPoint);
    if (event.type === 'bus-status' && event.backlog !== undefined) deps.unsent.set(event.busId, { count: event.backlog, at: event.at });
    if (event.type === 'bus-status' && comesOnline(event.busId, event.online)) {
      void deps.actions.republishCases(event.busId).then(
        ({ failed }) => {
          if (failed > 0) console.error(`office: ${failed} case update(s) for ${event.busId} could not be sent again`);
        },
        (error: Error) => console.error(`office: case updates for ${event.busId} not sent again: ${error.message}`),
      );
    }
    if (event.type !== 'event' || event.duplicate || pending) return;
    pending = true;
    setImmediate(() => {
      pending = false;
      if (!store.db.open) return;
      void deps.projector.catchUpLogged().then((events) => events > 0 && live.emit({ type: 'projected', events }));
    });
  });
  try {
    await receiver.start();
  } catch (error) {
    offReceiver();
    await receiver.stop();
    await store.close();
    return err('broker-unreachable', `office cannot connect to ${config.mqtt.url}: ${(error as Error).message}`);
  }
  // Start-up does not wait on the projection: pages bring it up to date as they read.
  void deps.projector.catchUpLogged().then((events) => events > 0 && live.emit({ type: 'projected', events }));
  return ok({
    deps,
    auth,
    store,
    receiver,
    live,
    async stop() {
      offReceiver();
      await receiver.stop();
      await deps.projector.catchUpLogged();
      await store.close();
    },
  });
}

export type { OfficeEvent };
