// One log format for every process: with LOG_FORMAT=json each line is one JSON object
// { time, level, process, msg, …details }; with text, "LEVEL message {details}".
import { format as formatArgs } from 'node:util';
import type { LogLevelName } from '../config/app-config.js';

export type LogFormat = 'text' | 'json';

const RANK: Record<LogLevelName, number> = { trace: 0, debug: 1, info: 2, warn: 3, error: 4 };

export function levelEnabled(threshold: LogLevelName, level: LogLevelName): boolean {
  return RANK[level] >= RANK[threshold];
}

export interface LogEntry {
  level: LogLevelName;
  process: string;
  msg: string;
  details?: Record<string, unknown>;
}

export function formatLogLine(format: LogFormat, e: LogEntry): string {
  if (format === 'json')
    return JSON.stringify({
      time: new Date().toISOString(),
      level: e.level,
      process: e.process,
      msg: e.msg,
      ...e.details,
    });
  const extra = e.details && Object.keys(e.details).length ? ` ${JSON.stringify(e.details)}` : '';
  return `${e.level.toUpperCase()} ${e.msg}${extra}`;
}

/** A line of a child process as the supervisor writes it in JSON mode: its own JSON object, or wrapped in one. */
export function jsonLineOf(processName: string, line: string): string {
  if (line.startsWith('{')) {
    try {
      const parsed = JSON.parse(line) as Record<string, unknown>;
      if (parsed && typeof parsed === 'object') return JSON.stringify({ process: processName, ...parsed });
    } catch {
      // not JSON after all: wrapped below
    }
  }
  return formatLogLine('json', { level: 'info', process: processName, msg: line });
}

const CONSOLE_LEVELS: Array<[keyof Console & ('log' | 'info' | 'warn' | 'error' | 'debug'), LogLevelName]> = [
  ['debug', 'debug'],
  ['log', 'info'],
  ['info', 'info'],
  ['warn', 'warn'],
  ['error', 'error'],
];

/**
 * In JSON mode, makes this process's console write one JSON object per line (so the output of
 * libraries that log with console parses too), below LOG_LEVEL dropped. Text mode changes nothing.
 */
export function installProcessLogging(
  log: { format: LogFormat; level: LogLevelName },
  processName: string,
): void {
  if (log.format !== 'json') return;
  for (const [method, level] of CONSOLE_LEVELS) {
    const stream = level === 'warn' || level === 'error' ? process.stderr : process.stdout;
    console[method] = (...args: unknown[]) => {
      if (!levelEnabled(log.level, level)) return;
      stream.write(`${formatLogLine('json', { level, process: processName, msg: formatArgs(...args) })}\n`);
    };
  }
}
