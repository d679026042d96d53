// The bundle's entry (dist/cli.mjs, run by bin/lianxin.mjs): always the process, never a library.
import { main } from './main.ts';
import { runAsProcess } from './process.ts';

runAsProcess(main);
