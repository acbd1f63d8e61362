import { loadConfigOrExit } from '../config/app-config.js';
import { exitWithParent } from '../config/exit-with-parent.js';
import { installWorkerLogging } from './runtime-logging.js';
import { createCpuWorker } from './create-cpu-worker.js';
import { exitOnError, runWorkers } from './run-until-signal.js';
import { connectWorker } from './temporal-connection.js';

const config = loadConfigOrExit('worker:cpu');
installWorkerLogging(config.metrics);
exitWithParent('worker:cpu');
const connection = await connectWorker(config);
const worker = await createCpuWorker(connection, config);
await runWorkers('worker:cpu', [worker], () => connection.close()).catch(exitOnError('worker:cpu'));
