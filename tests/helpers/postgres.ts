/**
 * A throwaway PostgreSQL server for a test or benchmark: initdb under a temp folder, started with
 * pg_ctl on a free loopback port and a socket in that folder. PostgreSQL refuses to run as root,
 * so under root the cluster runs as the `postgres` system user (created by Debian's package).
 */
import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { freePort } from './mosquitto.ts';

export interface PostgresServer {
  /** postgres:// URL of the database `lianxin` (user `lianxin`, password `lianxin-test`, may create databases). */
  url: string;
  /** A new empty database owned by `lianxin`, and its URL: one per test keeps tests apart. */
  freshDatabase(): Promise<string>;
  port: number;
  /** SIGKILL of the postmaster: what a power cut or OOM kill does. */
  kill(): void;
  /** Starts it again on the same port and data (crash recovery replays the WAL). */
  restart(): Promise<void>;
  stop(): void;
}

const serverRoot = '/usr/lib/postgresql';

function binDir(): string {
  const versions = existsSync(serverRoot) ? readdirSync(serverRoot).filter((v) => existsSync(join(serverRoot, v, 'bin', 'initdb'))) : [];
  const newest = versions.sort((a, b) => Number(b) - Number(a))[0];
  if (!newest) throw new Error(`PostgreSQL server binaries are missing (no ${serverRoot}/*/bin/initdb): install the Debian package "postgresql" (.ci/run does)`);
  return join(serverRoot, newest, 'bin');
}

/**
 * Starts a server. `durable: false` turns fsync off for benchmarks that only compare query plans;
 * tests keep the defaults, so a kill loses only what was not committed.
 */
export async function startPostgres(options: { durable?: boolean } = {}): Promise<PostgresServer> {
  const bin = binDir();
  const dir = mkdtempSync(join(tmpdir(), 'lianxin-pg-'));
  const data = join(dir, 'data');
  const port = await freePort();
  const asRoot = userInfo().uid === 0;
  const run = (tool: string, args: string[]) => {
    const command = [join(bin, tool), ...args].map((a) => `'${a.replaceAll("'", "'\\''")}'`).join(' ');
    return asRoot ? execFileSync('su', ['postgres', '-s', '/bin/sh', '-c', command], { stdio: 'pipe' }) : execFileSync('sh', ['-c', command], { stdio: 'pipe' });
  };
  const settings = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1${options.durable === false ? ' -c fsync=off -c synchronous_commit=off -c shared_buffers=128MB' : ''}`;
  const start = () => run('pg_ctl', ['-D', data, '-l', join(dir, 'log'), '-w', '-o', settings, 'start']);
  const psql = (sql: string) => run('psql', ['-h', dir, '-p', String(port), '-U', 'postgres', '-d', 'postgres', '-v', 'ON_ERROR_STOP=1', '-c', sql]);
  try {
    if (asRoot) {
      const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres']).toString().trim());
      chownSync(dir, id('-u'), id('-g'));
    }
    run('initdb', ['-D', data, '-A', 'scram-sha-256', '--auth-local=trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8', '--locale=C']);
    start();
    psql("CREATE ROLE lianxin LOGIN CREATEDB PASSWORD 'lianxin-test'");
    psql('CREATE DATABASE lianxin OWNER lianxin');
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    const stderr = (error as { stderr?: Buffer }).stderr?.toString().trim();
    throw new Error(`PostgreSQL could not be started: ${stderr || (error as Error).message}`, { cause: error });
  }
  let databases = 0;
  const postmasterPid = () => Number(execFileSync('head', ['-1', join(data, 'postmaster.pid')]).toString().trim());
  const url = `postgres://lianxin:lianxin-test@127.0.0.1:${port}/lianxin`;
  return {
    url,
    port,
    async freshDatabase() {
      const name = `lianxin_${++databases}`;
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        await client.query(`CREATE DATABASE ${name}`);
      } finally {
        await client.end();
      }
      return url.replace(/\/lianxin$/, `/${name}`);
    },
    kill() {
      process.kill(postmasterPid(), 'SIGKILL');
    },
    async restart() {
      // The killed postmaster's backends notice within moments and release the shared memory;
      // until then a new postmaster refuses to start.
      const deadline = Date.now() + 15_000;
      for (;;) {
        try {
          start();
          return;
        } catch (error) {
          if (Date.now() > deadline) throw new Error(`PostgreSQL did not start again: ${(error as { stderr?: Buffer }).stderr?.toString() ?? error}`, { cause: error });
          await new Promise((resolve) => setTimeout(resolve, 200));
        }
      }
    },
    stop() {
      try {
        run('pg_ctl', ['-D', data, '-m', 'immediate', 'stop']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
