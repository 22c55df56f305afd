#!/usr/bin/env node
/**
 * Runs @doyensec/electronegativity (static Electron security checks) with its own TypeScript 4.2.
 * Its parser (@typescript-eslint/typescript-estree) is hoisted to the top of node_modules, where
 * `require('typescript')` would find the project's TypeScript 7, whose JS API it cannot use; this
 * redirects that one resolution to the TypeScript copy electronegativity ships with.
 * It also fetches translations from the internet at start-up (with retries: ~10 s offline); this
 * runs it offline, with its bundled English messages.
 */
'use strict';
const Module = require('node:module');
const path = require('node:path');

const enegDir = path.dirname(require.resolve('@doyensec/electronegativity/package.json'));
const ownTs = require.resolve('typescript', { paths: [enegDir] });
const original = Module._resolveFilename;
Module._resolveFilename = function (request, parent, ...rest) {
  if (request === 'typescript' && parent && /[\\/]@typescript-eslint[\\/]/.test(parent.filename || '')) return ownTs;
  return original.call(this, request, parent, ...rest);
};
const originalLoad = Module._load;
const offline = () => Promise.reject(new Error('offline'));
Module._load = function (request, parent, ...rest) {
  if (request === 'got' && parent && parent.filename.startsWith(enegDir)) return offline;
  return originalLoad.call(this, request, parent, ...rest);
};
// Its CSV report is written by two fs.writeFile calls it does not wait for, the header ('w') and
// the findings ('a'): now and then the header lands on top of the first finding, the quotes no
// longer pair and the findings after it read as one field (seen as "skipped" targets, about one
// run in six). In this process, which only runs the tool, writeFile writes synchronously, in call order.
const fs = require('node:fs');
fs.writeFile = function (file, data, options, callback) {
  const done = typeof options === 'function' ? options : callback;
  const opts = typeof options === 'function' ? undefined : options;
  let error = null;
  try {
    fs.writeFileSync(file, data, opts);
  } catch (e) {
    error = e;
  }
  if (done) process.nextTick(done, error);
};
require(path.join(enegDir, 'dist', 'index.js'));
