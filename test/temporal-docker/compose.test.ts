import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { fromRoot } from '../../config/project-root.js';
import { CUSTOM_SEARCH_ATTRIBUTES } from '../../workflows/contracts/index.js';
import { dashboardPanels, metricNamesOf } from '../helpers/dashboard-metrics.js';

// No Docker engine runs in CI: check the compose file's wiring statically.
const dir = fromRoot('temporal-docker');
const compose = parse(readFileSync(`${dir}/docker-compose.yml`, 'utf8'), { merge: true });
const services = compose.services as Record<string, any>;
const envOf = (svc: any): Record<string, string> =>
  Array.isArray(svc.environment)
    ? Object.fromEntries(svc.environment.map((e: string) => e.split('=', 2)))
    : (svc.environment ?? {});

describe('temporal-docker/docker-compose.yml', () => {
  it('has PostgreSQL, schema set-up, server, namespace set-up and Web UI', () => {
    for (const name of ['postgresql', 'temporal-schema', 'temporal', 'temporal-namespace', 'temporal-ui']) {
      assert.ok(services[name], `service ${name}`);
    }
  });

  it('pins every image to a version', () => {
    for (const [name, svc] of Object.entries(services)) {
      assert.match(svc.image, /^[\w./-]+:v?\d[\w.-]*$/, `${name} image ${svc.image} is not pinned`);
    }
  });

  it('points the server at the PostgreSQL service and orders start-up', () => {
    const env = envOf(services.temporal);
    assert.equal(env.DB, 'postgres12');
    assert.equal(env.POSTGRES_SEEDS, 'postgresql');
    assert.equal(env.DB_PORT, '5432');
    assert.equal(env.POSTGRES_USER, envOf(services.postgresql).POSTGRES_USER);
    assert.equal(env.POSTGRES_PWD, envOf(services.postgresql).POSTGRES_PASSWORD);
    assert.equal(services.temporal.depends_on['temporal-schema'].condition, 'service_completed_successfully');
    assert.equal(services['temporal-schema'].depends_on.postgresql.condition, 'service_healthy');
    assert.equal(services['temporal-schema'].environment.SQL_HOST, 'postgresql');
    assert.ok(services.temporal.ports.includes('7233:7233'));
  });

  it('mounts the dynamic config the server is told to read', () => {
    const env = envOf(services.temporal);
    const mount = services.temporal.volumes.find((v: string) => v.includes('dynamicconfig'));
    assert.ok(mount, 'dynamic config volume');
    const [host, container] = mount.split(':');
    const file = String(env.DYNAMIC_CONFIG_FILE_PATH).split('/').pop();
    assert.ok(container.endsWith('/config/dynamicconfig'));
    assert.ok(existsSync(`${dir}/${host.replace(/^\.\//, '')}/${file}`), `${host}/${file} exists`);
    parse(readFileSync(`${dir}/${host.replace(/^\.\//, '')}/${file}`, 'utf8'));
  });

  it('wires the UI and the namespace job to the server', () => {
    assert.equal(envOf(services['temporal-ui']).TEMPORAL_ADDRESS, 'temporal:7233');
    assert.ok(services['temporal-ui'].ports.includes('8080:8080'));
    assert.equal(envOf(services['temporal-namespace']).TEMPORAL_ADDRESS, 'temporal:7233');
    const script = readFileSync(`${dir}/scripts/setup-namespace.sh`, 'utf8');
    for (const [name, type] of Object.entries(CUSTOM_SEARCH_ATTRIBUTES)) {
      assert.match(script, new RegExp(`--name ${name} --type ${type}`));
    }
  });

  it('provisions Prometheus and Grafana with the project dashboard, every panel a query of known metrics', () => {
    for (const name of ['prometheus', 'grafana']) assert.ok(services[name], `service ${name}`);
    const mounts = (services.grafana.volumes as string[]).map((v) => v.split(':')[0]!);
    for (const m of mounts) assert.ok(existsSync(`${dir}/${m.replace(/^\.\//, '')}`), `mounted ${m}`);
    const scrape = parse(readFileSync(`${dir}/prometheus/prometheus.yml`, 'utf8')) as {
      scrape_configs: Array<{ job_name: string; static_configs: Array<{ targets: string[] }> }>;
    };
    const targets = scrape.scrape_configs.flatMap((c) => c.static_configs.flatMap((s) => s.targets));
    // The server's metrics endpoint, the three workers (npm start's ports) and the API.
    assert.ok(targets.includes(`temporal:${envOf(services.temporal).PROMETHEUS_ENDPOINT!.split(':')[1]}`));
    for (const port of ['9464', '9465', '9466', '3000'])
      assert.ok(
        targets.some((t) => t.endsWith(`:${port}`)),
        `scrapes :${port}`,
      );
    const panels = dashboardPanels();
    assert.ok(panels.length >= 8);
    for (const p of panels) {
      assert.ok(p.targets.length > 0, p.title);
      for (const t of p.targets) assert.ok(metricNamesOf(t.expr).length > 0, `${p.title}: ${t.expr}`);
    }
    assert.deepEqual(
      metricNamesOf('histogram_quantile(0.99, sum by (le, route) (rate(api_x_bucket{a="b"}[5m])))'),
      ['api_x_bucket'],
    );
  });
});
