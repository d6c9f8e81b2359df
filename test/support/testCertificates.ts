import { execFileSync } from 'node:child_process';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

/** A certificate authority made for one test run, with openssl (EC P-256, valid two days). */
export interface TestAuthority {
  /** PEM of the authority's certificate: what a client must trust (`ca`, or NODE_EXTRA_CA_CERTS). */
  readonly certPem: string;
  readonly certPath: string;
  /** A server certificate for these DNS names (and 127.0.0.1), signed by this authority. */
  issue(names: readonly string[]): { key: string; cert: string };
}

/**
 * Node's crypto can make keys but not certificates, so the openssl command line makes them
 * (Debian's `openssl`, present on the machines this project runs on). Everything lives in `dir`.
 */
export function createTestAuthority(dir: string, name: string, reuse = false): TestAuthority {
  fs.mkdirSync(dir, { recursive: true });
  const key = path.join(dir, `${name}-ca.key`);
  const certPath = path.join(dir, `${name}-ca.pem`);
  // reuse: the authority the integration runner made before VS Code started (it trusts it through NODE_EXTRA_CA_CERTS).
  if (!(reuse && fs.existsSync(key) && fs.existsSync(certPath))) openssl([
    'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', key, '-out', certPath, '-days', '2',
    '-subj', `/CN=Coverage Sentinel test CA ${name}`,
    '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign',
  ]);
  let issued = 0;
  return {
    certPem: fs.readFileSync(certPath, 'utf8'),
    certPath,
    issue(names) {
      const base = path.join(dir, `${name}-leaf${++issued}`);
      const extensions = `${base}.ext`;
      const alt = ['IP:127.0.0.1', ...names.map((dns) => `DNS:${dns}`)].join(',');
      fs.writeFileSync(extensions, `subjectAltName=${alt}\nbasicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\n`);
      openssl(['req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', `${base}.key`, '-out', `${base}.csr`, '-subj', '/CN=127.0.0.1']);
      openssl([
        'x509', '-req', '-in', `${base}.csr`, '-CA', certPath, '-CAkey', key, '-set_serial', `0x${crypto.randomBytes(8).toString('hex')}`,
        '-out', `${base}.pem`, '-days', '2', '-extfile', extensions,
      ]);
      return { key: fs.readFileSync(`${base}.key`, 'utf8'), cert: fs.readFileSync(`${base}.pem`, 'utf8') };
    },
  };
}

function openssl(args: readonly string[]): void {
  try {
    execFileSync('openssl', args, { stdio: ['ignore', 'ignore', 'pipe'] });
  } catch (error) {
    const stderr = (error as { stderr?: Buffer }).stderr?.toString() ?? '';
    throw new Error(`openssl ${args[0] ?? ''} failed (is the openssl command installed? apt-get install openssl): ${String(error)}\n${stderr}`, { cause: error });
  }
}
