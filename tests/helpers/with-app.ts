import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Api } from '../../src/api/index.ts';
import { servedSurfaces } from '../../src/api/surfaces.ts';
import { demoRoutePath } from '../../src/config/load.ts';
import { configSchema, type ConfigInput } from '../../src/config/schema.ts';
import { systemClock, type Clock } from '../../src/core/clock.ts';
import { Emitter } from '../../src/core/emitter.ts';
import { unwrap } from '../../src/core/result.ts';
import { startHttpHost } from '../../src/host/http-server.ts';
import { startOnboard, type OnboardCore } from '../../src/host/onboard.ts';
import { loadRouteFile } from '../../src/route/geojson.ts';
import { ScriptedGps } from './scripted-gps.ts';
import { tempDir } from './temp.ts';

export const builtScreens = fileURLToPath(new URL('../../dist/renderer/', import.meta.url));

export interface App {
  /** The headless host, e.g. http://127.0.0.1:40123 — pages at /resident/, /driver/, /staff/. */
  url: string;
  api: Api;
  core: OnboardCore;
  gps: ScriptedGps;
  close(): Promise<void>;
}

/**
 * The onboard core in a fresh data folder, served by the headless host with the built screens:
 * what a kiosk's Chromium talks to. GNSS fixes come from the test (`gps.fix`).
 */
export async function withApp(options: { config?: ConfigInput; clock?: Clock } = {}): Promise<App> {
  if (!existsSync(join(builtScreens, 'resident', 'index.html'))) {
    throw new Error(`the screens are not built (${builtScreens} has no resident/index.html): run \`npm run build:renderer\` first`);
  }
  const dir = tempDir('lianxin-e2e-');
  // Announcements go to the audio simulator (a log line each): no speaker needed on a test machine.
  const config = configSchema.parse({ busId: 'e2e-bus', audio: { output: 'simulator' }, ...options.config, dataDir: dir.path });
  const gps = new ScriptedGps();
  const route = unwrap(loadRouteFile(config.route ?? demoRoutePath));
  const core = unwrap(startOnboard({ config, clock: options.clock ?? systemClock, gps, route }));
  const live = new Emitter<unknown>();
  const forward = core.live.on((event) => live.emit(event));
  const host = await startHttpHost({ surfaces: servedSurfaces(core.api), live, host: '127.0.0.1', port: 0, staticDir: builtScreens, home: '/resident/' });
  return {
    url: host.url,
    api: core.api,
    core,
    gps,
    close: async () => {
      forward();
      await host.close();
      await core.stop();
      dir.cleanup();
    },
  };
}
