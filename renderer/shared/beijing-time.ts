/**
 * The kiosk shows Beijing time whatever zone the machine is set to: the bus computer may run on
 * UTC, but residents read "12月7日（周一） 09:05". The offset is fixed (no daylight saving in China).
 */
import type { Lang } from './i18n';

const offsetMs = 8 * 3_600_000;
const weekdaysZh = ['周日', '周一', '周二', '周三', '周四', '周五', '周六'];
const weekdaysEn = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const monthsEn = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** The wall-clock fields of an instant in Beijing, read with the UTC getters of a shifted Date. */
function beijing(at: Date | string | number): Date {
  return new Date(new Date(at).getTime() + offsetMs);
}

const two = (n: number) => String(n).padStart(2, '0');

/** "09:05" */
export function beijingClock(at: Date | string | number): string {
  const b = beijing(at);
  return `${two(b.getUTCHours())}:${two(b.getUTCMinutes())}`;
}

/** "12月7日（周一）" / "Mon 7 Dec" */
export function beijingDate(at: Date | string | number, lang: Lang): string {
  const b = beijing(at);
  const day = b.getUTCDay();
  return lang === 'zh'
    ? `${b.getUTCMonth() + 1}月${b.getUTCDate()}日（${weekdaysZh[day]}）`
    : `${weekdaysEn[day]} ${b.getUTCDate()} ${monthsEn[b.getUTCMonth()]}`;
}

/** "12月7日（周一） 09:05" */
export function beijingDateTime(at: Date | string | number, lang: Lang): string {
  return `${beijingDate(at, lang)} ${beijingClock(at)}`;
}
