import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createAudioOutput, type AudioSelection } from '../../../hardware/audio/select.ts';
import { estimateSpeechMs } from '../../../hardware/audio/simulator.ts';
import { fillTemplate } from '../../../src/announce/templates.ts';
import { shippedAsset } from '../../../src/app-root/app-root.ts';
import { loadConfig } from '../../../src/config/load.ts';
import { tempDir } from '../../helpers/temp.ts';

describe('audio config', () => {
  const dir = tempDir();
  afterAll(() => dir.cleanup());
  const load = (audio: unknown) => {
    const file = join(dir.path, 'bus.json');
    writeFileSync(file, JSON.stringify({ dataDir: 'data', audio }));
    return loadConfig(file, {});
  };

  it('defaults make the demo work anywhere; paths resolve from the config file', () => {
    const none = load(undefined);
    expect(none.ok && none.value.audio).toEqual({
      output: 'auto', clipsDir: shippedAsset('audio'), wavDir: join(dir.path, 'data/announcements'),
      quietHours: { from: '21:00', to: '07:00' }, volume: { normal: 0.9, quiet: 0.5 }, wordsPerMinute: 150,
    });
    const set = load({ output: 'wav', wavDir: 'out', clipsDir: 'clips', quietHours: { from: '22:30', to: '06:00' } });
    expect(set.ok && [set.value.audio.wavDir, set.value.audio.clipsDir, set.value.audio.quietHours.from]).toEqual([join(dir.path, 'out'), join(dir.path, 'clips'), '22:30']);
  });

  it('refuses a bad time or volume with the key named', () => {
    const bad = load({ quietHours: { from: '25:00', to: '07:00' }, volume: { normal: 2 } });
    expect(bad.ok).toBe(false);
    if (bad.ok) return;
    expect(bad.error.message).toContain('audio.quietHours.from');
    expect(bad.error.message).toContain('audio.volume.normal');
  });
});

describe('audio output selection', () => {
  const base: AudioSelection = { output: 'auto', clipsDir: null, wavDir: '/tmp/never-written', log: () => undefined, env: { PATH: '' } };
  it('auto without a sound device is the simulator; speaker without one is an error naming what is missing', () => {
    const auto = createAudioOutput(base);
    expect(auto.ok && auto.value.status().output).toBe('simulator');
    const speaker = createAudioOutput({ ...base, output: 'speaker' });
    expect(speaker).toMatchObject({ ok: false, error: { code: 'no-speaker' } });
    expect(!speaker.ok && speaker.error.message).toMatch(/paplay.*aplay/);
  });
  it('wav mode writes files whatever the machine has', () => {
    const wav = createAudioOutput({ ...base, output: 'wav' });
    expect(wav.ok && wav.value.status()).toMatchObject({ output: 'wav', tts: null });
  });
  it('the simulator takes as long as an announcer would', () => {
    const stop = { kind: 'stop' as const, id: 'hongfu-jiayuan', name: { zh: '宏福佳苑', en: 'Hongfu Jiayuan' } };
    const ms = estimateSpeechMs([fillTemplate('前方到站：{stop}', 'zh', stop), fillTemplate('Next stop: {stop}', 'en', stop)]);
    // 8 hanzi at ~4/s and 4 words at ~160 wpm, with a pause around each part: about 4.3 s.
    expect(ms).toBe(8 * 250 + 4 * 375 + 2 * 400);
  });
});
