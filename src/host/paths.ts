import { join } from 'node:path';
import type { Config } from '../config/schema.ts';
import { busDatabaseName } from '../store/recovery/open-bus-store.ts';

export { rendererDir } from '../app-root/app-root.ts';

/** The bus's database: outbox, trip state, desk, feedback (one file, WAL beside it). */
export const busDatabasePath = (config: Config): string => join(config.dataDir, busDatabaseName);

/** The office's own database: staff, cases, read models, and the ledger unless it is in PostgreSQL. */
export const officeDatabasePath = (config: Config): string => join(config.office.dataDir!, 'office.db');
