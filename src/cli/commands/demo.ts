import type { LiveEvent } from '../../api/live.ts';
import type { Config } from '../../config/schema.ts';
import { systemClock } from '../../core/clock.ts';
import type { Emitter } from '../../core/emitter.ts';
import { bootOnboard } from '../../host/boot.ts';
import { driveSimulatedCounter } from '../../host/demo-counter.ts';
import { servedSurfaces } from '../../api/surfaces.ts';
import { startHttpHost } from '../../host/http-server.ts';
import { rendererDir } from '../../host/paths.ts';
import { startOffice } from '../../office/app.ts';
import { hashPin } from '../../services/desk/staff-auth.ts';
import { startOfficeHttp } from '../../office/http.ts';
import { startEmbeddedBroker } from '../../sync/embedded-broker.ts';
import { parseArgs, type Command, type CommandIo } from '../command.ts';
import { configFromArgs } from '../config-arg.ts';

/** The demo's sign-ins, for pages on loopback only; real deployments use `office user add` and `desk-pin`. */
// May unmask (every unmasking is audited): demo visitors call a resident back as staff would.
const demoOfficeUser = { username: 'demo', displayName: '演示账号', password: 'hongfu-demo', canUnmask: true };
const demoStaff = { id: 's01', name: '演示工作人员', pin: '246810' };

export const demoCommand: Command = {
  name: 'demo',
  usage: `
usage: lianxin demo [--speed N] [--config FILE]

Starts the onboard core with a simulated GNSS receiver driving the demo loop (real time, or N
times faster with --speed), an in-process MQTT broker unless mqtt.url is configured, the office
receiver, and serves the resident, driver, staff and office pages. Logs the drive. Ctrl-C stops.`,
  async run(args, io) {
    const { values, unknown } = parseArgs(args, { values: ['config', 'speed'] });
    if (unknown.length > 0) {
      io.stderr.write(`lianxin demo: unknown option ${unknown.join(', ')}\n`);
      return 2;
    }
    const env = values.speed === undefined ? io.env : { ...io.env, LIANXIN_GPS_SPEED: values.speed };
    const loaded = configFromArgs(values.config, { ...io, env });
    if (!loaded) return 1;
    // The demo drives simulated devices: a receiver on the loop and, unless configured, a door counter.
    let config: Config = {
      ...loaded,
      gps: { ...loaded.gps, source: 'simulator' },
      counter: loaded.counter.source === 'none' ? { ...loaded.counter, source: 'simulator' } : loaded.counter,
      desk: loaded.desk.staff.length > 0 ? loaded.desk : { ...loaded.desk, staff: [{ ...demoStaff, pinHash: hashPin(demoStaff.pin) }] },
    };
    const stack: (() => Promise<void>)[] = [];
    const shutdown = async () => {
      for (const stop of stack.reverse()) await stop();
    };
    try {
      if (config.mqtt.url === undefined) {
        const broker = await startEmbeddedBroker();
        stack.push(() => broker.close());
        config = { ...config, mqtt: { ...config.mqtt, url: broker.url, protocolVersion: 4 } };
        io.stdout.write(`demo: embedded MQTT broker ${broker.url}\n`);
      }
      const office = await startOffice(config, systemClock);
      if (!office.ok) throw new Error(office.error.message);
      stack.push(() => office.value.stop());
      office.value.deps.notice = `演示模式：车辆按 ${config.gps.speed} 倍速模拟行驶，车上发生的事（到站、圈数、取号）按模拟时间记录，会比墙上的时钟走得快，页面上可能出现“将来”的时间。`;
      if (config.office.users.length === 0) office.value.auth.ensureUser(demoOfficeUser);
      const core = await bootOnboard(config, systemClock);
      if (!core.ok) throw new Error(core.error.message);
      stack.push(() => core.value.stop());
      logDrive(core.value.live, io);
      const offCounter = driveSimulatedCounter(core.value.counter, core.value.live);
      if (offCounter) stack.push(async () => offCounter());

      const onboardHost = await startHttpHost({
        surfaces: servedSurfaces(core.value.api),
        live: core.value.live,
        ...config.http,
        staticDir: rendererDir,
        home: '/resident/',
      });
      stack.push(() => onboardHost.close());
      const officeHost = await startOfficeHttp({
        deps: office.value.deps,
        auth: office.value.auth,
        live: office.value.live,
        ...config.office.http,
        staticDir: rendererDir,
        secureCookie: false,
      });
      stack.push(() => officeHost.close());
      io.stdout.write(
        [
          `demo: bus ${config.busId} driving the demo loop at ${config.gps.speed}× real time; data in ${config.dataDir}`,
          `  resident screen  ${onboardHost.url}/resident/`,
          `  driver screen    ${onboardHost.url}/driver/`,
          `  staff console    ${onboardHost.url}/staff/  (demo staff ${demoStaff.id}, PIN ${demoStaff.pin})`,
          `  office           ${officeHost.url}/office/  (demo sign-in: ${demoOfficeUser.username} / ${demoOfficeUser.password})`,
          'Ctrl-C stops everything.',
          '',
        ].join('\n'),
      );
    } catch (error) {
      io.stderr.write(`lianxin demo: ${(error as Error).message}\n`);
      await shutdown();
      return 1;
    }
    await io.stopSignal;
    io.stdout.write('demo: stopping\n');
    await shutdown();
    return 0;
  },
};

/** One line per trip event, so the drive can be followed in the terminal (the audio output logs speech). */
function logDrive(live: Emitter<LiveEvent>, io: CommandIo): void {
  live.on((event) => {
    if (event.type !== 'trip') return;
    const e = event.event;
    const place = e.name ? ` ${e.name.zh} (${e.name.en})` : e.stopId ? ` ${e.stopId}` : '';
    io.stdout.write(`trip  ${e.time.slice(11, 19)}  lap ${e.lap}  ${e.type.padEnd(11)}${place}  ${e.distance.toFixed(0)} m\n`);
  });
}
