#!/usr/bin/env node
// Adds lockfile entries for optional, platform-specific packages (e.g. @node-llama-cpp/mac-arm64-metal,
// @swc/core-win32-x64-msvc) that npm left out because the registry it used does not carry them.
// Without them `npm ci` refuses the lockfile; with them npm installs the one that matches the
// machine (fetching it by version) and skips the others by their os/cpu fields.
// Run after `npm install` changes the lockfile: `node scripts/complete-lockfile.mjs`.
import { readFileSync, writeFileSync } from 'node:fs';

const OS = [
  [/darwin|mac-/, 'darwin'],
  [/win32|win-/, 'win32'],
  [/linux/, 'linux'],
];
const CPU = [
  [/arm64/, 'arm64'],
  [/x64/, 'x64'],
  [/ia32/, 'ia32'],
  [/armv7l|arm-gnueabihf/, 'arm'],
  [/ppc64/, 'ppc64'],
  [/s390x/, 's390x'],
  [/riscv64/, 'riscv64'],
];
const pick = (table, name) => table.find(([re]) => re.test(name))?.[1];

const lock = JSON.parse(readFileSync('package-lock.json', 'utf8'));
let added = 0;
for (const [path, entry] of Object.entries(lock.packages)) {
  for (const [name, version] of Object.entries(entry.optionalDependencies ?? {})) {
    const key = `node_modules/${name}`;
    if (lock.packages[key] || lock.packages[`${path}/${key}`]) continue;
    const os = pick(OS, name);
    const cpu = pick(CPU, name);
    lock.packages[key] = {
      version: version.replace(/^[\^~=]/, ''),
      optional: true,
      ...(cpu ? { cpu: [cpu] } : {}),
      ...(os ? { os: [os] } : {}),
    };
    added++;
  }
}
writeFileSync('package-lock.json', `${JSON.stringify(lock, null, 2)}\n`);
console.log(`complete-lockfile: added ${added} platform package entr${added === 1 ? 'y' : 'ies'}`);
