let context: AudioContext | null = null;

/**
 * A short two-tone chime (WebAudio, no sound file): the driver's cue that a prompt changed, and the
 * residents' cue before a called number is read out. Browsers may keep audio suspended until the
 * first tap; the chime then stays silent and the visual prompt carries the message.
 */
export function chime(tones: readonly number[] = [880, 660]): void {
  if (typeof AudioContext === 'undefined') return;
  context ??= new AudioContext();
  if (context.state === 'suspended') void context.resume();
  const start = context.currentTime + 0.02;
  tones.forEach((frequency, i) => {
    const osc = context!.createOscillator();
    const gain = context!.createGain();
    osc.type = 'sine';
    osc.frequency.value = frequency;
    const at = start + i * 0.35;
    gain.gain.setValueAtTime(0.0001, at);
    gain.gain.exponentialRampToValueAtTime(0.4, at + 0.02);
    gain.gain.exponentialRampToValueAtTime(0.0001, at + 0.32);
    osc.connect(gain).connect(context!.destination);
    osc.start(at);
    osc.stop(at + 0.34);
  });
}
