import type { Client } from '@temporalio/client';

/** The system under test: its API and its data folder (npm start's processes, or one process). */
export interface SystemUnderTest {
  baseUrl: string;
  dataDir: string;
  /** The supervisor's process id where the system runs as npm start's processes. */
  pid?: number;
  /** Its Temporal server's address (host:port). */
  temporalAddress: string;
}

export interface SuiteContext {
  system: SystemUnderTest;
  /** A plain client on the same server, for the plain-SDK peer. */
  client: Client;
  runs: number;
}

export interface Series {
  label: string;
  unit: string;
  values: number[];
}

export interface ScenarioResult {
  /** This project's figures, then its peer's (same run, interleaved). */
  ours: Series;
  peer?: Series;
  target: string;
  meetsTarget: boolean;
  details?: Record<string, unknown>;
}

export interface Scenario {
  name: string;
  title: string;
  /** Left out unless asked for by name (it takes minutes). */
  optIn?: boolean;
  run(ctx: SuiteContext): Promise<ScenarioResult>;
}

export const median = (xs: readonly number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

export const seconds = (t0: number) => (performance.now() - t0) / 1000;
