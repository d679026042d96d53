import { resolve } from 'node:path';
import { projectRoot } from '../config/load.ts';

/** Where `npm run build:renderer` puts the screens. */
export const rendererDir = resolve(projectRoot, 'dist/renderer');
