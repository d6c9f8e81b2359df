import { execFileSync } from 'node:child_process';
import type * as http from 'node:http';
import * as https from 'node:https';
import type { AddressInfo } from 'node:net';
import * as zlib from 'node:zlib';

/**
 * A Codecov API v2 server on 127.0.0.1 over HTTPS for tests, answering as codecov-api does
 * (api/public/v2: repository detail, commit list, report, totals; `{"detail": …}` errors), with
 * switches for every failure the client must survive. It records every request, headers
 * included. Start it with a certificate from test/support/testCertificates.ts.
 */

/** Codecov's line status: 0 hit, 1 miss, 2 partial; -1 and null are skipped lines. */
export type SimStatus = 0 | 1 | 2 | -1 | null;

export interface SimFile {
  readonly name: string;
  readonly lines: readonly (readonly [number, SimStatus])[];
}

export interface SimCommit {
  readonly sha: string;
  /** First parent's sha. */
  readonly parent?: string;
  readonly branch: string;
  readonly message?: string;
  readonly timestamp?: string;
  /** Undefined: Codecov knows the commit but has no coverage for it. */
  readonly files?: readonly SimFile[];
  readonly state?: 'complete' | 'pending' | 'error' | 'skipped';
}

export interface SimRepo {
  readonly service: string;
  readonly owner: string;
  readonly repo: string;
  readonly private: boolean;
  /** Default branch. */
  readonly branch: string;
  /** Newest first, as the commit list answers. */
  readonly commits: readonly SimCommit[];
  /** A clone whose git diff the `compare` endpoint reads (Codecov diffs the commits on its side). */
  readonly checkout?: string;
}

export interface RecordedRequest {
  readonly method: string;
  /** The request target as sent (path and query, still encoded). */
  readonly url: string;
  readonly headers: http.IncomingHttpHeaders;
}

/** Failure switches; each applies to every request until changed, except `status`, which counts down. */
export interface SimSwitches {
  /** Answer the next `times` requests with this status (and Retry-After when given). */
  status?: { code: number; times: number; retryAfter?: string };
  /** Wait this long before answering (headers included): a slow server. */
  delayMs?: number;
  /** Answer 302 to this origin, same path and query. */
  redirectTo?: string;
  /** With redirectTo: add `hop=1` to the query and answer requests that carry it normally (a same-origin redirect that ends). */
  redirectOnce?: boolean;
  /** Answer 200 with this many bytes of body, streamed. */
  oversizeBytes?: number;
  /** With oversizeBytes: declare the length in Content-Length (else chunked). */
  declareLength?: boolean;
  /** Answer 200 with a gzip body that inflates to this many bytes (a decompression bomb). */
  gzipBombBytes?: number;
  /** Never gzip, even when asked. */
  noGzip?: boolean;
}

export interface ServerTls {
  readonly key: string;
  readonly cert: string;
}

/** A started HTTPS server that records requests. */
abstract class RecordingServer {
  readonly requests: RecordedRequest[] = [];
  protected server!: https.Server;
  port = 0;

  protected async listen(tls: ServerTls): Promise<void> {
    this.server = https.createServer({ key: tls.key, cert: tls.cert }, (request, response) => {
      this.requests.push({ method: request.method ?? '', url: request.url ?? '', headers: { ...request.headers } });
      request.resume();
      void this.handle(request, response);
    });
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(0, '127.0.0.1', () => resolve());
    });
    this.port = (this.server.address() as AddressInfo).port;
  }

  /** `https://127.0.0.1:port`, or the same port under another name (for clients given a DNS override). */
  origin(host = '127.0.0.1'): string {
    return `https://${host}:${this.port}`;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  protected abstract handle(request: http.IncomingMessage, response: http.ServerResponse): Promise<void>;
}

/** A second origin that only records what reaches it (a redirect's target, a lookalike host) and answers `{}`. */
export class CaptureServer extends RecordingServer {
  static async start(tls: ServerTls): Promise<CaptureServer> {
    const server = new CaptureServer();
    await server.listen(tls);
    return server;
  }

  protected handle(_request: http.IncomingMessage, response: http.ServerResponse): Promise<void> {
    response.writeHead(200, { 'Content-Type': 'application/json' }).end('{}');
    return Promise.resolve();
  }
}

export class CodecovSimulator extends RecordingServer {
  switches: SimSwitches = {};

  private constructor(
    private readonly repos: readonly SimRepo[],
    private readonly tokens: readonly string[],
  ) {
    super();
  }

