import { loadConfigOrExit } from '../config/app-config.js';
import { exitWithParent } from '../config/exit-with-parent.js';
import { installWorkerLogging } from './runtime-logging.js';
import { startTracing } from '../telemetry/tracing.js';
import { createGpuWorkers } from './create-gpu-workers.js';
import { exitOnError, runWorkers } from './run-until-signal.js';
import { connectWorker } from './temporal-connection.js';

const NAME = 'worker:gpu';
const config = loadConfigOrExit(NAME);
installWorkerLogging(config, NAME);
const tracing = startTracing(config, 'parallel-ai-gpu-worker');
exitWithParent(NAME);
const connection = await connectWorker(config);
const gpu = await createGpuWorkers(connection, config, (line) => console.log(`[${NAME}] ${line}`)).catch(
  exitOnError(NAME),
);
await runWorkers(NAME, gpu.workers, async () => {
  await gpu.dispose();
  await connection.close();
  await tracing?.shutdown();
}).catch(exitOnError(NAME));
