import * as http from 'node:http';
import * as https from 'node:https';
import * as tls from 'node:tls';
import type { LookupFunction } from 'node:net';
import * as zlib from 'node:zlib';
import { type ApiOrigin, isTokenOrigin } from '../../core/codecov/apiUrl';
import { type FetchFailure, type FetchFailureKind, type FetchOutcome, failureMessage } from './outcome';
import { createRedactor } from './redact';
import { backoffMs, isRetryableStatus, retryAfterMs } from './retryPolicy';

/** Time as the client sees it: injectable so that tests need not wait for backoff or Retry-After. */
export interface Clock {
  now(): number;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      signal?.addEventListener('abort', () => {
        clearTimeout(timer);
        resolve();
      }, { once: true });
    }),
};

export interface CodecovClientOptions {
  /** The server the user configured: the only origin a request may start at and the only one the token goes to. */
  readonly origin: ApiOrigin;
  /** The token stored for that origin; none is sent when undefined. */
  readonly token?: string | undefined;
  /** Bytes of a response body (after decompression) past which it is abandoned. */
  readonly maxResponseBytes?: number;
  /**
   * Per try, the longest silence: until the response headers, then between two pieces of the
   * body. A large body still arriving on a slow link is not cut off for its length alone.
   */
  readonly timeoutMs?: number;
  /** Per try, from the request until the last byte, however steadily the body arrives. */
  readonly maxTransferMs?: number;
  readonly maxRedirects?: number;
  /** Tries in all, retries included. */
  readonly maxAttempts?: number;
  /** A longer Retry-After is not waited for: the outcome is rateLimited with the wait. */
  readonly maxRetryAfterMs?: number;
  readonly clock?: Clock;
  readonly random?: () => number;
  /** Receives one line per request and outcome, already redacted. */
  readonly log?: (line: string) => void;
  /** Tests only: extra trusted certificate authorities (in VS Code: NODE_EXTRA_CA_CERTS) and a DNS override. */
  readonly ca?: string | Buffer;
  readonly lookup?: LookupFunction;
}

const DEFAULTS = { maxResponseBytes: 256 * 1024 * 1024, timeoutMs: 30_000, maxTransferMs: 15 * 60_000, maxRedirects: 3, maxAttempts: 3, maxRetryAfterMs: 60_000 };
const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const OFFLINE_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'ECONNREFUSED', 'ENETUNREACH', 'EHOSTUNREACH', 'ENETDOWN', 'EADDRNOTAVAIL']);
const CERTIFICATE_CODES = new Set(['DEPTH_ZERO_SELF_SIGNED_CERT', 'SELF_SIGNED_CERT_IN_CHAIN', 'ERR_TLS_CERT_ALTNAME_INVALID', 'HOSTNAME_MISMATCH']);

/** One HTTP exchange, before the retry policy. */
type Exchange =
  | { readonly type: 'response'; readonly status: number; readonly headers: http.IncomingHttpHeaders; readonly body?: ResponseBody }
  | { readonly type: 'redirect'; readonly status: number; readonly location: string }
  | { readonly type: 'failed'; readonly kind: FetchFailureKind; readonly code?: string; readonly status?: number; readonly timeoutMs?: number; readonly retryable: boolean };

/**
 * GET requests to the configured Codecov server over node's https (in VS Code's extension host
 * it honours NODE_EXTRA_CA_CERTS and the proxy settings; global fetch does neither). The token
 * goes only to the configured origin (scheme, host and port of the parsed URL); redirects are
 * followed by hand and lose the token when they leave that origin; certificates are always
 * verified. Bodies are streamed against a size cap (gzip accepted, capped after
 * decompression). 5xx, timeouts and dropped connections are tried again (at most maxAttempts
 * tries, jittered backoff); 429 waits for Retry-After; 401/403/404 are final.
 */
export class CodecovClient {
  private readonly options: Required<Omit<CodecovClientOptions, 'token' | 'log' | 'ca' | 'lookup'>> & CodecovClientOptions;
  private readonly redact: (text: string) => string;

