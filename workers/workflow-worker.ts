import { loadConfigOrExit } from '../config/app-config.js';
import { exitWithParent } from '../config/exit-with-parent.js';
import { installWorkerLogging } from './runtime-logging.js';
import { startTracing } from '../telemetry/tracing.js';
import { createWorkflowWorker } from './create-workflow-worker.js';
import { exitOnError, runWorkers } from './run-until-signal.js';
import { connectWorker } from './temporal-connection.js';

const config = loadConfigOrExit('worker:workflows');
installWorkerLogging(config, 'worker:workflows');
const tracing = startTracing(config, 'parallel-ai-workflow-worker');
exitWithParent('worker:workflows');
const connection = await connectWorker(config);
const worker = await createWorkflowWorker(connection, config);
await runWorkers('worker:workflows', [worker], async () => {
  await connection.close();
  await tracing?.shutdown();
}).catch(exitOnError('worker:workflows'));
