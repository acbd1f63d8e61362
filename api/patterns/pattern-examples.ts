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
  aggregate: 'list',
};

export const DAG_EXAMPLE = {
  nodes: [
    { id: 'a', activity: 'util.echo', input: { text: 'The quick brown fox' } },
    { id: 'b', activity: 'text.wordCount', input: { $ref: 'a.text' }, dependsOn: ['a'] },
    { id: 'c', activity: 'text.wordCount', input: 'jumps over the lazy dog', dependsOn: ['a'] },
    { id: 'd', activity: 'counts.merge', input: [{ $ref: 'b' }, { $ref: 'c' }], dependsOn: ['b', 'c'] },
  ],
  maxConcurrency: 4,
  onNodeFailure: 'fail',
};

export function patternBody(description: string, example: object) {
  return { schema: { type: 'object' as const, description, example } };
}
