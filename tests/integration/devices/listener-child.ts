/**
 * The bus's device feeds in a process of their own, as `lianxin run` builds them: the GNSS source
 * from the config path (serial, quality-gated), the serial door counter and the simulated ticket
 * printer, with the process's last line installed. On each feed the first listener throws and a
 * second one reports what it heard on stdout; the test drives the devices and watches this
 * process stay up.
 */
import { SerialCounter } from '../../../hardware/counter/serial.ts';
import { createGpsSource } from '../../../hardware/gps/create.ts';
import { SimulatedPrinter } from '../../../hardware/printer/file-printers.ts';
import { systemClock } from '../../../src/core/clock.ts';
import { installLastLine } from '../../../src/core/last-line.ts';

const [gpsPath, counterPath, printerDir] = process.argv.slice(2) as [string, string, string];
installLastLine('listener-child');
const say = (line: string) => process.stdout.write(`${line}\n`);

const gps = createGpsSource({ source: 'serial', path: gpsPath, baudRate: 9600 }, { clock: systemClock });
if (!gps.ok) throw new Error(gps.error.message);
gps.value.onFix(() => {
  throw new Error('broken GNSS listener');
});
gps.value.onFix((fix) => say(`heard fix ${fix.time}`));
gps.value.start();

const counter = new SerialCounter({ path: counterPath, reopenMinMs: 20, reopenMaxMs: 200 });
counter.onEvent(() => {
  throw new Error('broken counter listener');
});
counter.onEvent((event) => say(`heard counter ${event.kind}`));
counter.start();

const printer = new SimulatedPrinter(printerDir);
printer.onStatus(() => {
  throw new Error('broken printer listener');
});
printer.onStatus((status) => say(`heard printer ${status.state}`));

// The test asks for a print on each line it sends here; the answer says whether the print call returned.
process.stdin.setEncoding('utf8');
process.stdin.on('data', () => {
  void printer
    .print({ number: 'A001', item: { zh: '测试', en: 'test' }, priority: false, peopleAhead: 0, estimatedWaitMinutes: 0, documents: [], takenAtLocal: '2026-12-04 09:00' })
    .then((result) => say(`print returned ${result.ok ? 'ok' : result.error.code}`));
});
say('ready');
