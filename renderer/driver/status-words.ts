import { beijingClock } from '../shared/beijing-time.ts';
import { fill } from '../shared/i18n.ts';
import type { ApiOutput } from './api.ts';
import type { text } from './text.ts';

type Words = (typeof text)['zh'];
type Link = ApiOutput<'systemStatus'>['link'];
type Gps = ApiOutput<'systemStatus'>['gps'];

/** After this many failed attempts in a row the link is 未连接, not still 连接中 (a refusing broker never lets it up). */
export const failuresBeforeOffline = 2;

/** Broker and TLS errors as a driver can tell the office: short, no stack or URL. */
function shortReason(error: string | null, t: Words): string {
  if (!error) return t.noReason;
  // Node's socket errors carry a code (ECONNREFUSED, ETIMEDOUT, ENOTFOUND): the office knows them.
  const code = /\bE[A-Z]{3,}\b/.exec(error)?.[0];
  if (code) return code;
  const first = error.split(/[\n:]/)[0]!.trim();
  return first.length > 40 ? `${first.slice(0, 39)}…` : first || t.noReason;
}

/** "● 已连接", "◐ 连接中", or "○ 未连接（connect ECONNREFUSED）· 上次连接 09:05". */
export function linkWords(link: Link | null, t: Words): { text: string; down: boolean } {
  if (!link) return { text: '…', down: false };
  if (link.link === 'online') return { text: `● ${t.online}`, down: false };
  if (link.link === 'connecting' && link.failedAttempts < failuresBeforeOffline) return { text: `◐ ${t.connecting}`, down: false };
  const last = link.lastOnlineAt ? fill(t.linkLast, { time: beijingClock(link.lastOnlineAt) }) : t.linkNever;
  return { text: `○ ${fill(t.linkDown, { reason: shortReason(link.lastError, t) })} · ${last}`, down: true };
}

/** "● 正常" or "○ 未接定位设备": never the raw status code. */
export function gnssWords(gps: Gps | null, t: Words): { text: string; lost: boolean } {
  if (!gps) return { text: '…', lost: false };
  switch (gps.status) {
    case 'fix':
      return { text: `● ${t.gnssOk}`, lost: false };
    case 'no-device':
      return { text: `○ ${t.gnssNoDevice}`, lost: true };
    case 'no-fix':
      return { text: `○ ${t.gnssNoFix}`, lost: true };
    case 'stale':
      return { text: `○ ${t.gnssStale}`, lost: true };
  }
}
