import { spawn, type ChildProcess } from 'node:child_process';
import type { Page } from 'playwright-core';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { systemClock } from '../../src/core/clock.ts';
import { unwrap } from '../../src/core/result.ts';
import { FeedbackService } from '../../src/services/feedback/feedback.ts';
import { handbookContentKind, handbookSchema } from '../../src/services/handbook/articles.ts';
import { PolicyHandbook } from '../../src/services/handbook/handbook-service.ts';
import { loadWordList, Moderator } from '../../src/services/feedback/moderation.ts';
import { Store } from '../../src/store/store.ts';
import { Uplink } from '../../src/sync/uplink.ts';
import { waitFor } from './temp.ts';
import { registerCaseUpdates } from '../../src/host/cases.ts';
import { activitiesApi } from '../../src/api/areas/activities.ts';
import { configSchema } from '../../src/config/schema.ts';
import { catalogueContentKind, catalogueSchema } from '../../src/services/desk/catalogue.ts';
import { DeskService } from '../../src/services/desk/desk-service.ts';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
export const builtOffice = join(repoRoot, 'dist/renderer/office/login.html');

export const staff = {
  chief: { username: 'wang', displayName: '王主任', password: 'hongfu-office-2026', canUnmask: true },
  clerk: { username: 'li', displayName: '李干事', password: 'lianxin-clerk-2026', canUnmask: false },
} as const;

export interface OfficeProcess {
  url: string;
  output(): string;
  /** The exit code once it exited (null while it runs). */
  exitCode(): number | null;
  stop(): Promise<void>;
}

export interface OfficeProcessOptions {
  /** Node's --unhandled-rejections=strict: any unhandled rejection ends the process. */
  strict?: boolean;
}

/** `lianxin office --config FILE` as its own process, as it runs in the community office. */
export async function startOfficeProcess(dir: string, mqttUrl: string, office: Record<string, unknown> = {}, options: OfficeProcessOptions = {}): Promise<OfficeProcess> {
  if (!existsSync(builtOffice)) throw new Error(`the office pages are not built (${builtOffice} missing): run \`npm run build:renderer\``);
  const configPath = join(dir, 'office.json');
  writeFileSync(
    configPath,
    JSON.stringify({
      dataDir: join(dir, 'data'),
      mqtt: { url: mqttUrl, protocolVersion: 5 },
      office: { dataDir: join(dir, 'office'), http: { host: '127.0.0.1', port: 0 }, users: Object.values(staff), ...office },
    }),
  );
  const child: ChildProcess = spawn(join(repoRoot, 'node_modules/.bin/tsx'), ['src/cli/main.ts', 'office', '--config', configPath], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: options.strict ? { ...process.env, NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --unhandled-rejections=strict`.trim() } : process.env,
  });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const url = await waitFor(
    () => {
      if (child.exitCode !== null) throw new Error(`lianxin office exited with ${child.exitCode}: ${out}`);
      return /dashboard (http:\/\/\S+)\/office\//.exec(out)?.[1];
    },
    'the office process to print its dashboard address',
    20_000,
  );
  return {
    url,
    output: () => out,
    exitCode: () => child.exitCode,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

export interface SimulatedBus {
  busId: string;
  store: Store;
  uplink: Uplink;
  feedback: FeedbackService;
  handbook: PolicyHandbook;
  /** The service desk, whose catalogue the staff console and the ticket screen offer. */
  desk: DeskService;
  /** What the resident home screen lists as today's activities. */
  activities: ReturnType<typeof activitiesApi>;
  stop(): Promise<void>;
}

/**
 * A bus as far as the office can tell: its real store, outbox and uplink over MQTT, the residents'
 * feedback service with case updates from the office applied the way 查进度 reads them, and the
 * policy handbook the kiosk's handbook pages read, the desk's catalogue and today's activities as the screens read them.
 */
export function simulatedBus(dir: string, busId: string, mqttUrl: string): SimulatedBus {
  const store = unwrap(Store.open(join(dir, `${busId}.db`), systemClock));
  const uplink = new Uplink({ store, busId, mqtt: { url: mqttUrl, protocolVersion: 5 }, clock: systemClock, backoff: { minMs: 100, maxMs: 500 } });
  const feedback = new FeedbackService({ store, clock: systemClock, moderator: new Moderator(loadWordList()) });
  // As the onboard assembly registers them (src/host/desk.ts): the handbook area applies its own content.
  const handbook = new PolicyHandbook({ store, clock: systemClock });
  uplink.downlink.registerDownlink(handbookContentKind, handbookSchema, (body) => handbook.replaceArticles(body.articles));
  registerCaseUpdates(uplink.downlink, { feedback });
  const desk = new DeskService({ store, clock: systemClock, config: configSchema.parse({}).desk });
  uplink.downlink.registerDownlink(catalogueContentKind, catalogueSchema, () => undefined);
  return {
    busId,
    store,
    uplink,
    feedback,
    handbook,
    desk,
    activities: activitiesApi({ uplink, clock: systemClock }),
    async stop() {
      await uplink.stop();
      store.close();
    },
  };
}

/** Signs a staff member in through the login page, as they would, and waits for the dashboard. */
export async function signIn(page: Page, officeUrl: string, user: { username: string; password: string }): Promise<void> {
  await page.goto(`${officeUrl}/office/login.html`);
  await page.getByLabel('用户名').fill(user.username);
  await page.getByLabel('密码').fill(user.password);
  await page.getByRole('button', { name: '登录' }).click();
  await page.waitForURL(/\/office\/$/);
}
