import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { CART } from './expected';
import { resetWorkspace } from './baseline';
import { acceptFirstItemOf, eventually, fileIn, openEditor, sentinel } from './helpers';

const config = () => vscode.workspace.getConfiguration('coverageSentinel');

describe('mark styles, marked kinds and where coverage is shown', () => {
  before(resetWorkspace);

  const uri = () => fileIn('example', 'src/cart.js');

  afterEach(async () => {
    for (const name of ['showKinds', 'display', 'markStyle']) await config().update(name, undefined, vscode.ConfigurationTarget.Workspace);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('marks only the kinds chosen in showKinds', async () => {
    const api = await sentinel();
    await openEditor(uri());
    await eventually(api, () => api.decorations(uri()), 'marks');
    await config().update('showKinds', ['uncovered'], vscode.ConfigurationTarget.Workspace);
    const marks = await eventually(api, () => (api.decorations(uri())?.covered.length === 0 ? api.decorations(uri()) : undefined), 'only uncovered marks');
    assert.deepEqual(marks.uncovered, CART.uncovered);
    assert.deepEqual(marks.partial, []);
  });

  it('Choose Mark Style… takes effect when the workspace sets a style: the choice is written where it wins', async () => {
    await config().update('markStyle', 'bar', vscode.ConfigurationTarget.Workspace);
    // The first style offered is gutter.
    await acceptFirstItemOf('coverageSentinel.chooseMarkStyle');
    assert.equal(config().get('markStyle'), 'gutter');
    assert.equal(config().inspect('markStyle')?.globalValue, undefined, 'user settings untouched');
  });

  it('draws the same lines in every mark style', async () => {
    const api = await sentinel();
    await openEditor(uri());
    for (const style of ['bar', 'background', 'gutter']) {
      await config().update('markStyle', style, vscode.ConfigurationTarget.Workspace);
      await api.whenIdle();
      const marks = await eventually(api, () => api.decorations(uri()), `marks in the ${style} style`);
      assert.deepEqual([marks.covered, marks.partial, marks.uncovered], [CART.covered, CART.partial, CART.uncovered], style);
    }
  });

  it('display "native" leaves the marks to VS Code; "sentinel" keeps them out of VS Code’s view', async () => {
    const api = await sentinel();
    await openEditor(uri());
    await eventually(api, () => api.decorations(uri()), 'marks');
    await config().update('display', 'native', vscode.ConfigurationTarget.Workspace);
    await eventually(api, () => (api.decorations(uri()) === undefined ? true : undefined), 'our marks gone');
    assert.equal(api.publishedCoverage().length, 4);
    await config().update('display', 'sentinel', vscode.ConfigurationTarget.Workspace);
    await eventually(api, () => api.decorations(uri()), 'our marks back');
    await eventually(api, () => (api.publishedCoverage().length === 0 ? true : undefined), 'nothing published');
    await config().update('display', undefined, vscode.ConfigurationTarget.Workspace);
    await eventually(api, () => (api.publishedCoverage().length === 4 ? true : undefined), 'published again');
  });
});
