import { execFileSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const openssl = '/usr/bin/openssl';

/** Extensions per kind of certificate; written next to the keys so the system openssl.cnf plays no part. */
const opensslConfig = `
[req]
distinguished_name = dn
prompt = no
[dn]
CN = unused
[ca]
basicConstraints = critical,CA:TRUE
keyUsage = critical,keyCertSign,cRLSign
subjectKeyIdentifier = hash
[server]
basicConstraints = CA:FALSE
keyUsage = critical,digitalSignature,keyEncipherment
extendedKeyUsage = serverAuth
subjectAltName = $ENV::LIANXIN_TEST_SAN
[client]
basicConstraints = CA:FALSE
keyUsage = critical,digitalSignature,keyEncipherment
extendedKeyUsage = clientAuth
`;

export interface CertFiles {
  cert: string;
  key: string;
}

export interface TestCa {
  /** The CA certificate: what `mqtt.ca` and mosquitto's `cafile` name. */
  ca: string;
  /** A server certificate signed by this CA, for 127.0.0.1 and localhost unless other names are given. */
  server(name: string, subjectAltName?: string): CertFiles;
  /** A client certificate with CN = `commonName` (a busId, or "office") signed by this CA. */
  client(commonName: string): CertFiles;
}

/**
 * A throwaway certificate authority in `dir`, made with the openssl CLI (P-256 keys: fast to
 * generate). Throws naming openssl when it is not installed, so a test needing it fails.
 */
export function makeTestCa(dir: string, name = 'ca'): TestCa {
  if (!existsSync(openssl)) throw new Error(`${openssl} is required for the TLS tests but was not found (install the openssl package)`);
  const configPath = join(dir, 'openssl.cnf');
  writeFileSync(configPath, opensslConfig);
  const run = (args: string[], subjectAltName = 'IP:127.0.0.1,DNS:localhost') =>
    execFileSync(openssl, args, { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, LIANXIN_TEST_SAN: subjectAltName } });
  const newKey = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  const ca = join(dir, `${name}.crt`);
  const caKey = join(dir, `${name}.key`);
  run(['req', '-config', configPath, '-x509', ...newKey, '-keyout', caKey, '-out', ca, '-days', '2', '-subj', `/CN=lianxin test ${name}`, '-extensions', 'ca']);
  let serial = 1;
  const issue = (file: string, commonName: string, extensions: 'server' | 'client', subjectAltName?: string): CertFiles => {
    const key = join(dir, `${file}.key`);
    const csr = join(dir, `${file}.csr`);
    const cert = join(dir, `${file}.crt`);
    run(['req', '-config', configPath, '-new', ...newKey, '-keyout', key, '-out', csr, '-subj', `/CN=${commonName}`]);
    run(['x509', '-req', '-in', csr, '-CA', ca, '-CAkey', caKey, '-set_serial', String(serial++), '-days', '2', '-out', cert, '-extfile', configPath, '-extensions', extensions], subjectAltName);
    return { cert, key };
  };
  return {
    ca,
    server: (file, subjectAltName) => issue(`${name}-${file}`, 'localhost', 'server', subjectAltName),
    client: (commonName) => issue(`${name}-client-${commonName}`, commonName, 'client'),
  };
}
