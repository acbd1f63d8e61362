import { loadConfigOrExit } from '../config/app-config.js';
import { exitWithParent } from '../config/exit-with-parent.js';
import { installWorkerLogging } from './runtime-logging.js';
import { startTracing } from '../telemetry/tracing.js';
import { createCpuWorker } from './create-cpu-worker.js';
import { createToolsWorker } from './create-tools-worker.js';
import { exitOnError, runWorkers } from './run-until-signal.js';
import { connectWorker } from './temporal-connection.js';

const config = loadConfigOrExit('worker:cpu');
installWorkerLogging(config, 'worker:cpu');
const tracing = startTracing(config, 'parallel-ai-cpu-worker');
exitWithParent('worker:cpu');
const connection = await connectWorker(config);
const worker = await createCpuWorker(connection, config);
// The same process serves the tools queue (built-ins and MCP servers' tools).
const tools = await createToolsWorker(connection, config);
await runWorkers('worker:cpu', [worker, tools.worker], async () => {
  await tools.close();
  await connection.close();
  await tracing?.shutdown();
}).catch(exitOnError('worker:cpu'));
