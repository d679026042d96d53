import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { connect, createServer, type AddressInfo } from 'node:net';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { waitFor } from './temp.ts';

/** The ACL shipped for operators; the tests run against it unchanged. */
export const sampleAclPath = fileURLToPath(new URL('../../docs/mosquitto.acl', import.meta.url));

export interface MosquittoOptions {
  /** Folder for the config, password file, log and persistence database. */
  dir: string;
  persistence?: boolean;
  /** username → password; empty: anonymous access allowed (no ACL) unless TLS takes the username from the certificate. */
  users?: Record<string, string>;
  aclPath?: string;
  maxPacketSize?: number;
  /** Makes the listener TLS (url mqtts://…) with mosquitto 2.x's per-listener certificate settings. */
  tls?: MosquittoTls;
}

export interface MosquittoTls {
  cafile: string;
  certfile: string;
  keyfile: string;
  /** Clients must present a certificate signed by cafile; without one the handshake fails. */
  requireCertificate?: boolean;
  /** The client certificate's CN becomes the username (the ACL's %u); no password is checked. */
  useIdentityAsUsername?: boolean;
}

export interface Mosquitto {
  port: number;
  url: string;
  /** SIGKILL: no clean shutdown, no final persistence save. */
  kill(): Promise<void>;
  /** Starts it again on the same port with the same files. */
  restart(): Promise<void>;
  stop(): Promise<void>;
  log(): string;
}

function requireTool(tool: string): string {
  try {
    // Debian installs the broker in /usr/sbin, which a non-root PATH may leave out.
    return execFileSync('sh', ['-c', `PATH="$PATH:/usr/sbin:/sbin" command -v ${tool}`]).toString().trim();
  } catch {
    throw new Error(`${tool} is required for this test but was not found on PATH (install the mosquitto package)`);
  }
}

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export function acceptsConnections(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** Starts `mosquitto -c <conf>` on a free loopback port and waits until it accepts connections. */
export async function startMosquitto(options: MosquittoOptions): Promise<Mosquitto> {
  const port = await freePort();
  const { dir } = options;
  mkdirSync(join(dir, 'persist'), { recursive: true });
  const logPath = join(dir, 'mosquitto.log');
  const { tls } = options;
  const lines = [
    `listener ${port} 127.0.0.1`,
    ...(tls
      ? [
          `cafile ${tls.cafile}`,
          `certfile ${tls.certfile}`,
          `keyfile ${tls.keyfile}`,
          `require_certificate ${tls.requireCertificate ? 'true' : 'false'}`,
          `use_identity_as_username ${tls.useIdentityAsUsername ? 'true' : 'false'}`,
        ]
      : []),
    `user ${userInfo().username}`,
    `log_dest file ${logPath}`,
    'log_type error',
    'log_type warning',
    `persistence ${options.persistence ? 'true' : 'false'}`,
    `persistence_location ${join(dir, 'persist')}/`,
    'autosave_interval 1',
    'max_queued_messages 200000',
    'max_inflight_messages 100',
    `max_packet_size ${options.maxPacketSize ?? 1024 * 1024}`,
  ];
  const users = Object.entries(options.users ?? {});
  if (users.length === 0 && !tls?.useIdentityAsUsername) {
    lines.push('allow_anonymous true');
  } else {
    lines.push('allow_anonymous false');
    if (users.length > 0) lines.push(`password_file ${writePasswordFile(join(dir, 'passwd'), options.users!)}`);
    if (options.aclPath) lines.push(`acl_file ${options.aclPath}`);
  }
  const confPath = join(dir, 'mosquitto.conf');
  writeFileSync(confPath, `${lines.join('\n')}\n`);
  return runMosquitto(confPath, port, tls ? 'mqtts' : 'mqtt');
}

/** A mosquitto_passwd file at `path` holding these username → password pairs; returns the path. */
export function writePasswordFile(path: string, users: Record<string, string>): string {
  const passwd = requireTool('mosquitto_passwd');
  writeFileSync(path, '');
  for (const [user, password] of Object.entries(users)) execFileSync(passwd, ['-b', path, user, password]);
  return path;
}

/** Runs mosquitto on a config already written, whose first listener is `port` on 127.0.0.1. */
export async function runMosquitto(confPath: string, port: number, scheme: 'mqtt' | 'mqtts'): Promise<Mosquitto> {
  const binary = requireTool('mosquitto');
  let proc: ChildProcess | null = null;
  let stderr = '';
  const launch = async () => {
    stderr = '';
    const child = spawn(binary, ['-c', confPath], { stdio: ['ignore', 'ignore', 'pipe'] });
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    proc = child;
    let exited = false;
    child.once('exit', () => (exited = true));
    await waitFor(
      async () => {
        if (exited) throw new Error(`mosquitto exited at start: ${stderr}`);
        return acceptsConnections(port);
      },
      `mosquitto on port ${port}`,
    );
  };
  const kill = async () => {
    const child = proc;
    proc = null;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGKILL');
    });
  };
  await launch();
  return {
    port,
    url: `${scheme}://127.0.0.1:${port}`,
    kill,
    restart: launch,
    stop: kill,
    log: () => stderr,
  };
}
