import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { systemClock } from '../../src/core/clock.ts';
import { unwrap } from '../../src/core/result.ts';
import { FeedbackService } from '../../src/services/feedback/feedback.ts';
import { loadWordList, Moderator } from '../../src/services/feedback/moderation.ts';
import { Store } from '../../src/store/store.ts';
import { Uplink } from '../../src/sync/uplink.ts';
import { z } from 'zod';
import { waitFor } from './temp.ts';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
export const builtOffice = join(repoRoot, 'dist/renderer/office/login.html');

export const staff = {
  chief: { username: 'wang', displayName: '王主任', password: 'hongfu-office-2026', canUnmask: true },
  clerk: { username: 'li', displayName: '李干事', password: 'lianxin-clerk-2026', canUnmask: false },
} as const;

export interface OfficeProcess {
  url: string;
  output(): string;
  stop(): Promise<void>;
}

/** `lianxin office --config FILE` as its own process, as it runs in the community office. */
export async function startOfficeProcess(dir: string, mqttUrl: string): Promise<OfficeProcess> {
  if (!existsSync(builtOffice)) throw new Error(`the office pages are not built (${builtOffice} missing): run \`npm run build:renderer\``);
  const configPath = join(dir, 'office.json');
  writeFileSync(
    configPath,
    JSON.stringify({
      dataDir: join(dir, 'data'),
      mqtt: { url: mqttUrl, protocolVersion: 5 },
      office: { dataDir: join(dir, 'office'), http: { host: '127.0.0.1', port: 0 }, users: Object.values(staff) },
    }),
  );
  const child: ChildProcess = spawn(join(repoRoot, 'node_modules/.bin/tsx'), ['src/cli/main.ts', 'office', '--config', configPath], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
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
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** The office's `case` downlink body (src/office/publish.ts CaseUpdateBody), as the bus reads it. */
const caseBody = z.looseObject({
  source: z.enum(['comment', 'ticket']),
  reference: z.string().nullable(),
  status: z.string(),
  replyText: z.string().nullable(),
  version: z.number().int(),
});

export interface SimulatedBus {
  busId: string;
  store: Store;
  uplink: Uplink;
  feedback: FeedbackService;
  stop(): Promise<void>;
}

/**
 * A bus as far as the office can tell: its real store, outbox and uplink over MQTT, the residents'
 * feedback service, and case updates from the office applied the way 查进度 reads them.
 */
export function simulatedBus(dir: string, busId: string, mqttUrl: string): SimulatedBus {
  const store = unwrap(Store.open(join(dir, `${busId}.db`), systemClock));
  const uplink = new Uplink({ store, busId, mqtt: { url: mqttUrl, protocolVersion: 5 }, clock: systemClock, backoff: { minMs: 100, maxMs: 500 } });
  const feedback = new FeedbackService({ store, clock: systemClock, moderator: new Moderator(loadWordList()) });
  uplink.downlink.registerDownlink('case', caseBody, (body) => {
    if (body.source !== 'comment' || body.reference === null) return;
    const applied = feedback.applyReply(body.reference, body.status, body.replyText, body.version);
    if (!applied.ok) throw new Error(applied.error.message);
  });
  return {
    busId,
    store,
    uplink,
    feedback,
    async stop() {
      await uplink.stop();
      store.close();
    },
  };
}
