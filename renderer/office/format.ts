/** Times as office staff read them: China Standard Time, 24-hour clock. */
const zone = { hour12: false, timeZone: 'Asia/Shanghai' } as const;

export const dateTime = (iso: string | null): string => (iso ? new Date(iso).toLocaleString('zh-CN', zone) : '—');
export const clockTime = (iso: string): string => new Date(iso).toLocaleTimeString('zh-CN', zone);
