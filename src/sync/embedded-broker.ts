import { Aedes } from 'aedes';
import { createServer, type AddressInfo, type Server } from 'node:net';

export interface EmbeddedBroker {
  url: string;
  close(): Promise<void>;
}

/**
 * The demo's in-process broker (aedes), so `npm run demo` needs nothing installed. It speaks MQTT
 * 3.1.1 only; the bus and office use MQTT 5 against mosquitto in the field and in the tests.
 */
export async function startEmbeddedBroker(port = 0, host = '127.0.0.1'): Promise<EmbeddedBroker> {
  const broker = await Aedes.createBroker();
  const server: Server = createServer(broker.handle);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  return {
    url: `mqtt://${host}:${address.port}`,
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await new Promise<void>((resolve) => broker.close(() => resolve()));
    },
  };
}
