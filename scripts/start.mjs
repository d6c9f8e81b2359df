// `npm start`: a real VS Code (code-server) on 127.0.0.1 with the extension in development mode
// on the example workspace. Prints the URL to open; Ctrl+C stops it.
import { rmSync } from 'node:fs';
import { remoteUri, startCodeServer, workbenchUrl } from './code-server.mjs';
import { prepareExampleWorkspace, repoRoot } from './workspace.mjs';

const port = Number(process.env.PORT ?? 8080);
const { root, workspaceFile } = prepareExampleWorkspace();
const server = await startCodeServer({ workspace: workspaceFile, port, smokeTestDriver: true });
const url = workbenchUrl(server.origin, {
  workspace: workspaceFile,
  payload: [['extensionDevelopmentPath', remoteUri(server.origin, repoRoot)]],
});
console.log(`\nCoverage Sentinel is running in VS Code (code-server) on the example workspace (${root}).`);
console.log(`Open this URL in a browser:\n\n  ${url}\n`);
console.log('The example copies live in a temp folder: edit a report there to see the marks follow. Ctrl+C stops the server.');
const stop = () => {
  server.stop();
  rmSync(root, { recursive: true, force: true });
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
setInterval(() => {}, 1 << 30);
