import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WorkflowFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { DEFAULT_EMBEDDING_MODEL, DEFAULT_EMBEDDING_MODEL_NAME } from '../../config/app-config.js';
import { startStack } from '../../runtime/stack.js';
import type { Stack, StackOptions } from '../../runtime/stack.js';
import type { LlmScript } from '../../runtime/scripted-llm-activities.js';

export const SCRIPTED_MODELS = ['smollm2-135m', 'gemma3-270m'];
/** The default embedding model's name; scripted too, whether or not its file is installed here. */
export const SCRIPTED_EMBEDDING_MODEL = DEFAULT_EMBEDDING_MODEL_NAME;

export interface ScriptedStack extends Stack {
  /** The script the model queues answer from, until the next call. */
  useScript(script: LlmScript): void;
}

/**
 * A real stack (dev server, workers, optionally the API) whose model queues answer from a script,
 * with a data folder of its own (removed at teardown), so runs start from nothing every time.
 */
export async function startScriptedStack(
  options: Omit<StackOptions, 'scripted' | 'models'> = {},
): Promise<ScriptedStack> {
  let script: LlmScript = {};
  const dataDir = mkdtempSync(join(tmpdir(), 'parallel-ai-scripted-'));
  const stack = await startStack({
    ...options,
    env: { DATA_DIR: dataDir, LLM_EMBEDDING_MODEL: DEFAULT_EMBEDDING_MODEL, ...options.env },
    scripted: { models: [...SCRIPTED_MODELS, SCRIPTED_EMBEDDING_MODEL], script: () => script },
  });
  const teardown = stack.teardown.bind(stack);
  return Object.assign(stack, {
    useScript: (s: LlmScript) => void (script = s),
    teardown: async () => {
      await teardown();
      rmSync(dataDir, { recursive: true, force: true });
    },
  });
}

/** The type of the ApplicationFailure a run failed with (for assert.rejects). */
export function failedWith(type: string) {
  return (err: unknown) =>
    err instanceof WorkflowFailedError && err.cause instanceof ApplicationFailure && err.cause.type === type;
}
