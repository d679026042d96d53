import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CertFiles } from '../../helpers/certs.ts';
import { freePort, runMosquitto, type Mosquitto } from '../../helpers/mosquitto.ts';

const sampleConfPath = fileURLToPath(new URL('../../../docs/mosquitto.conf', import.meta.url));
const accountsScript = fileURLToPath(new URL('../../../docs/broker-accounts.sh', import.meta.url));
const adminPassword = 'dynsec-admin-secret';

export interface SampleBroker {
  broker: Mosquitto;
  /** The buses' TLS listener (mqtts://). */
  busUrl: string;
  /** The loopback listener the office and mosquitto_ctrl use (mqtt://). */
  officeUrl: string;
  /** Runs docs/broker-accounts.sh against this broker. */
  accounts(...args: string[]): string;
}

function tool(name: string): string {
  try {
    return execFileSync('sh', ['-c', `PATH="$PATH:/usr/sbin:/sbin" command -v ${name}`]).toString().trim();
  } catch {
    throw new Error(`${name} is required for this test but was not found on PATH (install the mosquitto-clients package)`);
  }
}

/**
 * mosquitto run on docs/mosquitto.conf as shipped, only its deployment paths and ports changed (and
 * the user to run as), its accounts made with docs/broker-accounts.sh: what an operator would run.
 */
export async function startSampleBroker(
  base: string,
  tls: { ca: string; server: CertFiles; certificates: boolean },
  accounts: { office: string; buses: Record<string, string> },
): Promise<SampleBroker> {
  mkdirSync(join(base, 'persist'), { recursive: true });
  const ctrl = tool('mosquitto_ctrl');
  const dynsecPath = join(base, 'persist', 'dynamic-security.json');
  execFileSync(ctrl, ['dynsec', 'init', dynsecPath, 'admin', adminPassword], { stdio: 'ignore' });
  const [tlsPort, loopbackPort] = [await freePort(), await freePort()];
  let conf = readFileSync(sampleConfPath, 'utf8')
    .replace('listener 8883', `listener ${tlsPort} 127.0.0.1`)
    .replace('listener 1883 127.0.0.1', `listener ${loopbackPort} 127.0.0.1`)
    .replace('/etc/mosquitto/certs/server.crt', tls.server.cert)
    .replace('/etc/mosquitto/certs/server.key', tls.server.key)
    .replace('/etc/mosquitto/certs/ca.crt', tls.ca)
    .replaceAll('/var/lib/mosquitto/', `${base}/persist/`);
  if (tls.certificates) {
    conf = conf.replace('#require_certificate true', 'require_certificate true').replace('#use_identity_as_username true', 'use_identity_as_username true');
  }
  const leftover = conf.split('\n').filter((line) => !line.startsWith('#') && /\/etc\/|\/var\/|8883|1883/.test(line));
  if (leftover.length > 0) throw new Error(`docs/mosquitto.conf has settings this test does not know how to move: ${leftover.join('; ')}`);
  const confPath = join(base, 'mosquitto.conf');
  writeFileSync(confPath, `${conf}\nuser ${userInfo().username}\n`);
  const broker = await runMosquitto(confPath, tlsPort, 'mqtts');
  const run = (...args: string[]) =>
    execFileSync('sh', [accountsScript, ...args], {
      env: { ...process.env, PATH: `${process.env.PATH}:/usr/sbin:/sbin`, MOSQUITTO_CTRL_OPTS: `-h 127.0.0.1 -p ${loopbackPort} -u admin -P ${adminPassword}` },
    }).toString();
  try {
    run('office', accounts.office);
    for (const [busId, password] of Object.entries(accounts.buses)) run('bus', busId, password);
  } catch (error) {
    await broker.stop();
    throw error;
  }
  return { broker, busUrl: broker.url, officeUrl: `mqtt://127.0.0.1:${loopbackPort}`, accounts: run };
}
