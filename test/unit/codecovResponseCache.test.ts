import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { RepoSlug } from '../../src/core/codecov/slug';
import { type CachedResponseKey, ResponseCache } from '../../src/host/codecov/responseCache';
import type { CodecovBody } from '../../src/shared/codecovBody';
import { codecovBodyChunks } from '../../src/worker/codecovBody';

const slug: RepoSlug = { service: 'github', owner: 'octo', repo: 'app' };
const key = (sha: string, extra: Partial<CachedResponseKey> = {}): CachedResponseKey => ({ origin: 'https://api.codecov.io', slug, sha, ...extra });
const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);
/** The body as the worker reads it from where the cache says it lies. */
async function text(body: CodecovBody | undefined): Promise<string | undefined> {
  if (body === undefined) return undefined;
  const chunks: Uint8Array[] = [];
  for await (const chunk of codecovBodyChunks(body)) chunks.push(chunk);
  return Buffer.concat(chunks).toString('utf8');
}

describe('Codecov: response cache on disk', () => {
  let root: string;
  let dir: string;
  let time: number;
  const cache = (maxBytes = 1024 * 1024): ResponseCache => new ResponseCache(dir, maxBytes, () => time);

  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'coverage-sentinel-cache-'));
    dir = path.join(root, 'codecov');
    time = Date.parse('2024-06-01T12:00:00Z');
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  it('stores and returns a response by server, repository, sha and path filter', async () => {
    const c = cache();
    await c.put(key('a1'), bytes('{"files":[1]}'));
    await c.put(key('a1', { path: 'web/' }), bytes('{"files":[2]}'));
    await c.put(key('a1', { origin: 'https://codecov.example.com' }), bytes('{"files":[3]}'));
    await c.put(key('a1', { slug: { ...slug, repo: 'other' } }), bytes('{"files":[4]}'));
    const hit = await c.get(key('a1'));
    assert.equal(await text(hit?.body), '{"files":[1]}');
    assert.equal(hit?.storedAt, time);
    assert.equal(await text((await c.get(key('a1', { path: 'web/' })))?.body), '{"files":[2]}');
    assert.equal(await text((await c.get(key('a1', { origin: 'https://codecov.example.com' })))?.body), '{"files":[3]}');
    assert.equal(await text((await c.get(key('a1', { slug: { ...slug, repo: 'other' } })))?.body), '{"files":[4]}');
    assert.equal(await c.get(key('b2')), undefined);
    // A new cache object over the same folder (a reopened workspace) finds them.
    assert.equal(await text((await cache().get(key('a1')))?.body), '{"files":[1]}');
  });

  it('a response stored from the chunks it arrived in reads back as the same bytes, its size their sum', async () => {
    const c = cache();
    const whole = bytes('{"files":[["a.py",{"l":1}]],"totals":{}}');
    const stored = await c.put(key('a1'), [whole.subarray(0, 7), whole.subarray(7, 7), whole.subarray(7, 30), whole.subarray(30)]);
    assert.equal(stored?.body.size, whole.length);
    assert.equal(await text(stored?.body), new TextDecoder().decode(whole));
    assert.equal(await c.put(key('b2'), [bytes('x'.repeat(700_000)), bytes('y'.repeat(700_000))]), undefined, 'chunks past the cache size are not stored');
  });

  it('says where the body lies (the file, its key, its size) without reading it: the worker reads it', async () => {
    const c = cache();
    const stored = await c.put(key('a1'), bytes('x'.repeat(5000)));
    const hit = await c.get(key('a1'));
    assert.deepEqual(hit, stored);
    assert.equal(hit?.body.size, 5000);
    assert.equal(path.dirname(hit?.body.file ?? ''), dir);
    assert.match(hit?.body.key ?? '', /"a1"/);
  });

  it('file names are hashes: a hostile slug or sha never names a path', async () => {
    const c = cache();
    const hostile = key('../../../../tmp/evil', { slug: { service: 'github', owner: '../../..', repo: '../outside' }, path: '../../x' });
    await c.put(hostile, bytes('{}'));
    assert.equal(await text((await c.get(hostile))?.body), '{}');
    const names = fs.readdirSync(dir);
    assert.equal(names.length, 1);
    assert.match(names[0] ?? '', /^[0-9a-f]{64}\.codecov$/);
    assert.deepEqual(fs.readdirSync(root), ['codecov']);
  });

  it('keeps the folder under its cap by evicting the least recently used', async () => {
    const c = cache(3500);
    const body = bytes('x'.repeat(900));
    for (const sha of ['s1', 's2', 's3']) {
      await c.put(key(sha), body);
      time += 1000;
    }
    await c.get(key('s1')); // used again: now the newest
    time += 1000;
    await c.put(key('s4'), body);
    assert.ok((await c.get(key('s1'))) !== undefined, 's1 was used recently');
    assert.equal(await c.get(key('s2')), undefined, 's2 is the oldest');
    assert.ok((await c.get(key('s3'))) !== undefined);
    assert.ok((await c.get(key('s4'))) !== undefined);
    const total = fs.readdirSync(dir).reduce((sum, name) => sum + fs.statSync(path.join(dir, name)).size, 0);
    assert.ok(total <= 3500, `${total} bytes`);
  });

  it('a response larger than the whole cache is not stored', async () => {
    const c = cache(1000);
    await c.put(key('big'), bytes('x'.repeat(2000)));
    assert.equal(await c.get(key('big')), undefined);
    assert.equal(fs.existsSync(dir) ? fs.readdirSync(dir).length : 0, 0);
  });

  it('writes atomically: no temporary file is left, a stale one is swept, a damaged file is dropped', async () => {
    const c = cache();
    await c.put(key('a1'), bytes('{"ok":1}'));
    assert.deepEqual(fs.readdirSync(dir).filter((n) => n.endsWith('.tmp')), []);
    const [name] = fs.readdirSync(dir);
    const file = path.join(dir, name as string);
    // A writer that died mid-write, long ago.
    const stale = `${file}.0123456789ab.tmp`;
    fs.writeFileSync(stale, 'half');
    fs.utimesSync(stale, new Date(time - 120_000), new Date(time - 120_000));
    await c.put(key('a2'), bytes('{"ok":2}'));
    assert.equal(fs.existsSync(stale), false);
    // Damage: another key's header, or no header at all.
    fs.writeFileSync(file, '{"key":"[\\"other\\"]","storedAt":1}\n{"ok":1}');
    assert.equal(await c.get(key('a1')), undefined);
    assert.equal(fs.existsSync(file), false, 'a damaged file is removed');
    await c.put(key('a1'), bytes('{"ok":1}'));
    fs.writeFileSync(file, 'garbage without a newline');
    assert.equal(await c.get(key('a1')), undefined);
  });

  it('a symlink planted under a cache name is not followed', async () => {
    const c = cache();
    await c.put(key('a1'), bytes('{"ok":1}'));
    const [name] = fs.readdirSync(dir);
    const file = path.join(dir, name as string);
    const secret = path.join(root, 'secret.txt');
    fs.writeFileSync(secret, 'secret');
    fs.rmSync(file);
    fs.symlinkSync(secret, file);
    assert.equal(await c.get(key('a1')), undefined);
    assert.equal(fs.readFileSync(secret, 'utf8'), 'secret');
  });

  it('clear() empties it', async () => {
    const c = cache();
    await c.put(key('a1'), bytes('{}'));
    await c.clear();
    assert.equal(await c.get(key('a1')), undefined);
    assert.deepEqual(fs.readdirSync(dir), []);
  });
});
