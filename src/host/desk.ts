import { join } from 'node:path';
import { DevicePrinter, noPrinter, SimulatedPrinter } from '../../hardware/printer/file-printers.ts';
import type { TicketPrinter } from '../../hardware/printer/types.ts';
import type { Config } from '../config/schema.ts';
import type { Clock } from '../core/clock.ts';
import { delays } from '../core/delays.ts';
import { catalogueContentKind, catalogueSchema } from '../services/desk/catalogue.ts';
import { DeskService } from '../services/desk/desk-service.ts';
import { handbookContentKind, handbookSchema } from '../services/handbook/articles.ts';
import { PolicyHandbook } from '../services/handbook/handbook-service.ts';
import type { Store } from '../store/store.ts';
import type { DownlinkDispatcher } from '../sync/downlink.ts';

export interface DeskParts {
  /** Spread into buildApi's dependencies. */
  deps: { desk: DeskService; handbook: PolicyHandbook; printer: TicketPrinter };
  /** Runs the desk's housekeeping now and every `delays.deskSweepMs` (expiry of past days, retention purge). */
  start(): void;
  stop(): void;
}

export function createTicketPrinter(config: Config): TicketPrinter {
  const { kind, path } = config.desk.printer;
  if (kind === 'none') return noPrinter;
  if (kind === 'device') return new DevicePrinter(path ?? '/dev/usb/lp0');
  return new SimulatedPrinter(path ?? join(config.dataDir, 'printer'));
}

/**
 * The service desk and policy handbook for the onboard assembly. The office's newer catalogue and
 * handbook arrive through the downlink, validated with the desk's own schemas; the dispatcher keeps
 * the version in the `content` table, where the desk reads its catalogue from.
 */
export function buildDesk(parts: { config: Config; clock: Clock; store: Store; downlink?: DownlinkDispatcher }): DeskParts {
  const { config, clock, store, downlink } = parts;
  const desk = new DeskService({ store, clock, config: config.desk });
  const handbook = new PolicyHandbook({ store, clock });
  downlink?.registerDownlink(catalogueContentKind, catalogueSchema, () => undefined);
  downlink?.registerDownlink(handbookContentKind, handbookSchema, (body) => handbook.replaceArticles(body.articles));
  let timer: NodeJS.Timeout | null = null;
  const sweep = () => {
    const { expired, purged } = desk.sweep();
    if (expired + purged > 0) console.log(`desk: ${expired} ticket(s) of past days expired, ${purged} closed ticket(s) purged of personal fields`);
  };
  return {
    deps: { desk, handbook, printer: createTicketPrinter(config) },
    start() {
      sweep();
      timer = setInterval(sweep, delays.deskSweepMs);
      timer.unref();
    },
    stop() {
      if (timer) clearInterval(timer);
      timer = null;
    },
  };
}
