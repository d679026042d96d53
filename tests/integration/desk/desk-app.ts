import { join } from 'node:path';
import { FakeTicketPrinter } from '../../../hardware/printer/fake.ts';
import { deskApi } from '../../../src/api/areas/desk.ts';
import { handbookApi } from '../../../src/api/areas/handbook.ts';
import type { LiveEvent } from '../../../src/api/index.ts';
import type { ApiDeps } from '../../../src/api/deps.ts';
import { configSchema, type ConfigInput } from '../../../src/config/schema.ts';
import { ManualClock } from '../../../src/core/clock.ts';
import { Emitter } from '../../../src/core/emitter.ts';
import { unwrap } from '../../../src/core/result.ts';
import { DeskService } from '../../../src/services/desk/desk-service.ts';
import { hashPin } from '../../../src/services/desk/staff-auth.ts';
import { PolicyHandbook } from '../../../src/services/handbook/handbook-service.ts';
import { Store } from '../../../src/store/store.ts';
import { tempDir } from '../../helpers/temp.ts';

/** Staff accounts of the test bus: PINs in clear here only, hashed in the config as on a real bus. */
export const staffPins = { s01: '246810', s02: '135790' } as const;
const staffConfig = [
  { id: 's01', name: '王丽', pinHash: hashPin(staffPins.s01) },
  { id: 's02', name: '李强', pinHash: hashPin(staffPins.s02) },
];

/** The desk and handbook areas of the onboard API, exactly as buildApi spreads them. */
export type DeskAreas = ReturnType<typeof deskApi> & ReturnType<typeof handbookApi>;

export interface DeskApp {
  api: DeskAreas;
  store: Store;
  clock: ManualClock;
  printer: FakeTicketPrinter;
  /** The service behind the API, for the housekeeping sweep the host runs on a timer. */
  desk: DeskService;
  live: LiveEvent[];
  dbPath: string;
  /** Closes the store and builds everything again on the same file, as a power cut and reboot would. */
  restart(): DeskApp;
  close(): void;
}

/**
 * The desk and handbook API areas with the real services on a SQLite file in a temp dir, a manual clock
 * (default Monday 2026-11-23 10:00 China time) and an in-memory printer.
 */
export function openDeskApp(options: { desk?: ConfigInput['desk']; clock?: ManualClock; dir?: string } = {}): DeskApp & { cleanup(): void } {
  const dir = options.dir ? { path: options.dir, cleanup: () => {} } : tempDir('lianxin-desk-');
  const clock = options.clock ?? new ManualClock('2026-11-23T02:00:00.000Z');
  const config = configSchema.parse({ dataDir: dir.path, desk: { staff: staffConfig, ...options.desk } });
  const dbPath = join(dir.path, 'bus.db');
  const build = (): DeskApp => {
    const store = unwrap(Store.open(dbPath, clock));
    const live = new Emitter<LiveEvent>();
    const events: LiveEvent[] = [];
    live.on((e) => events.push(e));
    const printer = new FakeTicketPrinter();
    const deps = {
      config,
      clock,
      store,
      live,
      desk: new DeskService({ store, clock, config: config.desk }),
      handbook: new PolicyHandbook({ store, clock }),
      printer,
    } as Partial<ApiDeps> as ApiDeps;
    return {
      api: { ...deskApi(deps), ...handbookApi(deps) },
      store,
      clock,
      printer,
      desk: deps.desk,
      live: events,
      dbPath,
      restart() {
        store.close();
        return build();
      },
      close: () => store.close(),
    };
  };
  return { ...build(), cleanup: dir.cleanup };
}

/** Takes a number and returns the ticket, failing the test on an error result. */
export async function take(app: DeskApp, itemId: string, extra: Record<string, unknown> = {}) {
  const taken = await app.api.deskTakeTicket({ itemId, print: false, ...extra });
  if (!taken.ok) throw new Error(`${taken.error.code}: ${taken.error.message}`);
  // The secret goes with the ticket, as the resident holds it on paper.
  return { ...taken.value.ticket, secret: taken.value.secret };
}
