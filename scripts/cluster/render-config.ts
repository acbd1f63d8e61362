import { readFileSync } from 'node:fs';
import { fromRoot } from '../../config/project-root.js';
import { NUM_HISTORY_SHARDS } from './cluster-settings.js';
import type { ClusterSettings } from './cluster-settings.js';

export const SERVER_CONFIG_TEMPLATE = fromRoot('temporal-docker', 'server-config.template.yaml');
export const DYNAMIC_CONFIG_FILE = fromRoot('temporal-docker', 'dynamicconfig', 'dynamic-config.yaml');

/** The values of the template's placeholders: the frontend's port, and the next ones for the other services. */
export function templateValues(s: ClusterSettings): Record<string, string | number> {
  const p = s.frontendPort;
  return {
    numHistoryShards: NUM_HISTORY_SHARDS,
    postgresPort: s.postgresPort,
    metricsPort: s.metricsPort,
    frontendPort: p,
    historyPort: p + 1,
    matchingPort: p + 2,
    workerPort: p + 6,
    frontendHttpPort: p + 10,
    frontendMembershipPort: s.membershipPort,
    historyMembershipPort: s.membershipPort + 1,
    matchingMembershipPort: s.membershipPort + 2,
    workerMembershipPort: s.membershipPort + 6,
    dynamicConfigFile: DYNAMIC_CONFIG_FILE,
  };
}

/** The server configuration: the template with every placeholder filled; an unknown one is an error. */
export function renderServerConfig(
  s: ClusterSettings,
  template = readFileSync(SERVER_CONFIG_TEMPLATE, 'utf8'),
): string {
  const values = templateValues(s);
  return template.replace(/\{\{(\w+)\}\}/g, (_, name: string) => {
    if (!(name in values)) throw new Error(`server config template: no value for {{${name}}}`);
    return String(values[name]);
  });
}

/** The Web UI server's configuration (its own format). */
export function renderUiConfig(s: ClusterSettings): string {
  return [
    `temporalGrpcAddress: 127.0.0.1:${s.frontendPort}`,
    `port: ${s.uiPort}`,
    'enableUi: true',
    `defaultNamespace: ${s.namespace}`,
    'cors:',
    '  allowOrigins: []',
    '',
  ].join('\n');
}
