import { execFileSync, spawnSync } from 'node:child_process';
import { join } from 'node:path';

/**
 * Creates the persistence and visibility databases and brings their schemas to the server's
 * version with its own SQL tool: set up from 0.0 on a fresh database, then every versioned step
 * not yet applied (so a newer server version migrates the existing data).
 */
export function applySchemas(
  sqlTool: string,
  port: number,
  schemaDir: string,
  log: (l: string) => void,
): void {
  for (const [db, folder] of [
    ['temporal', 'temporal'],
    ['temporal_visibility', 'visibility'],
  ] as const) {
    const base = [
      '--plugin',
      'postgres12',
      '--ep',
      '127.0.0.1',
      '--port',
      String(port),
      '--user',
      'temporal',
      '--db',
      db,
    ];
    // "create" fails when the database exists: that is the rerun, fine.
    spawnSync(sqlTool, [...base, 'create'], { stdio: 'ignore' });
    const fresh = spawnSync(sqlTool, [...base, 'setup-schema', '-v', '0.0'], { encoding: 'utf8' });
    if (fresh.status === 0) log(`${db}: schema set up`);
    execFileSync(sqlTool, [...base, 'update-schema', '-d', join(schemaDir, folder, 'versioned')], {
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    log(`${db}: schema current`);
  }
}
