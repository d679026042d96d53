import { err, ok, type Result } from '../../src/core/result.ts';

/** Everything is mixed at espeak-ng's native format, so synthesised speech needs no conversion. */
export const pcmRate = 22_050;

/** Mono signed 16-bit samples at `pcmRate`. */
export type Pcm = Int16Array;

export interface WavInfo {
  sampleRate: number;
  channels: number;
  bitsPerSample: number;
  samples: Pcm;
}

/**
 * Reads a PCM WAV (8/16-bit, any rate and channel count) and mixes it down to mono. Streams from
 * `espeak-ng --stdout` carry a placeholder data size, so the data chunk is clamped to the buffer.
 */
export function parseWav(buf: Buffer): Result<WavInfo, 'not-wav' | 'unsupported-wav'> {
  if (buf.length < 12 || buf.toString('ascii', 0, 4) !== 'RIFF' || buf.toString('ascii', 8, 12) !== 'WAVE') {
    return err('not-wav', 'not a RIFF/WAVE file');
  }
  let fmt: { format: number; channels: number; rate: number; bits: number } | null = null;
  for (let at = 12; at + 8 <= buf.length; ) {
    const id = buf.toString('ascii', at, at + 4);
    const size = buf.readUInt32LE(at + 4);
    const body = at + 8;
    if (id === 'fmt ' && body + 16 <= buf.length) {
      fmt = { format: buf.readUInt16LE(body), channels: buf.readUInt16LE(body + 2), rate: buf.readUInt32LE(body + 4), bits: buf.readUInt16LE(body + 14) };
    } else if (id === 'data') {
      if (!fmt) return err('not-wav', 'data chunk before fmt chunk');
      if (fmt.format !== 1 || (fmt.bits !== 16 && fmt.bits !== 8) || fmt.channels < 1) {
        return err('unsupported-wav', `only 8/16-bit PCM is supported (format ${fmt.format}, ${fmt.bits} bits)`);
      }
      const end = Math.min(buf.length, body + size);
      return ok({ sampleRate: fmt.rate, channels: fmt.channels, bitsPerSample: fmt.bits, samples: toMono(buf.subarray(body, end), fmt.channels, fmt.bits) });
    }
    at = body + size + (size % 2);
  }
  return err('not-wav', 'no data chunk');
}

function toMono(data: Buffer, channels: number, bits: number): Pcm {
  const bytes = bits / 8;
  const frames = Math.floor(data.length / (bytes * channels));
  const out = new Int16Array(frames);
  for (let f = 0; f < frames; f++) {
    let sum = 0;
    for (let c = 0; c < channels; c++) {
      const at = (f * channels + c) * bytes;
      sum += bits === 16 ? data.readInt16LE(at) : (data[at]! - 128) << 8;
    }
    out[f] = Math.round(sum / channels);
  }
  return out;
}

/** Linear resampling: enough for speech clips recorded at 44.1/48 kHz. */
export function resample(samples: Pcm, fromRate: number, toRate: number = pcmRate): Pcm {
  if (fromRate === toRate || samples.length === 0) return samples;
  const n = Math.max(1, Math.round((samples.length * toRate) / fromRate));
  const out = new Int16Array(n);
  const step = fromRate / toRate;
  for (let i = 0; i < n; i++) {
    const x = i * step;
    const i0 = Math.min(Math.floor(x), samples.length - 1);
    const i1 = Math.min(i0 + 1, samples.length - 1);
    out[i] = Math.round(samples[i0]! + (samples[i1]! - samples[i0]!) * (x - i0));
  }
  return out;
}

export function silence(ms: number): Pcm {
  return new Int16Array(Math.round((pcmRate * ms) / 1000));
}

/** Joins pieces and applies the volume (0..1) as a plain gain. */
export function mix(pieces: readonly Pcm[], volume: number): Pcm {
  const total = pieces.reduce((n, p) => n + p.length, 0);
  const out = new Int16Array(total);
  const gain = Math.min(1, Math.max(0, volume));
  let at = 0;
  for (const piece of pieces) {
    for (let i = 0; i < piece.length; i++) out[at + i] = Math.round(piece[i]! * gain);
    at += piece.length;
  }
  return out;
}

export function encodeWav(samples: Pcm, sampleRate: number = pcmRate): Buffer {
  const data = samples.length * 2;
  const buf = Buffer.alloc(44 + data);
  buf.write('RIFF', 0, 'ascii');
  buf.writeUInt32LE(36 + data, 4);
  buf.write('WAVE', 8, 'ascii');
  buf.write('fmt ', 12, 'ascii');
  buf.writeUInt32LE(16, 16);
  buf.writeUInt16LE(1, 20);
  buf.writeUInt16LE(1, 22);
  buf.writeUInt32LE(sampleRate, 24);
  buf.writeUInt32LE(sampleRate * 2, 28);
  buf.writeUInt16LE(2, 32);
  buf.writeUInt16LE(16, 34);
  buf.write('data', 36, 'ascii');
  buf.writeUInt32LE(data, 40);
  for (let i = 0; i < samples.length; i++) buf.writeInt16LE(samples[i]!, 44 + i * 2);
  return buf;
}
