// What a pipeline is, in one object: the API routes, their OpenAPI document, the history
// recorder, the pipeline benchmark and the replay-coverage test all read the registry of these.
// Not workflow code: it is never bundled (workflows import its types only).
import type { z } from 'zod';
import type { AppConfig } from '../../config/app-config.js';
import type { WorkflowTypeName } from '../contracts/index.js';

/** What a request may be checked against beyond its body: the deployment it reaches. */
export interface Deployment {
  config: AppConfig;
}

export interface PipelineDescriptor<
  Body extends z.ZodType = z.ZodType,
  Input = unknown,
  Output extends z.ZodType = z.ZodType,
> {
  /** The route under /pipelines, e.g. "consensus" or "research/index". */
  route: string;
  /** The workflow function; its name is the registered workflow type. */
  workflow(input: Input): Promise<z.infer<Output>>;
  /** Runs are named `<idPrefix>-<uuid>` and tagged with it (the pattern search attribute). */
  idPrefix: string;
  summary: string;
  /** Durable behaviour worth knowing before a call (resumes, child runs, gates). */
  description?: string;
  /** The request body: validates it, types it, documents it. */
  body: Body;
  /** The result of the run, as GET /workflows/{id}/result answers it. */
  output: Output;
  /** A body that works on a fresh install (the OpenAPI example, the recorder's and benchmark's input). */
  example: z.input<Body>;
  /**
   * Body plus deployment → workflow input: the one place defaults that depend on the deployment
   * (the first configured model) are filled in. Cross-field rules that need the deployment (a
   * model it serves, a file in its data folder) throw a 4xx naming the field.
   */
  resolve(body: z.infer<Body>, deployment: Deployment): Input;
  /** The stages its progress query reports, in order. */
  stages: readonly string[];
  /** Errors beyond 400 and 415 this route answers (e.g. 413 for a corpus over its limit). */
  errors?: number[];
  /** Tool names the input asks for, by field: the route refuses unknown ones with a 400 (GET /tools). */
  tools?(input: Input): Array<{ field: string; names: string[] }>;
  /** false: not in `npm run bench:pipelines`, which times the example as is (it has a benchmark of its own). */
  benchmark?: false;
}

/** Declares a pipeline; the identity function that checks the descriptor's parts agree. */
export function definePipeline<Body extends z.ZodType, Input, Output extends z.ZodType>(
  descriptor: PipelineDescriptor<Body, Input, Output>,
): PipelineDescriptor<Body, Input, Output> {
  return descriptor;
}

/** The workflow type a descriptor starts. */
export function workflowTypeOf(descriptor: PipelineDescriptor): WorkflowTypeName {
  return descriptor.workflow.name as WorkflowTypeName;
}
