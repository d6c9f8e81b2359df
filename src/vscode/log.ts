import * as vscode from 'vscode';
import { inertLogLine } from '../host/inertText';

export const LOG_NAME = 'Coverage Sentinel';

/**
 * The extension's one output channel ("Coverage Sentinel", with log levels). Every line goes
 * through `inertLogLine`: report text cannot start a forged line or become a link in the
 * output view.
 */
export function createLog(redact: (text: string) => string = (text) => text): vscode.LogOutputChannel {
  return new InertLog(vscode.window.createOutputChannel(LOG_NAME, { log: true }), redact);
}

class InertLog implements vscode.LogOutputChannel {
  constructor(
    private readonly channel: vscode.LogOutputChannel,
    /** Every line passes through it (stored Codecov tokens, Authorization values, `token=`). */
    private readonly redact: (text: string) => string,
  ) {}

  get name(): string {
    return this.channel.name;
  }

  get logLevel(): vscode.LogLevel {
    return this.channel.logLevel;
  }

  get onDidChangeLogLevel(): vscode.Event<vscode.LogLevel> {
    return this.channel.onDidChangeLogLevel;
  }

  trace(message: string, ...args: unknown[]): void {
    this.channel.trace(this.redact(line(message, args)));
  }

  debug(message: string, ...args: unknown[]): void {
    this.channel.debug(this.redact(line(message, args)));
  }

  info(message: string, ...args: unknown[]): void {
    this.channel.info(this.redact(line(message, args)));
  }

  warn(message: string, ...args: unknown[]): void {
    this.channel.warn(this.redact(line(message, args)));
  }

  error(error: string | Error, ...args: unknown[]): void {
    this.channel.error(this.redact(line(typeof error === 'string' ? error : (error.stack ?? String(error)), args)));
  }

  append(value: string): void {
    this.channel.append(this.redact(inertLogLine(value)));
  }

  appendLine(value: string): void {
    this.channel.appendLine(this.redact(inertLogLine(value)));
  }

  replace(value: string): void {
    this.channel.replace(this.redact(inertLogLine(value)));
  }

  clear(): void {
    this.channel.clear();
  }

  show(preserveFocus?: boolean): void;
  show(column?: vscode.ViewColumn, preserveFocus?: boolean): void;
  show(columnOrPreserveFocus?: vscode.ViewColumn | boolean, preserveFocus?: boolean): void {
    if (typeof columnOrPreserveFocus === 'boolean' || columnOrPreserveFocus === undefined) this.channel.show(columnOrPreserveFocus);
    else this.channel.show(columnOrPreserveFocus, preserveFocus);
  }

  hide(): void {
    this.channel.hide();
  }

  dispose(): void {
    this.channel.dispose();
  }
}

function line(message: string, args: readonly unknown[]): string {
  return inertLogLine(args.length === 0 ? message : [message, ...args.map(String)].join(' '));
}
