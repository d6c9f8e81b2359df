/**
 * Everything a Codecov request can end in, each with a message in plain words that says what to
 * do next. Messages never hold the token, a URL's credentials or text from the server: they are
 * shown in notifications, where report or server text would be hostile.
 */
export type FetchFailureKind =
  | 'notFoundOrPrivate'
  | 'unauthorized'
  | 'forbidden'
  | 'rateLimited'
  | 'server'
  | 'timeout'
  | 'offline'
  | 'proxy'
  | 'badCertificate'
  | 'tooLarge'
  | 'tooManyRedirects'
  | 'badResponse'
  | 'refused'
  | 'cancelled';

export interface FetchSuccess {
  readonly kind: 'ok';
  readonly status: number;
  /**
   * The response body in its own ArrayBuffer of exactly its size: transferable to the worker.
   * From the client it is joined from `chunks` when first read.
   */
  readonly body: Uint8Array<ArrayBuffer>;
  /**
   * The body as it arrived, when the client has it so: a report is written to the disk cache from
   * these, and the extension host never joins (and touches a second time) a report of tens of MiB.
   */
  readonly chunks?: readonly Uint8Array[];
  /** Where the body came from (after redirects). */
  readonly url: string;
  /**
   * The body came from the configured origin (no redirect left it). A body from another origin
   * is shown but never cached as the configured server's data.
   */
  readonly fromConfiguredOrigin: boolean;
  readonly attempts: number;
}

export interface FetchFailure {
  readonly kind: FetchFailureKind;
  /** For the user: plain words and the next step. */
  readonly message: string;
  /** HTTP status when there was one. */
  readonly status?: number;
  /** For rateLimited: how long the server asked to wait. */
  readonly retryAfterMs?: number;
  readonly attempts: number;
}

export type FetchOutcome = FetchSuccess | FetchFailure;

const SET_TOKEN = 'Set one with "Coverage: Set Codecov Token…".';

/** What the user is told, from what happened; `host` is the configured server's host. */
export function failureMessage(kind: FetchFailureKind, facts: { host: string; hadToken: boolean; status?: number; retryAfterMs?: number; attempts?: number; limitMiB?: number; timeoutSeconds?: number; code?: string }): string {
  const tries = facts.attempts !== undefined && facts.attempts > 1 ? ` (${facts.attempts} tries)` : '';
  switch (kind) {
    case 'notFoundOrPrivate':
      return facts.hadToken
        ? 'Codecov found no such repository or commit, or your token cannot read it.'
        : `Codecov found no such repository or commit — or the repository is private and needs a token. ${SET_TOKEN}`;
    case 'unauthorized':
      return `Codecov did not accept the token (401). ${SET_TOKEN.replace('one', 'a new one')}`;
    case 'forbidden':
      return 'Codecov refused access (403): the token cannot read this repository.';
    case 'rateLimited':
      return `Codecov asked to slow down (429)${facts.retryAfterMs !== undefined ? `; try again in ${Math.ceil(facts.retryAfterMs / 1000)} s` : '; try again later'}.`;
    case 'server':
      return `Codecov answered with a server error${facts.status !== undefined ? ` (${facts.status})` : ''}${tries}; try again later.`;
    case 'timeout':
      return `Codecov did not answer in time${facts.timeoutSeconds !== undefined ? ` (${facts.timeoutSeconds} s)` : ''}${tries}; try again later.`;
    case 'offline':
      return `Could not reach ${facts.host}${tries}: check the network connection or proxy.`;
    case 'proxy':
      return `The proxy answered instead of ${facts.host}${facts.status !== undefined ? ` (${facts.status}${facts.status === 407 ? ': it asks for credentials' : ''})` : ''}: check VS Code's http.proxy setting, or ask whoever runs the proxy to let ${facts.host} through.`;
    case 'badCertificate':
      return `The certificate of ${facts.host} is not trusted${facts.code !== undefined ? ` (${facts.code})` : ''}. If your Codecov server uses a private certificate authority, start VS Code with NODE_EXTRA_CA_CERTS set to its certificate file.`;
    case 'tooLarge':
      return `Codecov's answer is larger than ${facts.limitMiB ?? '?'} MiB and was not read.`;
    case 'tooManyRedirects':
      return 'Codecov redirected too many times; the server URL setting may be wrong.';
    case 'badResponse':
      return `Codecov gave an answer that could not be used${facts.status !== undefined ? ` (${facts.status})` : ''}.`;
    case 'refused':
      return 'The request was not sent: it was not for the configured Codecov server over https.';
    case 'cancelled':
      return 'The request was cancelled.';
  }
}