  constructor(options: CodecovClientOptions) {
    this.options = { ...DEFAULTS, clock: systemClock, random: Math.random, ...options };
    this.redact = createRedactor(() => [this.options.token]);
  }

  async get(url: URL, signal?: AbortSignal): Promise<FetchOutcome> {
    const { origin, maxAttempts, clock } = this.options;
    if (!isTokenOrigin(url, origin)) {
      this.log(`refused a request outside the configured server: ${url.protocol}//${url.host}`);
      return this.failure('refused', 0);
    }
    let attempt = 0;
    let last: FetchFailure | undefined;
    while (attempt < maxAttempts) {
      attempt++;
      const { exchange, answeredAt } = await this.followRedirects(url, signal);
      if (exchange.type === 'response' && exchange.status >= 200 && exchange.status < 300 && exchange.body !== undefined) {
        const { chunks, size } = exchange.body;
        let body: Uint8Array<ArrayBuffer> | undefined;
        return {
          kind: 'ok',
          status: exchange.status,
          get body() {
            return (body ??= joined(chunks, size));
          },
          chunks,
          url: answeredAt.href,
          fromConfiguredOrigin: isTokenOrigin(answeredAt, origin),
          attempts: attempt,
        };
      }
      let waitMs: number | undefined;
      if (exchange.type === 'failed') {
        last = this.failure(exchange.kind, attempt, {
          ...(exchange.code === undefined ? {} : { code: exchange.code }),
          ...(exchange.status === undefined ? {} : { status: exchange.status }),
          ...(exchange.timeoutMs === undefined ? {} : { timeoutMs: exchange.timeoutMs }),
        });
        if (!exchange.retryable) return last;
      } else if (exchange.type === 'response') {
        const status = exchange.status;
        if (status === 429) {
          const wait = retryAfterMs(exchange.headers['retry-after'], clock.now());
          last = this.failure('rateLimited', attempt, { status, ...(wait === undefined ? {} : { retryAfterMs: wait }) });
          if (wait !== undefined && wait > this.options.maxRetryAfterMs) return last;
          waitMs = wait;
        } else if (isRetryableStatus(status)) {
          last = this.failure('server', attempt, { status });
        } else {
          return this.failure(statusKind(status), attempt, { status });
        }
      } else {
        return this.failure('badResponse', attempt, { status: exchange.status });
      }
      if (attempt >= maxAttempts) break;
      if (aborted(signal)) return this.failure('cancelled', attempt);
      const delay = waitMs ?? backoffMs(attempt, this.options.random);
      this.log(`trying again in ${delay} ms (try ${attempt + 1} of ${maxAttempts})`);
      await clock.sleep(delay, signal);
      if (aborted(signal)) return this.failure('cancelled', attempt);
    }
    return last ?? this.failure('badResponse', attempt);
  }

  /** One try: the request and any redirects, the token only on hops to the configured origin; `answeredAt`: the last hop's URL. */
  private async followRedirects(start: URL, signal: AbortSignal | undefined): Promise<{ exchange: Exchange; answeredAt: URL }> {
    let url = start;
    const end = (exchange: Exchange) => ({ exchange, answeredAt: url });
    for (let hop = 0; ; hop++) {
      const exchange = await this.exchange(url, signal);
      if (exchange.type !== 'redirect') return end(exchange);
      if (hop >= this.options.maxRedirects) return end({ type: 'failed', kind: 'tooManyRedirects', retryable: false });
      let next: URL;
      try {
        next = new URL(exchange.location, url);
      } catch {
        return end({ type: 'failed', kind: 'badResponse', retryable: false });
      }
      if (next.protocol !== 'https:' && !isTokenOrigin(next, this.options.origin)) {
        this.log(`refused a redirect to ${next.protocol}//${next.host}: not https`);
        return end({ type: 'failed', kind: 'refused', retryable: false });
      }
      this.log(`redirected (${exchange.status}) to ${next.protocol}//${next.host}${isTokenOrigin(next, this.options.origin) ? '' : ', another origin: without the token'}`);
      url = next;
    }
  }

