import type { SerialPort as SerialPortClass } from 'serialport';

let loading: Promise<typeof SerialPortClass> | null = null;

/** The serialport module (native bindings) loads when a serial device is first opened, not at start-up. */
export function loadSerialPort(): Promise<typeof SerialPortClass> {
  loading ??= import('serialport').then((m) => m.SerialPort);
  return loading;
}
