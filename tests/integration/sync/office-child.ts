// An office process for the kill tests: receives into the office database at argv[2] from the
// broker at argv[3] over argv[4] lanes (default 1); argv[5], when given, is a postgres:// ledger
// shared with other receivers ('' for none) and argv[6] this receiver's client id; argv[7]
// "production" keeps the product's timings (benchmarks) instead of the tests' fast ones. Prints
// "ready" once subscribed.
import { startReceiver } from './rig.ts';

const [path, url, lanes = '1', databaseUrl, clientId, timings] = process.argv.slice(2) as [string, string, string?, string?, string?, string?];
await startReceiver(path, url, Number(lanes), { databaseUrl: databaseUrl || undefined, clientId: clientId || undefined, productionTimings: timings === 'production' });
console.log('ready');
