#!/usr/bin/env node
// `node scripts/require-node.mjs 22.12 WHAT`: stops WHAT early, with the reason, on an older Node.
// The project runs on Node 20.19+ (engines); packaging alone needs 22.12+ (@electron/rebuild).
const [wanted = '0', what = 'this step'] = process.argv.slice(2);
const [major, minor] = process.versions.node.split('.').map(Number);
const [needMajor, needMinor = 0] = wanted.split('.').map(Number);
if (major < needMajor || (major === needMajor && minor < needMinor)) {
  console.error(`${what} needs Node >= ${wanted} (this is ${process.version}); see README, "Packaging"`);
  process.exit(1);
}
