// The activities' signatures, taken from their factories (type-only: workflow code never loads
// activity code). An activity's input and output types follow from its registry name.
import type { CpuActivities } from '../../activities/create-cpu-activities.js';
import type { LlmActivities } from '../../activities/create-llm-activities.js';
import type { ActivityName } from '../contracts/index.js';

export type ActivityFunctions = CpuActivities & LlmActivities;

export type ActivityInput<N extends ActivityName> = Parameters<ActivityFunctions[N]>[0];
export type ActivityOutput<N extends ActivityName> = Awaited<ReturnType<ActivityFunctions[N]>>;
