import type { connect } from 'mqtt';

let loading: Promise<typeof connect> | null = null;

/** mqtt.js loads with the first connection: a bus without mqtt.url never loads it. */
export function loadMqttConnect(): Promise<typeof connect> {
  loading ??= import('mqtt').then((m) => m.connect);
  return loading;
}
