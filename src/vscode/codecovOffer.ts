import * as vscode from 'vscode';
import { CODECOV_CONFIG_PATHS, shouldOfferCodecov } from '../host/codecov/codecovOffer';
import type { Activity } from './activity';
import { Disposable } from './disposable';
import type { Informer } from './informer';
import type { Settings } from './settings';

export const ENABLE_CODECOV_COMMAND = 'coverageSentinel.codecov.enable';
export const CODECOV_OFFER = 'This repository uses Codecov. Show its coverage in the editor?';
export const OFFER_CHOICES = { yes: 'Yes', notNow: 'Not Now', never: 'Never' } as const;
const OFFERED_HERE = 'codecovOffer.offeredHere';
const NEVER = 'codecovOffer.never';
/** Said by `Coverage: Show Codecov Coverage in the Editor` in a window with no folder, once Codecov is on. */
export const CODECOV_ON_NO_FOLDER = 'Coverage Sentinel: Codecov coverage is on in your user settings: open a folder to see it (it is shown for the git repository of a folder).';

/**
 * Offers once per workspace, non-modally, to turn Codecov on when a folder has a Codecov
 * configuration file and Codecov is off. Yes turns it on in user settings (never in the
 * workspace's), and `Coverage: Show Codecov Coverage in the Editor` does the same on request;
 * Not Now is remembered for the workspace, Never for every workspace.
 */
export class CodecovOffer extends Disposable {
  private readonly offered: string[] = [];
  private answerForTest: ((choice: string | undefined) => void) | undefined;

  constructor(
    private readonly globalState: vscode.Memento,
    private readonly workspaceState: vscode.Memento,
    private readonly activity: Activity,
    private readonly log: Pick<vscode.LogOutputChannel, 'info'>,
    private readonly settings: Settings,
    private readonly informer: Informer,
  ) {
    super();
    this.register(vscode.workspace.onDidGrantWorkspaceTrust(() => void this.offerOnce()));
    this.register(vscode.workspace.onDidChangeWorkspaceFolders(() => void this.offerOnce()));
    this.register(vscode.commands.registerCommand(ENABLE_CODECOV_COMMAND, () => this.enableOnRequest()));
  }

  /** The offers shown so far (for the test API). */
  offers(): readonly string[] {
    return this.offered;
  }

  /** Answers the offer on screen as a click on one of its buttons would (the test API's seam). */
  answer(choice: string | undefined): boolean {
    const answer = this.answerForTest;
    if (answer === undefined) return false;
    answer(choice);
    return true;
  }

  /** Forgets that the offer was made here (and, `everywhere`, a Never): for the test API. */
  async forget(which: 'workspace' | 'everywhere'): Promise<void> {
    await this.workspaceState.update(OFFERED_HERE, undefined);
    if (which === 'everywhere') await this.globalState.update(NEVER, undefined);
  }

  /** Shows the offer when shouldOfferCodecov says so; tracked until decided, not until answered. */
  async offerOnce(): Promise<void> {
    if (!(await this.activity.track(this.shouldOffer()))) return;
    const clicked = new Promise<string | undefined>((resolve) => (this.answerForTest = resolve));
    const choice = await Promise.race([vscode.window.showInformationMessage(CODECOV_OFFER, OFFER_CHOICES.yes, OFFER_CHOICES.notNow, OFFER_CHOICES.never), clicked]);
    this.answerForTest = undefined;
    if (choice === OFFER_CHOICES.yes) await this.activity.track(this.enable());
    else if (choice === OFFER_CHOICES.never) await this.activity.track(Promise.resolve(this.globalState.update(NEVER, true)));
    this.log.info(`Codecov offer: ${choice ?? 'dismissed'}`);
  }

  /** The command: turns Codecov on; with no folder open, nothing would show it, so it says where it will. */
  private async enableOnRequest(): Promise<void> {
    await this.enable();
    if (vscode.workspace.workspaceFolders === undefined) this.informer.inform(CODECOV_ON_NO_FOLDER);
  }

  /** Turns Codecov on in user settings: a workspace's settings are anyone's to commit. */
  async enable(): Promise<void> {
    await this.settings.update('codecovEnabled', true, vscode.ConfigurationTarget.Global);
    this.log.info('Codecov coverage turned on in user settings');
    const overridden = (vscode.workspace.workspaceFolders ?? []).filter((folder) => !this.settings.codecov(folder).enabled);
    if (overridden.length > 0) {
      void vscode.window.showInformationMessage(
        `Codecov is on in your user settings, but the workspace settings of ${overridden.length === 1 ? 'one folder turn' : `${overridden.length} folders turn`} it off (coverageSentinel.codecov.enabled).`,
      );
    }
  }

  private async shouldOffer(): Promise<boolean> {
    const folders = vscode.workspace.isTrusted ? await this.foldersUsingCodecov() : [];
    const offer = shouldOfferCodecov({
      trusted: vscode.workspace.isTrusted,
      foldersUsingCodecov: folders.length,
      never: this.globalState.get<boolean>(NEVER) === true,
      offeredHere: this.workspaceState.get<boolean>(OFFERED_HERE) === true,
    });
    if (!offer) return false;
    await this.workspaceState.update(OFFERED_HERE, true);
    this.offered.push(CODECOV_OFFER);
    return true;
  }

  /** Folders (of the file scheme) with a Codecov configuration file and Codecov off. */
  private async foldersUsingCodecov(): Promise<vscode.WorkspaceFolder[]> {
    const found: vscode.WorkspaceFolder[] = [];
    for (const folder of vscode.workspace.workspaceFolders ?? []) {
      if (folder.uri.scheme !== 'file' || this.settings.codecov(folder).enabled) continue;
      for (const relative of CODECOV_CONFIG_PATHS) {
        const isFile = await vscode.workspace.fs.stat(vscode.Uri.joinPath(folder.uri, relative)).then(
          (stat) => (stat.type & vscode.FileType.File) !== 0,
          () => false,
        );
        if (isFile) {
          found.push(folder);
          break;
        }
      }
    }
    return found;
  }
}
