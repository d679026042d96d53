#!/usr/bin/env node
// The package bin: runs the TypeScript CLI through tsx so the bus needs no separate build step.
import { register } from 'tsx/esm/api';
register();
await import('../src/cli/main.ts');
