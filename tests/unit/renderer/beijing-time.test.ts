import { describe, expect, it } from 'vitest';
import { beijingClock, beijingDate, beijingDateTime } from '../../../renderer/shared/beijing-time';

describe('Beijing time on the screens', () => {
  it('shows the Beijing wall clock for a UTC instant, across the date line', () => {
    // 2026-12-06T16:05Z is Monday 7 December 00:05 in Beijing.
    expect(beijingClock('2026-12-06T16:05:00Z')).toBe('00:05');
    expect(beijingDate('2026-12-06T16:05:00Z', 'zh')).toBe('12月7日（周一）');
    expect(beijingDate('2026-12-06T16:05:00Z', 'en')).toBe('Mon 7 Dec');
    expect(beijingDateTime('2026-12-06T15:59:00Z', 'zh')).toBe('12月6日（周日） 23:59');
  });
});
