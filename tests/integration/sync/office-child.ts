// An office process for the kill tests: receives into the office database at argv[2] from the
// broker at argv[3] over argv[4] lanes (default 1); argv[5], when given, is a postgres:// ledger
// shared with other receivers and argv[6] this receiver's client id. Prints "ready" once subscribed.
import { startReceiver } from './rig.ts';

const [path, url, lanes = '1', databaseUrl, clientId] = process.argv.slice(2) as [string, string, string?, string?, string?];
await startReceiver(path, url, Number(lanes), { databaseUrl, clientId });
console.log('ready');
