// The programs `npm run cluster` needs, from the registries only: PostgreSQL from the system's
// packages (installed with apt-get when absent and allowed), the Temporal server, its SQL tool
// and the Web UI server built once from the Go module proxy into .local/cluster (reused after).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { VERSIONS } from './cluster-settings.js';

export interface ClusterBinaries {
  server: string;
  sqlTool: string;
  /** Undefined when it could not be built: the cluster runs without a Web UI. */
  uiServer: string | undefined;
  /** PostgreSQL's bin folder (initdb, postgres, pg_isready). */
  postgresBin: string;
}

const onPath = (cmd: string) => spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;

/** `go install pkg@version` into a folder of its own; the binary is named after the package's last element. */
function goBinary(
  binDir: string,
  name: string,
  pkg: string,
  version: string,
  log: (l: string) => void,
): string {
  const dir = join(binDir, `${name}-${version}`);
  const bin = join(dir, pkg.split('/').pop()!);
  if (existsSync(bin)) return bin;
  if (!onPath('go'))
    throw new Error(`building ${pkg} needs Go (https://go.dev/dl, or "apt-get install golang"): not on PATH`);
  log(`building ${pkg}@${version} from the Go module proxy (several minutes, once)`);
  // GOTOOLCHAIN=auto fetches the Go version the module asks for, through the same proxy.
  execFileSync('go', ['install', `${pkg}@${version}`], {
    env: { ...process.env, GOBIN: dir, GOTOOLCHAIN: 'auto' },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  return bin;
}

/** The newest PostgreSQL bin folder installed from packages, if any. */
function findPostgres(): string | undefined {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root)
    .filter((v) => existsSync(join(root, v, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] ? join(root, versions[0], 'bin') : undefined;
}

export function ensurePostgres(log: (l: string) => void): string {
  const found = findPostgres();
  if (found) return found;
  if (process.getuid?.() === 0 && onPath('apt-get')) {
    log('installing PostgreSQL from the Debian packages');
    execFileSync('apt-get', ['install', '-y', '--no-install-recommends', 'postgresql'], {
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    const installed = findPostgres();
    if (installed) return installed;
  }
  throw new Error(
    'PostgreSQL is not installed: "sudo apt-get install postgresql" (or your system\'s package), then run again',
  );
}

export function ensureBinaries(binDir: string, log: (l: string) => void): ClusterBinaries {
  const postgresBin = ensurePostgres(log);
  return {
    postgresBin,
    server: goBinary(binDir, 'temporal-server', 'go.temporal.io/server/cmd/server', VERSIONS.temporal, log),
    sqlTool: goBinary(
      binDir,
      'temporal-sql-tool',
      'go.temporal.io/server/cmd/tools/sql',
      VERSIONS.temporal,
      log,
    ),
    uiServer: optionalUi(binDir, log),
  };
}

/**
 * The Web UI is a convenience: when the module proxy in reach lacks one of its dependencies (as
 * a registry mirror may), the cluster runs without it rather than not at all.
 */
function optionalUi(binDir: string, log: (l: string) => void): string | undefined {
  try {
    return goBinary(
      binDir,
      'temporal-ui-server',
      'github.com/temporalio/ui-server/v2/cmd/server',
      VERSIONS.ui,
      log,
    );
  } catch (err) {
    log(
      `WARNING: the Web UI server could not be built, running without it: ${(err as Error).message.split('\n')[0]}`,
    );
    return undefined;
  }
}

/** The folder of the server module's SQL schemas (in the Go module cache, fetched by the build). */
export function schemaDir(): string {
  const cache = execFileSync('go', ['env', 'GOMODCACHE'], { encoding: 'utf8' }).trim();
  const dir = join(cache, `go.temporal.io/server@${VERSIONS.temporal}`, 'schema', 'postgresql', 'v12');
  if (!existsSync(dir)) {
    execFileSync('go', ['mod', 'download', `go.temporal.io/server@${VERSIONS.temporal}`], {
      env: { ...process.env, GOTOOLCHAIN: 'auto', GOFLAGS: '-mod=mod' },
      stdio: 'ignore',
    });
  }
  return dir;
}
