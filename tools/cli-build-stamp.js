'use strict';
// Whether the compiled CLI in dist/cli (tools/build-cli.ts) still matches its sources. tools/bin/astra asks at every
// call, so it stays cheap (2-4 ms): one stat per source listed in dist/cli/build-stamp.json (about 70 files); only a
// source whose mtime moved with its size unchanged (a checkout, a rebase, a touch) is read and hashed.
// `node tools/cli-build-stamp.js` exits 0 when the build is current, 1 otherwise (tools/ensure-infra.sh).
const fs = require('node:fs');
const path = require('node:path');

/** The compiled entry point when the build in `dir` matches the sources under `root`, else undefined. */
function currentBuild(root, dir = path.join(root, 'dist', 'cli')) {
  let stamp;
  try {
    stamp = JSON.parse(fs.readFileSync(path.join(dir, 'build-stamp.json'), 'utf8'));
  } catch {
    return undefined;
  }
  for (const [file, want] of Object.entries(stamp.sources)) {
    const source = path.join(root, file);
    const stat = fs.statSync(source, { throwIfNoEntry: false });
    if (!stat || stat.size !== want.size) return undefined;
    if (stat.mtimeMs !== want.mtimeMs && sha256(source) !== want.sha256) return undefined;
  }
  return path.join(dir, stamp.entry);
}

function sha256(file) {
  return require('node:crypto').createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}

module.exports = { currentBuild };

if (require.main === module) process.exitCode = currentBuild(path.resolve(__dirname, '..')) ? 0 : 1;
