import type { Config } from '../../src/config/schema.ts';
import { SerialCounter } from './serial.ts';
import { SimulatedCounter } from './simulator.ts';
import type { PassengerCounter } from './types.ts';

/** The counter the config asks for; null when the bus has none (tally buttons only). */
export function createCounter(config: Config['counter']): PassengerCounter | null {
  if (config.source === 'serial') return new SerialCounter({ path: config.path!, baudRate: config.baudRate });
  if (config.source === 'simulator') return new SimulatedCounter({ capacity: config.capacity });
  return null;
}
