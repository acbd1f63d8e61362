import { loadConfigOrExit } from '../config/app-config.js';
import { exitWithParent } from '../config/exit-with-parent.js';
import { createApp } from './create-app.js';

const config = loadConfigOrExit('api');
exitWithParent('api');
const app = await createApp(config);
await app.listen(config.apiPort);
console.log(`[api] listening on http://localhost:${config.apiPort} (docs: /docs)`);
