/**
 * A throwaway PostgreSQL cluster for a benchmark peer: initdb under a temp folder, started with
 * pg_ctl on a free loopback port, fsync off (nothing here needs to survive). PostgreSQL refuses
 * to run as root, so under root the cluster runs as the `postgres` system user.
 */
import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { freePort } from '../../helpers/mosquitto.ts';

export interface Cluster {
  client: pg.Client;
  stop(): Promise<void>;
}

function binDir(): string | null {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return null;
  const versions = readdirSync(root).filter((v) => existsSync(join(root, v, 'bin', 'initdb'))).sort((a, b) => Number(b) - Number(a));
  return versions[0] ? join(root, versions[0], 'bin') : null;
}

/** Starts a cluster, or says why it cannot (the benchmark prints that and carries on). */
export async function startPostgres(): Promise<{ ok: true; cluster: Cluster } | { ok: false; reason: string }> {
  const bin = binDir();
  if (!bin) return { ok: false, reason: 'no PostgreSQL server binaries under /usr/lib/postgresql/*/bin (initdb missing)' };
  const dir = mkdtempSync(join(tmpdir(), 'lianxin-pg-'));
  const data = join(dir, 'data');
  const port = await freePort();
  const asRoot = userInfo().uid === 0;
  const run = (tool: string, args: string[]) => {
    const command = [join(bin, tool), ...args].map((a) => `'${a.replaceAll("'", "'\\''")}'`).join(' ');
    return asRoot ? execFileSync('su', ['postgres', '-s', '/bin/sh', '-c', command], { stdio: 'pipe' }) : execFileSync('sh', ['-c', command], { stdio: 'pipe' });
  };
  try {
    if (asRoot) {
      const pgUid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
      const pgGid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
      chownSync(dir, pgUid, pgGid);
    }
    run('initdb', ['-D', data, '-A', 'trust', '-U', 'bench', '--no-sync', '-E', 'UTF8', '--locale=C']);
    run('pg_ctl', ['-D', data, '-l', join(dir, 'log'), '-w', '-o', `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c shared_buffers=128MB`, 'start']);
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    const stderr = (error as { stderr?: Buffer }).stderr?.toString().trim();
    return { ok: false, reason: `PostgreSQL could not be started: ${stderr || (error as Error).message}` };
  }
  const client = new pg.Client({ host: '127.0.0.1', port, user: 'bench', database: 'postgres' });
  await client.connect();
  return {
    ok: true,
    cluster: {
      client,
      async stop() {
        await client.end();
        run('pg_ctl', ['-D', data, '-m', 'immediate', 'stop']);
        rmSync(dir, { recursive: true, force: true });
      },
    },
  };
}
