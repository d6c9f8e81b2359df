import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * The shared `reports` folder: COVERAGE_SHARED_DIR (the `shared` folder or its `reports`) when
 * set, else the `shared` folder beside the repository (seen from out/test/unit).
 */
export const sharedReportsDir: string = locate();

function locate(): string {
  const override = process.env['COVERAGE_SHARED_DIR'];
  if (override === undefined || override === '') return path.resolve(__dirname, '../../../../shared/reports');
  const candidate = path.resolve(override);
  return fs.existsSync(path.join(candidate, 'reports')) ? path.join(candidate, 'reports') : candidate;
}

/** Every LCOV report under real/ and generated/, as absolute paths. */
export function sharedLcovReports(): string[] {
  const found: string[] = [];
  for (const folder of ['real', 'generated']) {
    const dir = path.join(sharedReportsDir, folder);
    if (!fs.existsSync(dir)) continue;
    for (const name of fs.readdirSync(dir).sort()) {
      if (name.endsWith('.info') || name.endsWith('.lcov')) found.push(path.join(dir, name));
    }
  }
  return found;
}
