// Request examples for the OpenAPI document (the validator in workflows/contracts is the
// authority on what is accepted; its 400 messages name each offending field).

export const MAP_REDUCE_EXAMPLE = {
  source: { type: 'lines', path: 'corpus.txt' },
  mapper: 'text.wordCount',
  reducer: 'counts.merge',
  batchSize: 200,
  maxConcurrency: 8,
  onItemFailure: 'skip',
  maxFailures: 10,
};

export const SCATTER_GATHER_EXAMPLE = {
  tasks: [
    {
      id: 'smol',
      activity: 'llm.generate',
      input: { model: 'smollm2-135m', prompt: 'Name a colour.', maxTokens: 16 },
    },
    {
      id: 'gemma',
      activity: 'llm.generate',
      input: { model: 'gemma3-270m', prompt: 'Name a colour.', maxTokens: 16 },
    },
  ],
  policy: { mode: 'all', timeoutMs: 60000 },
  aggregate: { kind: 'judge', model: 'gemma3-270m', field: 'text', criteria: 'a single common colour name' },
};

export const DAG_EXAMPLE = {
  nodes: [
    { id: 'topics', activity: 'util.echo', input: { list: ['tides', 'eclipses', 'craters'] } },
    {
      id: 'explain',
      forEach: { $from: 'topics.list' },
      maxConcurrency: 3,
      activity: 'llm.generate',
      input: {
        model: 'smollm2-135m',
        prompt: { $template: 'In one sentence, what causes {{$item}}?' },
        maxTokens: 48,
      },
      dependsOn: ['topics'],
    },
    {
      id: 'report',
      activity: 'llm.synthesize',
      input: {
        model: 'smollm2-135m',
        texts: { $from: 'explain' },
        instruction: 'Write one short paragraph on the Moon from these notes.',
      },
      dependsOn: ['explain'],
    },
  ],
  maxConcurrency: 4,
  onNodeFailure: 'fail',
};
