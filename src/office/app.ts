import { join } from 'node:path';
import type { Config } from '../config/schema.ts';
import type { Clock } from '../core/clock.ts';
import { err, ok, type Result } from '../core/result.ts';
import { buildOfficeApi, type OfficeApi } from './api.ts';
import { OfficeReceiver, type OfficeEvent } from './receiver.ts';
import { OfficeStore } from './store.ts';

export interface OfficeCore {
  api: OfficeApi;
  store: OfficeStore;
  receiver: OfficeReceiver;
  stop(): Promise<void>;
}

/** The community office's process: receiver → office database → office API. */
export async function startOffice(config: Config, clock: Clock): Promise<Result<OfficeCore>> {
  if (config.mqtt.url === undefined) return err('no-broker', 'the office needs mqtt.url (the broker the buses publish to)');
  const opened = OfficeStore.open(join(config.office.dataDir!, 'office.db'), clock);
  if (!opened.ok) return opened;
  const store = opened.value;
  const receiver = new OfficeReceiver(store, config.mqtt);
  try {
    await receiver.start();
  } catch (error) {
    store.close();
    return err('broker-unreachable', `office receiver cannot connect to ${config.mqtt.url}: ${(error as Error).message}`);
  }
  return ok({
    api: buildOfficeApi({ store }),
    store,
    receiver,
    async stop() {
      await receiver.stop();
      store.close();
    },
  });
}

export type { OfficeEvent };
