import * as assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';

const root = path.resolve(__dirname, '../../..');
interface Step {
  readonly id: string;
  readonly title: string;
  readonly description: string;
  readonly media: { readonly markdown?: string; readonly image?: unknown; readonly svg?: string };
  readonly completionEvents?: readonly string[];
}
const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
  contributes: { commands: readonly { command: string }[]; walkthroughs: readonly { id: string; steps: readonly Step[] }[] };
};
const contributed = new Set(manifest.contributes.commands.map((c) => c.command));

/** Every source file's text, to check that a command is registered somewhere. */
function sources(dir: string): string {
  return readdirSync(dir)
    .map((name) => path.join(dir, name))
    .map((file) => (statSync(file).isDirectory() ? sources(file) : file.endsWith('.ts') ? readFileSync(file, 'utf8') : ''))
    .join('\n');
}

describe('the Getting Started walkthrough', () => {
  const walkthrough = manifest.contributes.walkthroughs[0];

  it('has the three steps: run tests with coverage, connect Codecov, compare with main', () => {
    assert.ok(walkthrough);
    assert.deepEqual(walkthrough.steps.map((s) => s.id), ['runTests', 'connectCodecov', 'compareWithMain']);
  });

  for (const step of manifest.contributes.walkthroughs.flatMap((w) => w.steps)) {
    it(`${step.id}: its media is a file in the repository and the .vsix`, () => {
      const media = step.media.markdown ?? step.media.svg;
      assert.ok(media, `${step.id} has markdown or svg media`);
      assert.ok(existsSync(path.join(root, media)), media);
      assert.match(media, /^media\//, 'inside media/, which the .vsix includes');
    });

    it(`${step.id}: every command it links or waits for is contributed and registered`, () => {
      const linked = [...step.description.matchAll(/\(command:([\w.]+)/g)].map((m) => m[1] as string);
      const awaited = (step.completionEvents ?? []).filter((e) => e.startsWith('onCommand:')).map((e) => e.slice('onCommand:'.length));
      const media = step.media.markdown === undefined ? '' : readFileSync(path.join(root, step.media.markdown), 'utf8');
      const inMedia = [...media.matchAll(/command:([\w.]+)/g)].map((m) => m[1] as string);
      assert.ok(linked.length > 0, `${step.id} offers at least one button`);
      const code = sources(path.join(root, 'src'));
      for (const command of [...linked, ...awaited, ...inMedia]) {
        assert.ok(contributed.has(command), `${command} is in contributes.commands`);
        assert.ok(code.includes(`'${command}'`), `${command} is registered in src/`);
      }
    });
  }

  it('the Codecov step turns Codecov on and sets a token; the compare step compares and saves a baseline', () => {
    const buttons = (id: string) => [...(manifest.contributes.walkthroughs[0]?.steps.find((s) => s.id === id)?.description ?? '').matchAll(/\(command:([\w.]+)\)/g)].map((m) => m[1]);
    assert.deepEqual(buttons('connectCodecov'), ['coverageSentinel.codecov.enable', 'coverageSentinel.codecov.setToken']);
    assert.deepEqual(buttons('compareWithMain'), ['coverageSentinel.compareWithBranch', 'coverageSentinel.saveBaseline']);
  });
});
