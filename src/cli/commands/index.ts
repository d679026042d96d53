import type { CommandEntry } from '../command.ts';

/**
 * Every CLI command, in the order `--help` lists them. Add a command by adding its file here. Each
 * module loads only when its command runs, so `lianxin run` never loads the office (pg, exceljs).
 */
export const commands: CommandEntry[] = [
  {
    name: 'run',
    summary: 'run the onboard system headless and serve its screens over HTTP',
    load: async () => (await import('./run.ts')).runCommand,
  },
  {
    name: 'demo',
    summary: 'the whole system on one machine: simulated drive, embedded broker, office, all pages',
    load: async () => (await import('./demo.ts')).demoCommand,
  },
  {
    name: 'office',
    summary: 'run the community office receiver and dashboard (needs mqtt.url); `office user add|disable|enable` and `office sessions revoke` manage staff; `office export` dumps events',
    load: async () => (await import('./office.ts')).officeCommand,
  },
  {
    name: 'replay',
    summary: 'run the trip tracker over NMEA as fast as possible; one JSON line per trip event (and arrival predictions)',
    load: async () => (await import('./replay.ts')).replayCommand,
  },
  {
    name: 'nmea',
    summary: 'decode NMEA into one gpsd-style TPV JSON line per fix epoch',
    load: async () => (await import('./nmea.ts')).nmeaCommand,
  },
  {
    name: 'desk-pin',
    summary: 'hash a staff PIN (read from stdin) for the config key desk.staff[].pinHash',
    load: async () => (await import('./desk-pin.ts')).deskPinCommand,
  },
  {
    name: 'sync',
    summary: 'bus side of the office sync: `sync status` (outbox backlog as JSON), `sync test-load` (synthetic events)',
    load: async () => (await import('./sync.ts')).syncCommand,
  },
];
