// An office process for the kill test: receives into the office database at argv[2] from the
// broker at argv[3] over argv[4] lanes (default 1); prints "ready" once subscribed.
import { startReceiver } from './rig.ts';

const [path, url, lanes = '1'] = process.argv.slice(2) as [string, string, string?];
await startReceiver(path, url, Number(lanes));
console.log('ready');
