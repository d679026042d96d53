// The hand-written PUBLISH packets, read back by mqtt-packet: the parser mqtt.js (and so the bus) uses.
import mqttPacket, { type Packet } from 'mqtt-packet';
import { describe, expect, it } from 'vitest';
import { ClientPacketIds, encodePublishes, lastClientPacketId, UplinkPacketIds } from '../../../src/sync/publish-wire.ts';

function parseAll(bytes: Buffer, protocolVersion: 4 | 5): Packet[] {
  const parser = mqttPacket.parser({ protocolVersion });
  const packets: Packet[] = [];
  const errors: Error[] = [];
  parser.on('packet', (p: Packet) => packets.push(p));
  parser.on('error', (e: Error) => errors.push(e));
  // Split at an odd place: packets are whole only together, as on a socket.
  parser.parse(bytes.subarray(0, 7));
  parser.parse(bytes.subarray(7));
  expect(errors).toEqual([]);
  return packets;
}

describe('uplink PUBLISH packets', () => {
  // Remaining lengths of 1, 2 and 3 bytes, and multi-byte UTF-8 in topic and payload.
  const publishes = [
    { topic: Buffer.from('lianxin/v1/bus/bus-a/up/count'), packetId: 1024, payload: '{"n":1}' },
    { topic: Buffer.from('lianxin/v1/bus/bus-a/up/ticket'), packetId: 65_535, payload: JSON.stringify({ note: '红芙连心线'.repeat(20) }) },
    { topic: Buffer.from('lianxin/v1/bus/公交/up/feedback'), packetId: 40_000, payload: JSON.stringify({ text: 'x'.repeat(20_000) }) },
  ];

  for (const protocolVersion of [4, 5] as const) {
    it(`are read back whole by mqtt.js's parser (MQTT ${protocolVersion === 5 ? '5' : '3.1.1'})`, () => {
      const packets = parseAll(encodePublishes(publishes, protocolVersion), protocolVersion);
      expect(packets).toHaveLength(publishes.length);
      packets.forEach((packet, i) => {
        expect(packet).toMatchObject({ cmd: 'publish', qos: 1, dup: false, retain: false, messageId: publishes[i]!.packetId });
        const publish = packet as Extract<Packet, { cmd: 'publish' }>;
        expect(publish.topic).toBe(publishes[i]!.topic.toString());
        expect(publish.payload.toString()).toBe(publishes[i]!.payload);
        if (protocolVersion === 5) expect(publish.properties ?? {}).toEqual({});
      });
    });
  }
});

describe('packet ids', () => {
  it("keep mqtt.js's own packets below the uplink's range, wrapping within it", () => {
    const ids = new ClientPacketIds();
    const seen = Array.from({ length: 2 * lastClientPacketId }, () => ids.allocate());
    expect(Math.min(...seen)).toBe(1);
    expect(Math.max(...seen)).toBe(lastClientPacketId);
    expect(seen[lastClientPacketId]).toBe(1);
  });

  it('give the uplink ids above that range, skip ids still waiting for their PUBACK, and release each once', () => {
    const ids = new UplinkPacketIds();
    const first = ids.allocate(1);
    expect(first).toBe(lastClientPacketId + 1);
    // Go round the whole range once while `first` stays in flight: it is skipped, never reissued.
    const range = 65_535 - lastClientPacketId;
    const issued = new Set<number>();
    let wrongRelease = 0;
    for (let seq = 2; seq <= range; seq++) {
      const id = ids.allocate(seq);
      issued.add(id);
      if (ids.release(id) !== seq) wrongRelease++;
    }
    expect(wrongRelease).toBe(0);
    expect(issued.size).toBe(range - 1);
    expect(Math.min(...issued)).toBe(first + 1);
    expect(Math.max(...issued)).toBe(65_535);
    expect(ids.allocate(99)).not.toBe(first);
    expect(ids.release(first)).toBe(1);
    expect(ids.release(first)).toBeUndefined();
    expect(ids.release(5)).toBeUndefined();
  });
});