  /** `tokens`: the API tokens it accepts (any of them reads every repository). */
  static async start(options: { tls: ServerTls; repos: readonly SimRepo[]; tokens: readonly string[] }): Promise<CodecovSimulator> {
    const simulator = new CodecovSimulator(options.repos, options.tokens);
    await simulator.listen(options.tls);
    return simulator;
  }

  /** Forgets recorded requests and switches. */
  reset(): void {
    this.requests.length = 0;
    this.switches = {};
  }

  protected async handle(request: http.IncomingMessage, response: http.ServerResponse): Promise<void> {
    const switches = this.switches;
    if (switches.delayMs !== undefined) await new Promise((resolve) => setTimeout(resolve, switches.delayMs));
    if (response.destroyed) return;
    const target = request.url ?? '/';
    const hopped = new URL(target, 'https://simulator.invalid').searchParams.has('hop');
    if (switches.redirectTo !== undefined && !(switches.redirectOnce === true && hopped)) {
      const hop = switches.redirectOnce === true ? `${target.includes('?') ? '&' : '?'}hop=1` : '';
      response.writeHead(302, { Location: `${switches.redirectTo}${target}${hop}` }).end();
      return;
    }
    if (switches.status !== undefined && switches.status.times > 0) {
      switches.status.times--;
      const headers: http.OutgoingHttpHeaders = { 'Content-Type': 'application/json' };
      if (switches.status.retryAfter !== undefined) headers['Retry-After'] = switches.status.retryAfter;
      response.writeHead(switches.status.code, headers).end(JSON.stringify({ detail: `Simulated ${switches.status.code}.` }));
      return;
    }
    if (switches.oversizeBytes !== undefined) {
      streamBytes(response, switches.oversizeBytes, switches.declareLength === true);
      return;
    }
    if (switches.gzipBombBytes !== undefined) {
      const bomb = zlib.gzipSync(Buffer.alloc(switches.gzipBombBytes, 0x20));
      response.writeHead(200, { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip', 'Content-Length': bomb.length }).end(bomb);
      return;
    }
    const { status, body } = this.route(request);
    const text = JSON.stringify(body);
    const gzip = switches.noGzip !== true && /\bgzip\b/.test(String(request.headers['accept-encoding'] ?? ''));
    const payload = gzip ? zlib.gzipSync(text) : Buffer.from(text);
    const headers: http.OutgoingHttpHeaders = { 'Content-Type': 'application/json', 'Content-Length': payload.length };
    if (gzip) headers['Content-Encoding'] = 'gzip';
    response.writeHead(status, headers).end(payload);
  }

  private route(request: http.IncomingMessage): { status: number; body: unknown } {
    const url = new URL(request.url ?? '/', 'https://simulator.invalid');
    const authorization = request.headers.authorization;
    let authorised = false;
    if (authorization !== undefined) {
      const match = /^bearer (\S+)$/i.exec(authorization);
      if (match === null || !this.tokens.includes(match[1] as string)) return { status: 401, body: { detail: 'Invalid token.' } };
      authorised = true;
    }
    const segments = url.pathname.split('/').slice(1);
    // api, v2, service, owner, repos, repo, [endpoint], ''
    if (segments[0] !== 'api' || segments[1] !== 'v2' || segments[4] !== 'repos' || segments[segments.length - 1] !== '') return notFound();
    const [service, owner, repoName] = [segments[2], segments[3], segments[5]].map((s) => decodeURIComponent(s ?? ''));
    const repo = this.repos.find((r) => r.service === service && r.owner === owner && r.repo === repoName);
    // Codecov answers 404, not 401, for a private repository read without a token.
    if (repo === undefined || (repo.private && !authorised)) return notFound();
    const endpoint = segments.slice(6, -1).join('/');
    if (endpoint === '') return { status: 200, body: repoDetail(repo) };
    if (endpoint === 'commits') return { status: 200, body: commitList(repo, url) };
    if (endpoint === 'report' || endpoint === 'totals') return report(repo, url, endpoint === 'report');
    if (endpoint === 'compare') return compare(repo, url);
    return notFound();
  }
}

function notFound(): { status: number; body: unknown } {
  return { status: 404, body: { detail: 'Not found.' } };
}

function streamBytes(response: http.ServerResponse, size: number, declare: boolean): void {
  const headers: http.OutgoingHttpHeaders = { 'Content-Type': 'application/json' };
  if (declare) headers['Content-Length'] = size;
  response.writeHead(200, headers);
  const chunk = Buffer.alloc(64 * 1024, 0x20);
  let sent = 0;
  const write = (): void => {
    while (sent < size && !response.destroyed) {
      const n = Math.min(chunk.length, size - sent);
      sent += n;
      if (!response.write(chunk.subarray(0, n))) {
        response.once('drain', write);
        return;
      }
    }
    if (!response.destroyed) response.end();
  };
  response.on('error', () => undefined);
  write();
}

interface LineTotals {
  lines: number;
  hits: number;
  misses: number;
  partials: number;
}

function countLines(files: readonly SimFile[]): LineTotals {
  const totals = { lines: 0, hits: 0, misses: 0, partials: 0 };
  for (const file of files) {
    for (const [, status] of file.lines) {
      if (status === 0) totals.hits++;
      else if (status === 1) totals.misses++;
      else if (status === 2) totals.partials++;
      else continue;
      totals.lines++;
    }
  }
  return totals;
}

const coverage = (t: LineTotals): number => (t.lines === 0 ? 0 : Math.round((t.hits / t.lines) * 10000) / 100);

/** ReportTotalsSerializer (report and totals endpoints). */
function reportTotals(files: readonly SimFile[], fileCount: number, sessions: number): Record<string, unknown> {
  const t = countLines(files);
  return { files: fileCount, ...t, coverage: coverage(t), branches: t.partials, methods: 0, messages: 0, sessions, complexity: 0.0, complexity_total: 0.0, complexity_ratio: 0, diff: 0 };
}

/** CommitTotalsSerializer (commit list, repository detail). */
function commitTotals(commit: SimCommit | undefined): Record<string, unknown> | null {
  if (commit?.files === undefined) return null;
  const t = countLines(commit.files);
  return { files: commit.files.length, ...t, coverage: coverage(t), branches: t.partials, methods: 0, sessions: 1, complexity: 0.0, complexity_total: 0.0, complexity_ratio: 0, diff: 0 };
}

function author(repo: SimRepo): Record<string, unknown> {
  return { service: repo.service, username: repo.owner, name: repo.owner };
}

function repoDetail(repo: SimRepo): Record<string, unknown> {
  const head = repo.commits.find((c) => c.branch === repo.branch);
  return {
    name: repo.repo,
    private: repo.private,
    updatestamp: '2024-06-01T12:00:00.000000Z',
    author: author(repo),
    language: 'typescript',
    branch: repo.branch,
    active: true,
    activated: true,
    totals: commitTotals(head),
  };
}

function commitList(repo: SimRepo, url: URL): Record<string, unknown> {
  const branch = url.searchParams.get('branch');
  const commits = repo.commits.filter((c) => branch === null || c.branch === branch);
  const pageSize = Math.max(1, Number(url.searchParams.get('page_size') ?? 20) || 20);
  const page = Math.max(1, Number(url.searchParams.get('page') ?? 1) || 1);
  const totalPages = Math.max(1, Math.ceil(commits.length / pageSize));
  const link = (p: number): string => {
    const next = new URL(url.href);
    next.searchParams.set('page', String(p));
    return next.href;
  };
  return {
    count: commits.length,
    next: page < totalPages ? link(page + 1) : null,
    previous: page > 1 ? link(page - 1) : null,
    results: commits.slice((page - 1) * pageSize, page * pageSize).map((c) => ({
      commitid: c.sha,
      message: c.message ?? `commit ${c.sha.slice(0, 7)}`,
      timestamp: c.timestamp ?? '2024-06-01T12:00:00Z',
      ci_passed: true,
      author: author(repo),
      branch: c.branch,
      totals: commitTotals(c),
      state: c.state ?? (c.files === undefined ? 'pending' : 'complete'),
      parent: c.parent ?? null,
    })),
    total_pages: totalPages,
  };
}

function report(repo: SimRepo, url: URL, withLines: boolean): { status: number; body: unknown } {
  const sha = url.searchParams.get('sha');
  const branch = url.searchParams.get('branch') ?? repo.branch;
  const commit = sha !== null ? repo.commits.find((c) => c.sha === sha) : repo.commits.find((c) => c.branch === branch);
  if (commit === undefined) {
    return { status: 404, body: { detail: sha !== null ? `The commit ${sha} is not in our records. Please specify valid commit.` : `The branch '${branch}' in not in our records. Please provide a valid branch name.` } };
  }
  if (commit.files === undefined) return { status: 404, body: { detail: `No coverage report found for commit ${commit.sha}` } };
  const path = url.searchParams.get('path');
  const files = path === null || path === '' ? commit.files : commit.files.filter((f) => f.name.startsWith(path));
  if (files.length === 0) return { status: 404, body: { detail: `No files or directories found matching path: ${path ?? ''}` } };
  return {
    status: 200,
    body: {
      totals: reportTotals(files, files.length, 1),
      files: files.map((file) => ({
        name: file.name,
        totals: reportTotals([file], 0, 0),
        ...(withLines ? { line_coverage: file.lines.map(([line, status]) => [line, status]) } : {}),
      })),
      commit_file_url: `https://app.codecov.io/${repo.service}/${repo.owner}/${repo.repo}/commit/${commit.sha}/tree${path === null ? '' : `/${path}`}`,
    },
  };
}

/** Lines added or changed in `head` per path, from `git diff -U0` hunk headers (`@@ -a,b +c,d @@`). */
function addedLines(checkout: string, base: string, head: string): Map<string, number[]> {
  const diff = execFileSync('git', ['-c', 'core.quotepath=false', 'diff', '--no-color', '--no-ext-diff', '-U0', '-M', base, head], { cwd: checkout, encoding: 'utf8' });
  const added = new Map<string, number[]>();
  let current: number[] | undefined;
  for (const line of diff.split('\n')) {
    if (line.startsWith('+++ ')) {
      current = line === '+++ /dev/null' ? undefined : [];
      if (current !== undefined) added.set(line.slice('+++ b/'.length), current);
      continue;
    }
    const hunk = /^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@/.exec(line);
    if (hunk === null || current === undefined) continue;
    const start = Number(hunk[1]);
    const count = hunk[2] === undefined ? 1 : Number(hunk[2]);
    for (let i = 0; i < count; i++) current.push(start + i);
  }
  return added;
}

/**
 * The comparison endpoint (ComparisonSerializer): totals of base, head and patch, and per file
 * the lines with their coverage on both sides. The patch is head's coverage of the lines git's
 * diff adds or changes, partial lines counted apart, as Codecov does.
 */
function compare(repo: SimRepo, url: URL): { status: number; body: unknown } {
  const [base, head] = [url.searchParams.get('base'), url.searchParams.get('head')].map((sha) => repo.commits.find((c) => c.sha === sha));
  if (base?.files === undefined || head?.files === undefined || repo.checkout === undefined) return notFound();
  const added = addedLines(repo.checkout, base.sha, head.sha);
  const statusOf = (files: readonly SimFile[], name: string) => new Map(files.find((f) => f.name === name)?.lines ?? []);
  const files: Record<string, unknown>[] = [];
  const patchFiles: SimFile[] = [];
  for (const name of new Set([...base.files.map((f) => f.name), ...head.files.map((f) => f.name)])) {
    const headStatus = statusOf(head.files, name);
    const baseStatus = statusOf(base.files, name);
    const diffLines = new Set(added.get(name) ?? []);
    const patch: SimFile = { name, lines: [...diffLines].filter((line) => headStatus.has(line)).map((line) => [line, headStatus.get(line) as SimStatus]) };
    patchFiles.push(patch);
    const lineNumbers = [...new Set([...headStatus.keys()])].sort((a, b) => a - b);
    files.push({
      name: { base: baseStatus.size > 0 ? name : null, head: headStatus.size > 0 ? name : null },
      totals: { base: reportTotals(base.files.filter((f) => f.name === name), 1, 0), head: reportTotals(head.files.filter((f) => f.name === name), 1, 0), patch: diffLines.size > 0 ? reportTotals([patch], 1, 0) : null },
      has_diff: diffLines.size > 0,
      lines: lineNumbers.map((line) => ({ number: { base: null, head: line }, coverage: { base: null, head: headStatus.get(line) }, is_diff: diffLines.has(line), added: diffLines.has(line), removed: false })),
    });
  }
  return {
    status: 200,
    body: {
      base_commit: base.sha,
      head_commit: head.sha,
      totals: { base: reportTotals(base.files, base.files.length, 1), head: reportTotals(head.files, head.files.length, 1), patch: reportTotals(patchFiles, patchFiles.length, 0) },
      files,
      untracked: [],
      has_unmerged_base_commits: false,
    },
  };
}
