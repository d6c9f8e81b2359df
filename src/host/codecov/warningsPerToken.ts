/**
 * Which Codecov warnings to show: each once per token. A refresh says which token it read (per
 * server origin) and gets that token's turn; a warning is shown once per turn. Another token (set,
 * changed or cleared) starts a new turn, so its failure is said again even when the words are the
 * same; a refresh still running with the previous token belongs to the previous turn and cannot
 * repeat that token's warning or use up the new one's. Warnings that do not depend on the token
 * use turn 0.
 */
export class WarningsPerToken {
  private readonly lastRead = new Map<string, { readonly token: string | undefined; readonly turn: number }>();
  private readonly shown = new Set<string>();
  private turns = 0;

  /** The turn of `token`, just read for `origin`: a new turn when it differs from the token read there before. */
  turnOf(origin: string, token: string | undefined): number {
    const last = this.lastRead.get(origin);
    if (last !== undefined && last.token === token) return last.turn;
    const turn = ++this.turns;
    this.lastRead.set(origin, { token, turn });
    return turn;
  }

  /** True the first time `message` is asked about in `turn`. */
  firstTime(turn: number, message: string): boolean {
    const key = `${turn}\n${message}`;
    if (this.shown.has(key)) return false;
    this.shown.add(key);
    return true;
  }
}
