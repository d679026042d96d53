import { systemClock } from '../../core/clock.ts';
import { bootOnboard } from '../../host/boot.ts';
import { servedSurfaces } from '../../api/surfaces.ts';
import { startHttpHost } from '../../host/http-server.ts';
import { rendererDir } from '../../host/paths.ts';
import { parseArgs, type Command } from '../command.ts';
import { configFromArgs } from '../config-arg.ts';

export const runCommand: Command = {
  name: 'run',
  usage: `
usage: lianxin run [--config FILE]

Starts the onboard core (GNSS source, tracker, announcer, service desk, store, uplink) from the
config file (or LIANXIN_CONFIG, or the demo defaults) and serves the resident, driver and staff
screens at http.host:http.port. Without mqtt.url everything stays in the outbox until one is set.`,
  async run(args, io) {
    const { values, unknown } = parseArgs(args, { values: ['config'] });
    if (unknown.length > 0) {
      io.stderr.write(`lianxin run: unknown option ${unknown.join(', ')}\n`);
      return 2;
    }
    const config = configFromArgs(values.config, io);
    if (!config) return 1;
    const core = await bootOnboard(config, systemClock);
    if (!core.ok) {
      io.stderr.write(`lianxin run: ${core.error.message}\n`);
      return 1;
    }
    const host = await startHttpHost({
      surfaces: servedSurfaces(core.value.api),
      live: core.value.live,
      ...config.http,
      staticDir: rendererDir,
      home: '/resident/',
    });
    io.stdout.write(`onboard: bus ${config.busId}, data in ${config.dataDir}\nonboard: screens ${host.url}/resident/ ${host.url}/driver/ ${host.url}/staff/\n`);
    await io.stopSignal;
    await host.close();
    await core.value.stop();
    return 0;
  },
};
