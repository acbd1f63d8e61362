import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { clusterSettings, NUM_HISTORY_SHARDS } from '../../../scripts/cluster/cluster-settings.js';
import {
  DYNAMIC_CONFIG_FILE,
  renderServerConfig,
  templateValues,
} from '../../../scripts/cluster/render-config.js';
import { fromRoot } from '../../../config/project-root.js';

describe('native cluster configuration', () => {
  const settings = clusterSettings({ CLUSTER_PORT: '17233', CLUSTER_POSTGRES_PORT: '15432' });

  it('renders the server configuration from the shared template, every placeholder filled', () => {
    const yaml = renderServerConfig(settings);
    assert.doesNotMatch(yaml, /\{\{/);
    const config = parse(yaml);
    assert.equal(config.persistence.numHistoryShards, NUM_HISTORY_SHARDS);
    assert.equal(config.persistence.datastores['postgres-default'].sql.connectAddr, '127.0.0.1:15432');
    assert.equal(config.services.frontend.rpc.grpcPort, 17233);
    assert.equal(config.dynamicConfigClient.filepath, DYNAMIC_CONFIG_FILE);
    // Every service on its own port.
    const ports = Object.entries(templateValues(settings))
      .filter(([k]) => k.endsWith('Port') && k !== 'postgresPort' && k !== 'metricsPort')
      .map(([, v]) => v);
    assert.equal(new Set(ports).size, ports.length);
  });

  it('refuses a template placeholder it has no value for', () => {
    assert.throws(() => renderServerConfig(settings, 'x: {{nope}}'), /\{\{nope\}\}/);
  });

  it('shares the shard count and the dynamic config with the compose file', () => {
    const compose = parse(readFileSync(fromRoot('temporal-docker', 'docker-compose.yml'), 'utf8'), {
      merge: true,
    });
    const temporal = compose.services.temporal;
    assert.equal(Number(temporal.environment.NUM_HISTORY_SHARDS), NUM_HISTORY_SHARDS);
    assert.ok((temporal.volumes as string[]).some((v) => v.startsWith('./dynamicconfig:')));
    assert.ok(DYNAMIC_CONFIG_FILE.endsWith('temporal-docker/dynamicconfig/dynamic-config.yaml'));
  });

  it('names the bad setting', () => {
    assert.throws(() => clusterSettings({ CLUSTER_PORT: 'x' }), /CLUSTER_PORT/);
  });
});
