import { loadConfigOrExit } from '../config/app-config.js';
import { exitWithParent } from '../config/exit-with-parent.js';
import { isLoopback } from './common/loopback.js';
import { createApp } from './create-app.js';
import { installProcessLogging } from '../telemetry/log-lines.js';
import { startTracing } from '../telemetry/tracing.js';

const config = loadConfigOrExit('api');
installProcessLogging(config.log, 'api');
// Before the app: its Temporal client and HTTP middleware trace only when this is on.
const tracing = startTracing(config, 'parallel-ai-api');
exitWithParent('api');
const app = await createApp(config);
if (tracing) process.once('beforeExit', () => void tracing.shutdown());
await app.listen(config.apiPort, config.api.host);
console.log(`[api] listening on http://${config.api.host}:${config.apiPort} (docs: /docs)`);
if (!isLoopback(config.api.host) && config.api.keys.length === 0) {
  console.warn(
    `[api] WARNING: listening on ${config.api.host} without API_KEYS: anyone who can reach this port can start and cancel work. Set API_KEYS, or API_HOST=127.0.0.1.`,
  );
}
