import * as https from 'node:https';
import { CodecovSimulator, type SimFile, type SimStatus } from '../test/support/codecovSimulator';
import { createTestAuthority } from '../test/support/testCertificates';
import { synthesiseCodecovReport } from './codecov.bench';

/**
 * The Codecov side of the VS Code Codecov bench, in a process of its own (its JSON work must not
 * count as the extension host's): the simulator serving a synthesised ~20 MiB report for one
 * commit. Arguments: the test CA's folder, the commit, the file that exists in the workspace.
 * Prints `READY <json>` (origin, response bytes) and then `REPORT-REQUEST <epoch ms>` each time
 * the report is asked for.
 */
async function main(): Promise<void> {
  const [caDir, sha, openFile] = process.argv.slice(2);
  if (caDir === undefined || sha === undefined || openFile === undefined) throw new Error('usage: codecovServer CA_DIR SHA OPEN_FILE');
  const synthesised = JSON.parse(new TextDecoder().decode(synthesiseCodecovReport(undefined, openFile))) as { files: { name: string; line_coverage: [number, SimStatus][] }[] };
  const files: SimFile[] = synthesised.files.map((file) => ({ name: file.name, lines: file.line_coverage }));
  const tls = createTestAuthority(caDir, 'integration', true).issue(['localhost']);
  const simulator = await CodecovSimulator.start({ tls, tokens: [], repos: [{ service: 'github', owner: 'acme', repo: 'bench', private: false, branch: 'main', commits: [{ sha, branch: 'main', files }] }] });
  const ca = createTestAuthority(caDir, 'integration', true).certPem;
  const bytes = await responseBytes(`${simulator.origin()}/api/v2/github/acme/repos/bench/report/?sha=${sha}`, ca);
  const gzipped = await responseBytes(`${simulator.origin()}/api/v2/github/acme/repos/bench/report/?sha=${sha}`, ca, 'gzip');
  simulator.reset();
  const seen = { count: 0 };
  setInterval(() => {
    const reports = simulator.requests.filter((r) => r.url.includes('/report/'));
    for (; seen.count < reports.length; seen.count++) console.log(`REPORT-REQUEST ${Date.now()}`);
  }, 5).unref();
  console.log(`READY ${JSON.stringify({ origin: simulator.origin(), bytes, gzipped, files: files.length })}`);
  process.on('SIGTERM', () => void simulator.close().then(() => process.exit(0)));
  process.stdin.on('end', () => void simulator.close().then(() => process.exit(0)));
  process.stdin.resume();
}

function responseBytes(url: string, ca: string, encoding = 'identity'): Promise<number> {
  return new Promise((resolve, reject) => {
    https
      .get(url, { ca, headers: { 'Accept-Encoding': encoding } }, (response) => {
        let size = 0;
        response.on('data', (chunk: Buffer) => (size += chunk.length));
        response.on('end', () => resolve(size));
        response.on('error', reject);
      })
      .on('error', reject);
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
