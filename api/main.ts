import { loadConfigOrExit } from '../config/app-config.js';
import { exitWithParent } from '../config/exit-with-parent.js';
import { isLoopback } from './common/loopback.js';
import { createApp } from './create-app.js';

const config = loadConfigOrExit('api');
exitWithParent('api');
const app = await createApp(config);
await app.listen(config.apiPort, config.api.host);
console.log(`[api] listening on http://${config.api.host}:${config.apiPort} (docs: /docs)`);
if (!isLoopback(config.api.host) && config.api.keys.length === 0) {
  console.warn(
    `[api] WARNING: listening on ${config.api.host} without API_KEYS: anyone who can reach this port can start and cancel work. Set API_KEYS, or API_HOST=127.0.0.1.`,
  );
}