  private exchange(url: URL, signal: AbortSignal | undefined): Promise<Exchange> {
    const { origin, token, timeoutMs, maxTransferMs, maxResponseBytes } = this.options;
    const withToken = token !== undefined && token !== '' && isTokenOrigin(url, origin);
    const headers: http.OutgoingHttpHeaders = { Accept: 'application/json', 'Accept-Encoding': 'gzip', 'User-Agent': 'coverage-sentinel' };
    if (withToken) headers['Authorization'] = `Bearer ${token}`;
    const started = this.options.clock.now();
    return new Promise<Exchange>((resolve) => {
      let settled = false;
      const finish = (exchange: Exchange): void => {
        if (settled) return;
        settled = true;
        clearTimeout(silence);
        clearTimeout(transfer);
        signal?.removeEventListener('abort', onAbort);
        const outcome = exchange.type === 'failed' ? exchange.kind : String(exchange.status);
        this.log(`GET ${url.href}${withToken ? ' (with token)' : ''} → ${outcome}${exchange.type === 'failed' && exchange.code !== undefined ? ` ${exchange.code}` : ''} after ${this.options.clock.now() - started} ms`);
        resolve(exchange);
      };
      const requestOptions: https.RequestOptions = {
        protocol: url.protocol,
        hostname: url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname,
        port: url.port === '' ? undefined : Number(url.port),
        path: `${url.pathname}${url.search}`,
        method: 'GET',
        headers,
        // Stated, so that NODE_TLS_REJECT_UNAUTHORIZED=0 in the environment (a dev container's
        // remoteEnv, a repository's task) cannot turn certificate checks off for the token.
        rejectUnauthorized: true,
        ...(this.options.ca === undefined ? {} : { ca: this.options.ca }),
        ...(this.options.lookup === undefined ? {} : { lookup: this.options.lookup }),
      };
      const request = (url.protocol === 'https:' ? https : http).request(requestOptions, (response) => {
        const status = response.statusCode ?? 0;
        if (url.protocol === 'https:' && !fromVerifiedServer(response)) {
          // VS Code's proxy support hands a proxy's refusal of the tunnel (403, 407, 502…) to the request as its response.
          response.resume();
          finish({ type: 'failed', kind: 'proxy', status, retryable: false });
          return;
        }
        const location = response.headers.location;
        if (REDIRECTS.has(status) && location !== undefined) {
          response.resume();
          finish({ type: 'redirect', status, location });
          return;
        }
        if (status < 200 || status >= 300) {
          response.resume();
          finish({ type: 'response', status, headers: response.headers });
          return;
        }
        const declared = Number(response.headers['content-length']);
        if (Number.isFinite(declared) && declared > maxResponseBytes) {
          request.destroy();
          finish({ type: 'failed', kind: 'tooLarge', retryable: false });
          return;
        }
        const encoding = response.headers['content-encoding']?.trim().toLowerCase();
        if (encoding !== undefined && encoding !== 'identity' && encoding !== 'gzip') {
          request.destroy();
          finish({ type: 'failed', kind: 'badResponse', code: 'content-encoding', retryable: false });
          return;
        }
        // Bytes from the network, compressed or not, show the link is alive.
        response.on('data', restartSilence);
        const stream = encoding === 'gzip' ? response.pipe(zlib.createGunzip()) : response;
        const chunks: Buffer[] = [];
        let size = 0;
        stream.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > maxResponseBytes) {
            request.destroy();
            stream.destroy();
            finish({ type: 'failed', kind: 'tooLarge', retryable: false });
            return;
          }
          chunks.push(chunk);
        });
        stream.on('end', () => finish({ type: 'response', status, headers: response.headers, body: { chunks, size } }));
        stream.on('error', (error: NodeJS.ErrnoException) => finish(classify(error)));
        response.on('error', (error: NodeJS.ErrnoException) => finish(classify(error)));
      });
      const timedOut = (after: number) => () => {
        request.destroy();
        finish({ type: 'failed', kind: 'timeout', timeoutMs: after, retryable: true });
      };
      let silence = setTimeout(timedOut(timeoutMs), timeoutMs);
      const restartSilence = (): void => {
        clearTimeout(silence);
        silence = setTimeout(timedOut(timeoutMs), timeoutMs);
      };
      const transfer = setTimeout(timedOut(maxTransferMs), maxTransferMs);
      const onAbort = (): void => {
        request.destroy();
        finish({ type: 'failed', kind: 'cancelled', retryable: false });
      };
      if (signal?.aborted === true) onAbort();
      else signal?.addEventListener('abort', onAbort, { once: true });
      request.on('error', (error: NodeJS.ErrnoException) => finish(classify(error)));
      request.end();
    });
  }

  private failure(kind: FetchFailureKind, attempts: number, facts: { status?: number; retryAfterMs?: number; code?: string; timeoutMs?: number } = {}): FetchFailure {
    const { origin, token, maxResponseBytes } = this.options;
    const timeoutMs = facts.timeoutMs ?? this.options.timeoutMs;
    const message = failureMessage(kind, {
      host: origin.hostname,
      hadToken: token !== undefined && token !== '',
      attempts,
      limitMiB: Math.round(maxResponseBytes / (1024 * 1024)),
      timeoutSeconds: Math.round(timeoutMs / 1000),
      ...(facts.status === undefined ? {} : { status: facts.status }),
      ...(facts.retryAfterMs === undefined ? {} : { retryAfterMs: facts.retryAfterMs }),
      ...(facts.code === undefined ? {} : { code: facts.code }),
    });
    this.log(`${kind}: ${message}`);
    return { kind, message, attempts, ...(facts.status === undefined ? {} : { status: facts.status }), ...(facts.retryAfterMs === undefined ? {} : { retryAfterMs: facts.retryAfterMs }) };
  }

  private log(line: string): void {
    this.options.log?.(this.redact(`Codecov: ${line}`));
  }
}

