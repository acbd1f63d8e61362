// The least any HTTP front for workflow starts costs: a bare node:http server that parses the body
// and makes the API's start call (same workflow, queue, id form and memo) with a plain client. The
// starts scenario runs it as its own process beside the API, so that each run shows how much of the
// API's distance from the in-process client is the HTTP hop itself.
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import { Client, Connection } from '@temporalio/client';
import { loadConfig } from '../../config/app-config.js';
import { exitWithParent } from '../../config/exit-with-parent.js';
import { routingMemo, taskQueueNames, WORKFLOW_TYPES } from '../../workflows/contracts/index.js';

const config = loadConfig();
const connection = await Connection.connect({ address: config.temporal.address });
const client = new Client({ connection, namespace: config.temporal.namespace });
const queue = taskQueueNames(config.taskQueuePrefix).workflows;
const memo = routingMemo(config.taskQueuePrefix);

const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    const answer = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    let input: { message?: unknown };
    try {
      input = JSON.parse(Buffer.concat(chunks).toString()) as { message?: unknown };
    } catch {
      return answer(400, { message: 'invalid JSON' });
    }
    if (req.method !== 'POST' || typeof input.message !== 'string')
      return answer(400, { message: 'bad request' });
    const workflowId = `echo-${randomUUID()}`;
    client.workflow.start(WORKFLOW_TYPES.echo, { workflowId, taskQueue: queue, args: [input], memo }).then(
      (handle) => answer(201, { workflowId, runId: handle.firstExecutionRunId }),
      (err: Error) => answer(503, { message: err.message }),
    );
  });
});
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  if (address && typeof address === 'object') console.log(JSON.stringify({ port: address.port }));
});
exitWithParent('bare-http-starter');
process.on('SIGTERM', () => server.close(() => void connection.close().then(() => process.exit(0))));
