// `npm run temporal`: the embedded dev server alone (Web UI included), for running the other
// processes separately or on other machines.
import { spawn } from 'node:child_process';
import { loadConfigOrExit } from '../config/app-config.js';
import { temporalCliPath } from '../config/binaries.js';
import { exitWithParent } from '../config/exit-with-parent.js';
import { devServerArgs } from './lib/dev-server.js';

const config = loadConfigOrExit('temporal');
const child = spawn(temporalCliPath(), devServerArgs(config), { stdio: 'inherit' });
console.log(
  `[temporal] dev server on ${config.temporal.address}, Web UI ${config.temporal.uiUrl}, data ${config.temporal.dbFile}`,
);
for (const sig of ['SIGINT', 'SIGTERM'] as const) process.on(sig, () => child.kill(sig));
exitWithParent('temporal', () => child.kill('SIGTERM'));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 0 : 1)));