/** The response came over the TLS connection whose certificate was checked, not from a proxy that refused the tunnel. */
function fromVerifiedServer(response: http.IncomingMessage): boolean {
  const socket: unknown = response.socket;
  return socket instanceof tls.TLSSocket && socket.authorized;
}

function aborted(signal: AbortSignal | undefined): boolean {
  return signal?.aborted === true;
}

function statusKind(status: number): FetchFailureKind {
  if (status === 404) return 'notFoundOrPrivate';
  if (status === 401) return 'unauthorized';
  if (status === 403) return 'forbidden';
  return 'badResponse';
}

/** What a socket, TLS or decompression error means for the user and for retrying. */
function classify(error: NodeJS.ErrnoException): Exchange {
  const code = typeof error.code === 'string' ? error.code : undefined;
  if (code !== undefined && (CERTIFICATE_CODES.has(code) || code.startsWith('CERT_') || code.startsWith('UNABLE_TO_') || code.startsWith('ERR_TLS_CERT'))) {
    return { type: 'failed', kind: 'badCertificate', code, retryable: false };
  }
  if (code !== undefined && OFFLINE_CODES.has(code)) return { type: 'failed', kind: 'offline', code, retryable: false };
  if (code === 'ETIMEDOUT') return { type: 'failed', kind: 'timeout', code, retryable: true };
  if (code !== undefined && code.startsWith('Z_')) return { type: 'failed', kind: 'badResponse', code, retryable: false };
  // ECONNRESET, EPIPE, "socket hang up": the connection dropped; worth another try.
  return { type: 'failed', kind: 'offline', ...(code === undefined ? {} : { code }), retryable: true };
}

/** A body as it arrived: its chunks and their total size. */
interface ResponseBody {
  readonly chunks: readonly Uint8Array[];
  readonly size: number;
}

/** The chunks in one new ArrayBuffer of exactly their size (never node's shared pool): transferable. */
function joined(chunks: readonly Uint8Array[], size: number): Uint8Array<ArrayBuffer> {
  const body = new Uint8Array(new ArrayBuffer(size));
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.length;
  }
  return body;
}
