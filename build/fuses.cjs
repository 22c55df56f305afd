/**
 * electron-builder afterPack hook: flips Electron's fuses in the packaged binary before it is
 * signed. Fuses are compile-time switches baked into the executable; turning these off removes
 * ways to run the app's binary as something else (a plain Node, a debugger target) and makes it
 * load only its own integrity-checked app.asar.
 */
'use strict';
const path = require('node:path');
const { flipFuses, FuseVersion, FuseV1Options } = require('@electron/fuses');

/** The fuse settings, by name (tests read these too). */
const FUSES = Object.freeze({
  RunAsNode: false, // ELECTRON_RUN_AS_NODE cannot turn the app into a Node interpreter
  EnableCookieEncryption: true, // cookies at rest encrypted with the OS keychain
  EnableNodeOptionsEnvironmentVariable: false, // NODE_OPTIONS is ignored
  EnableNodeCliInspectArguments: false, // --inspect / --inspect-brk are ignored
  // app.asar must match the hash embedded at build time. Electron enforces it on macOS and Windows
  // (not Linux); electron-builder embeds the hash. Check the first signed build of each OS starts.
  EnableEmbeddedAsarIntegrityValidation: true,
  OnlyLoadAppFromAsar: true, // no loading a loose app/ folder next to the binary
  LoadBrowserProcessSpecificV8Snapshot: false,
  GrantFileProtocolExtraPrivileges: false, // file:// gets no special powers (we use app://)
});

function fuseConfig(resetAdHocDarwinSignature) {
  const config = { version: FuseVersion.V1, resetAdHocDarwinSignature };
  for (const [name, value] of Object.entries(FUSES)) {
    if (!(name in FuseV1Options)) throw new Error(`@electron/fuses does not know the fuse ${name}`);
    config[FuseV1Options[name]] = value;
  }
  return config;
}

/** Path of the packaged Electron executable inside electron-builder's output folder. */
function electronBinaryPath(context) {
  const { appOutDir, packager, electronPlatformName } = context;
  const name = packager.appInfo.productFilename;
  if (electronPlatformName === 'darwin' || electronPlatformName === 'mas') return path.join(appOutDir, `${name}.app`);
  if (electronPlatformName === 'win32') return path.join(appOutDir, `${name}.exe`);
  return path.join(appOutDir, packager.executableName);
}

const ARM64 = 3; // electron-builder's Arch.arm64

async function afterPack(context) {
  const binary = electronBinaryPath(context);
  const darwinArm = (context.electronPlatformName === 'darwin' || context.electronPlatformName === 'mas') && context.arch === ARM64;
  await flipFuses(binary, fuseConfig(darwinArm));
  console.log(`  • fuses flipped in ${binary}`);
}

module.exports = afterPack;
module.exports.default = afterPack;
module.exports.FUSES = FUSES;
module.exports.fuseConfig = fuseConfig;
module.exports.electronBinaryPath = electronBinaryPath;
