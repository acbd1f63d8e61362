// The inputs of the llm.* activities as zod schemas: one place that types every field a model
// call receives. Each activity parses its input with them before touching node-llama-cpp (a
// wrong-typed sampling parameter used to throw inside the library's decode loop and take the
// worker process down), and the API checks request parameters against the same schemas.
import { z } from 'zod';
import type {
  LlmActivityName,
  LlmChatInput,
  LlmClassifyInput,
  LlmConsensusInput,
  LlmEmbedInput,
  LlmGenerateInput,
  LlmJsonInput,
  LlmJudgeInput,
  LlmSynthesizeInput,
  ResearchEmbedShardInput,
} from '../../workflows/contracts/index.js';

/** A prompt or text: Temporal's payload limit (2 MB) bounds it anyway. */
const TEXT_CHARS = 1_000_000;

export const modelName = z.string().regex(/^[a-z0-9][a-z0-9._-]{0,62}$/, 'a configured model name');
const text = z.string().min(1, 'must be a non-empty string').max(TEXT_CHARS);
const optionalText = z.string().max(TEXT_CHARS).optional();

/** Sampling parameters: exactly the types and ranges llama.cpp's sampler accepts. */
export const samplingShape = {
  maxTokens: z.int().min(1).max(32_768).optional().describe('Tokens to generate at most'),
  temperature: z
    .number()
    .min(0)
    .max(2)
    .optional()
    .describe('0 (the default) decodes greedily: with a seed, output repeats exactly'),
  seed: z.int().min(0).max(0xffff_ffff).optional(),
  stop: z.array(z.string().min(1).max(200)).max(16).optional().describe('Extra stop strings'),
};

/** Where a call streams its tokens: set by the workflow library, never by a request. */
const live = z
  .strictObject({ workflowId: z.string().min(1).max(1_000), path: z.string().max(1_000) })
  .optional();

/** "use": answer a deterministic call from the result cache when it can (LLM_CACHE sets the default). */
const cache = z.enum(['use', 'skip']).optional();

/** Input fields a request may not set (the API refuses them; the run sets them itself). */
export const RUN_SET_FIELDS = ['live'] as const;

const textLike = z.union([z.string(), z.looseObject({ text: z.string() }), z.null()]);
const texts = z.array(textLike).min(1).max(10_000);

// Loose objects: a caller may pass more (a DAG node's input often does); every field the
// activity reads is typed.
const generate = z.looseObject({
  model: modelName,
  prompt: text,
  system: optionalText,
  live,
  cache,
  ...samplingShape,
});
const chat = z.looseObject({
  model: modelName,
  messages: z
    .array(
      z.looseObject({ role: z.enum(['system', 'user', 'assistant']), content: z.string().max(TEXT_CHARS) }),
    )
    .min(1)
    .max(1_000)
    .refine((m) => m.at(-1)?.role === 'user', 'must end with a user message'),
  live,
  cache,
  ...samplingShape,
});
const json = z.looseObject({
  model: modelName,
  prompt: text,
  system: optionalText,
  schema: z.record(z.string(), z.unknown()).describe('A JSON schema object'),
  live,
  cache,
  ...samplingShape,
});
const classify = z.looseObject({
  model: modelName,
  text,
  labels: z.array(z.string().min(1).max(200)).min(2).max(100),
  instructions: optionalText,
  cache,
});
const embed = z.looseObject({ model: modelName, text, cache });
const consensus = z.looseObject({ model: modelName, texts, cache });
const judge = z.looseObject({
  model: modelName,
  candidates: texts,
  criteria: text,
  cache,
  ...samplingShape,
});
const synthesize = z.looseObject({ model: modelName, texts, instruction: text, cache, ...samplingShape });
const embedShard = z.looseObject({
  model: modelName,
  index: z.string().min(1).max(500),
  shard: z.int().min(0),
});

export const LLM_INPUT_SCHEMAS = {
  'llm.generate': generate,
  'llm.chat': chat,
  'llm.json': json,
  'llm.classify': classify,
  'llm.embed': embed,
  'llm.consensus': consensus,
  'llm.judge': judge,
  'llm.synthesize': synthesize,
  'research.embedShard': embedShard,
} as const satisfies Record<LlmActivityName, z.ZodType>;

// What a schema lets through is the activity's contract type (a compile-time check).
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never;
type Parsed<K extends LlmActivityName> = z.infer<(typeof LLM_INPUT_SCHEMAS)[K]>;
type Accepts<Schema, Contract> = Schema extends Contract ? true : never;
const _parsedInputsAreContracts: [
  Accepts<Parsed<'llm.generate'>, LlmGenerateInput>,
  Accepts<Parsed<'llm.chat'>, LlmChatInput>,
  Accepts<Parsed<'llm.json'>, LlmJsonInput>,
  Accepts<Parsed<'llm.classify'>, LlmClassifyInput>,
  Accepts<Parsed<'llm.embed'>, LlmEmbedInput>,
  Accepts<Parsed<'llm.consensus'>, LlmConsensusInput>,
  Accepts<Parsed<'llm.judge'>, LlmJudgeInput>,
  Accepts<Parsed<'llm.synthesize'>, LlmSynthesizeInput>,
  Accepts<Parsed<'research.embedShard'>, ResearchEmbedShardInput>,
  Same<keyof typeof LLM_INPUT_SCHEMAS, LlmActivityName>,
] = [true, true, true, true, true, true, true, true, true, true];

/** "field.path: problem" for each issue, as an activity's or the API's message. */
export function issuesOf(error: z.ZodError, root: string): string[] {
  return error.issues.map((issue) => {
    const path = [root, ...issue.path.map(String)].filter(Boolean).join('.');
    return `${path}: ${issue.message}`;
  });
}

/**
 * Checks the fixed part of an llm.* input given in a request (`params` of a batch or a stream,
 * whose record or event fills `filledLater`): each wrong field is an issue at `path`.
 */
export function checkLlmParams(
  activity: LlmActivityName,
  params: unknown,
  filledLater: readonly string[],
  ctx: z.RefinementCtx,
  path: PropertyKey[],
): void {
  for (const key of RUN_SET_FIELDS)
    if (typeof params === 'object' && params !== null && key in params)
      ctx.addIssue({ code: 'custom', message: `"${key}" is set by the run itself`, path: [...path, key] });
  const schema = LLM_INPUT_SCHEMAS[activity] as z.ZodObject;
  const omit = Object.fromEntries(filledLater.map((k) => [k, true as const])) as Record<string, true>;
  const parsed = schema.omit(omit as never).safeParse(params);
  if (parsed.success) return;
  for (const issue of parsed.error.issues) {
    const missing = issue.code === 'invalid_type' && issue.message.endsWith('received undefined');
    const message = missing
      ? `${activity} needs ${[...path, ...issue.path].join('.')} (${issue.expected})`
      : issue.message;
    ctx.addIssue({ code: 'custom', message, path: [...path, ...issue.path] });
  }
}
