/**
 * electron-builder beforePack hook: refuses to package unless the Electron-ABI better-sqlite3
 * binding for the target (Electron's ABI, the target OS and CPU) is in native/better-sqlite3/,
 * checked from the file's bytes. That binding is the only native file the package ships
 * (electron-builder.yml: files, asarUnpack); node_modules' Node build is left out and nothing is
 * rebuilt in place (npmRebuild: false). `npm run build:binding` produces it.
 */
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const tsx = require('tsx/cjs/api');

const root = path.resolve(__dirname, '..');
const { electronBindingFile } = tsx.require('../main/native/binding-path.ts', __filename);
const { describeBindingProblem, inspectBinding } = tsx.require('../main/native/binding-inspect.ts', __filename);

/** electron-builder's Arch enum (builder-util) to Node's process.arch names. */
const NODE_ARCH = { 0: 'ia32', 1: 'x64', 2: 'arm', 3: 'arm64' };

function bindingCheck(context) {
  const arch = NODE_ARCH[context.arch];
  if (!arch) throw new Error(`cannot package GCM Review for CPU ${context.arch}: its database engine is built per CPU (x64, arm64, ia32, armv7l), not for universal builds`);
  const abi = fs.readFileSync(path.join(root, 'node_modules', 'electron', 'abi_version'), 'utf8').trim();
  const platform = context.electronPlatformName === 'mas' ? 'darwin' : context.electronPlatformName;
  const target = { abi, platform, arch };
  const file = electronBindingFile(root, target);
  const state = inspectBinding(file, target);
  if (state.state !== 'present') {
    throw new Error(`the Electron binding for ${platform}-${arch} (ABI ${abi}) is not usable: ${describeBindingProblem(state)} (${file}); run npm run build:binding -- --arch ${arch}`);
  }
  return file;
}

async function beforePack(context) {
  const file = bindingCheck(context);
  console.log(`  • Electron binding ${path.relative(root, file)}`);
}

module.exports = beforePack;
module.exports.default = beforePack;
module.exports.bindingCheck = bindingCheck;
