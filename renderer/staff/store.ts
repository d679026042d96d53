import { create } from 'zustand';
import { call, subscribe, type ApiOutput, type LiveEvent } from './api.ts';
import type { Bilingual } from '../shared/i18n.ts';
import { screenOptions } from '../shared/screen-options.ts';

type Queue = ApiOutput<'deskQueue'>;
type Stats = ApiOutput<'deskStats'>;
export type Ticket = Extract<ApiOutput<'deskTicket'>, { ok: true }>['value'];

/** A failure as the core reports it. */
interface Failure {
  code: string;
  message: string;
}

interface StaffState {
  session: { token: string; name: string; staffId: string } | null;
  counter: number;
  queue: Queue | null;
  stats: Stats | null;
  itemNames: Record<string, Bilingual>;
  /** The ticket called to or served at this counter, in full (masked contact). */
  current: Ticket | null;
  problem: string | null;
  busy: boolean;
}

const counterParam = Number(new URLSearchParams(window.location.search).get('counter'));
const { lang } = screenOptions({ idleS: 0, countdownS: 0 });

export const useStaff = create<StaffState>(() => ({
  session: null,
  counter: Number.isInteger(counterParam) && counterParam >= 1 ? counterParam : 1,
  queue: null,
  stats: null,
  itemNames: {},
  current: null,
  problem: null,
  busy: false,
}));

/** The ticket this counter is working on: called here, or being served here. */
function currentId(queue: Queue, counter: number): string | null {
  return queue.serving.find((t) => t.counter === counter)?.id ?? queue.called.find((t) => t.counter === counter)?.id ?? null;
}

async function refreshCurrent(queue: Queue): Promise<void> {
  const id = currentId(queue, useStaff.getState().counter);
  if (id === null) return useStaff.setState({ current: null });
  const found = await call('deskTicket', { id });
  useStaff.setState({ current: found.ok ? found.value : null });
}

async function applyQueue(queue: Queue): Promise<void> {
  useStaff.setState({ queue });
  await refreshCurrent(queue);
  useStaff.setState({ stats: await call('deskStats') });
}

function apply(event: LiveEvent): void {
  if (event.type === 'desk-queue') void applyQueue(event.queue);
}

async function reload(): Promise<void> {
  const [catalogue, queue] = await Promise.all([call('deskCatalogue'), call('deskQueue')]);
  const itemNames = Object.fromEntries(catalogue.categories.flatMap((c) => c.items.map((i) => [i.id, i.name] as const)));
  useStaff.setState({ itemNames });
  await applyQueue(queue);
}

export function startStaffFeed(): () => void {
  return subscribe(apply, () => void reload());
}

/** The core's expected failures in the console's words; anything else shows its own message. */
const known: Record<string, Bilingual> = {
  'login-refused': { zh: '工号或密码不对', en: 'Staff ID or PIN is wrong' },
  'login-throttled': { zh: '密码错误次数过多，请稍后再试', en: 'Too many wrong PINs: try again later' },
  'not-logged-in': { zh: '请先输入工号和密码', en: 'Please log in first' },
  'session-locked': { zh: '控制台已自动锁定，请重新输入密码', en: 'The console locked itself: enter your PIN again' },
  'queue-empty': { zh: '没有等候的号码', en: 'Nobody is waiting' },
  'counter-busy': { zh: '本窗口还有未办完的号码', en: 'This counter still has a ticket open' },
  'recall-limit': { zh: '已叫号三次，可按过号处理', en: 'Called three times: mark it a no-show' },
  'illegal-transition': { zh: '这个号码的状态已经变了，请看最新队列', en: 'That ticket has moved on: see the queue' },
};

function problemText(failure: Failure): string {
  return known[failure.code]?.[lang] ?? failure.message;
}

const sessionEnded = (failure: Failure) => failure.code === 'not-logged-in' || failure.code === 'session-locked';

/** Runs a staff action; a locked or missing session sends the console back to its lock screen. */
async function act<T>(run: (token: string) => Promise<{ ok: true; value: T } | { ok: false; error: Failure }>): Promise<T | null> {
  const session = useStaff.getState().session;
  if (!session) return null;
  useStaff.setState({ busy: true, problem: null });
  try {
    const result = await run(session.token);
    if (result.ok) return result.value;
    if (sessionEnded(result.error)) useStaff.setState({ session: null, current: null });
    useStaff.setState({ problem: problemText(result.error) });
    return null;
  } catch (error) {
    useStaff.setState({ problem: (error as Error).message });
    return null;
  } finally {
    useStaff.setState({ busy: false });
  }
}

export const staff = {
  async login(staffId: string, pin: string): Promise<boolean> {
    useStaff.setState({ problem: null });
    const result = await call('deskStaffLogin', { staffId, pin });
    if (!result.ok) {
      useStaff.setState({ problem: problemText(result.error) });
      return false;
    }
    useStaff.setState({ session: { token: result.value.token, name: result.value.name, staffId: result.value.staffId } });
    return true;
  },
  async lock(): Promise<void> {
    const session = useStaff.getState().session;
    useStaff.setState({ session: null, current: null, problem: null });
    if (session) await call('deskStaffLock', { token: session.token });
  },
  setCounter(counter: number): void {
    useStaff.setState({ counter });
    const queue = useStaff.getState().queue;
    if (queue) void refreshCurrent(queue);
  },
  callNext: () => act((token) => call('deskCallNext', { token, counter: useStaff.getState().counter })),
  recall: (ticketId: string) => act((token) => call('deskRecall', { token, ticketId })),
  start: (ticketId: string) => act((token) => call('deskStart', { token, ticketId })),
  finish: (ticketId: string, outcome: string) => act((token) => call('deskFinish', { token, ticketId, outcome })),
  noShow: (ticketId: string) => act((token) => call('deskNoShow', { token, ticketId })),
  handOver: (ticketId: string, note: string) => act((token) => call('deskHandOver', { token, ticketId, note })),
};
