// `npm run bench:console`: does the console stay responsive while it follows a large, busy run?
// In the topology users run (`npm start`'s processes, default settings), a headless Chromium
// (Debian's, through playwright-core) opens the run page of a 500-node DAG as it starts and
// follows it to the end, while the bench switches the page's tabs. Measured in the page: the gaps
// between animation frames and the main thread's long tasks (over 50 ms), beside the same page
// idle (its runs list) for the peer; the events/s the run delivered; tab switches while it runs.
// Medians of BENCH_RUNS. Figures in bench/results/console.json.
import { chromium } from 'playwright-core';
import type { Page } from 'playwright-core';
import { chromiumPath } from '../scripts/lib/chromium-path.js';
import { percentile } from '../workflows/lib/percentile.js';
import { postJson, report } from './bench-stack.js';
import { startNpmStartSystem } from './npm-start-system.js';
import { median } from './scenarios/scenario.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const NODES = 500;
const IDLE_MS = 3_000;

/** Frame gaps and long tasks, collected in the page from the moment it is reset. */
const COLLECTOR = `
  window.__perf = { frames: [], longtasks: [] };
  let last = performance.now();
  const frame = (t) => { window.__perf.frames.push(t - last); last = t; requestAnimationFrame(frame); };
  requestAnimationFrame(frame);
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) window.__perf.longtasks.push(e.duration);
  }).observe({ type: 'longtask' });
`;

interface PagePerf {
  frames: number[];
  longtasks: number[];
}

const reset = (page: Page) => page.evaluate('window.__perf.frames = []; window.__perf.longtasks = [];');
const collect = (page: Page) => page.evaluate<PagePerf>('window.__perf');

function summary(perf: PagePerf, ms: number) {
  return {
    frameGapP50Ms: percentile(perf.frames, 50),
    frameGapP95Ms: percentile(perf.frames, 95),
    frameGapMaxMs: Math.max(0, ...perf.frames),
    framesPerSecond: (perf.frames.length / ms) * 1000,
    longTasks: perf.longtasks.length,
    longTaskMaxMs: Math.max(0, ...perf.longtasks),
    busyShare: perf.longtasks.reduce((a, b) => a + b, 0) / ms,
  };
}

const dag = {
  nodes: Array.from({ length: NODES }, (_, i) => ({
    id: `n${i}`,
    activity: 'util.delay',
    input: { ms: 100, value: i },
    ...(i >= 25 ? { dependsOn: [`n${i % 25}`] } : {}),
  })),
  maxConcurrency: 50,
};

const system = await startNpmStartSystem({ RATE_LIMIT_PER_MINUTE: '0' });
const browser = await chromium.launch({ executablePath: chromiumPath(), args: ['--no-sandbox'] });
const rows: Array<Record<string, number>> = [];
try {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  await page.addInitScript(COLLECTOR);
  for (let run = 0; run < RUNS; run++) {
    // The peer: the same page, idle (its runs list, refreshing every 2 s).
    await page.goto(`${system.baseUrl}/console/#/runs`);
    await page.getByTestId('runs').waitFor();
    await reset(page);
    await new Promise((r) => setTimeout(r, IDLE_MS));
    const idle = summary(await collect(page), IDLE_MS);

    const started = await postJson(`${system.baseUrl}/workflows/dag`, dag);
    const t0 = Date.now();
    await page.goto(`${system.baseUrl}/console/#/runs/${encodeURIComponent(started.workflowId)}`);
    await reset(page);
    // Tab switches while it runs: from the click to the new tab's content on screen.
    const switches: number[] = [];
    const done = page
      .locator('[data-testid="run-page"][data-run-status="COMPLETED"]')
      .waitFor({ timeout: 300_000 })
      .then(() => page.getByText(`${NODES} succeeded`).waitFor({ timeout: 60_000 }));
    let finished = false;
    void done.then(() => (finished = true));
    while (!finished) {
      for (const [tab, content] of [
        ['timeline', '[data-testid="gantt"]'],
        ['graph', '[data-testid="run-graph"]'],
      ] as const) {
        const s = Date.now();
        await page.locator(`[data-tab="${tab}"]`).click();
        await page.locator(content).waitFor();
        switches.push(Date.now() - s);
      }
      await new Promise((r) => setTimeout(r, 200));
    }
    await done;
    const followMs = Date.now() - t0;
    const busy = summary(await collect(page), followMs);
    await page.locator(`[data-testid="run-graph"][data-nodes="${NODES + 1}"]`).waitFor();
    // The rate the run delivered events at, from their own timestamps.
    const events = await fetch(`${system.baseUrl}/workflows/${started.workflowId}/events`).then((r) =>
      r.text(),
    );
    const ats = [...events.matchAll(/"at":(\d+)/g)].map((m) => Number(m[1]));
    const seconds = (Math.max(...ats) - Math.min(...ats)) / 1000;
    rows.push({
      events: ats.length,
      eventsPerSecond: ats.length / seconds,
      followSeconds: followMs / 1000,
      tabSwitchMs: median(switches),
      tabSwitches: switches.length,
      ...Object.fromEntries(Object.entries(busy).map(([k, v]) => [`following.${k}`, v])),
      ...Object.fromEntries(Object.entries(idle).map(([k, v]) => [`idle.${k}`, v])),
    });
    console.log(JSON.stringify(rows.at(-1)));
  }
} finally {
  await browser.close();
  await system.stop();
}

const med = (key: string) => median(rows.map((r) => r[key]!));
report('console', {
  runs: RUNS,
  topology: 'npm start (separate processes), default settings; headless Chromium',
  scenario: `a ${NODES}-node DAG (util.delay 100 ms, maxConcurrency 50) followed on its run page from its start`,
  medians: {
    eventsPerSecond: Math.round(med('eventsPerSecond')),
    events: med('events'),
    followSeconds: med('followSeconds'),
    tabSwitchMs: med('tabSwitchMs'),
    frameGapP95Ms: { following: med('following.frameGapP95Ms'), idle: med('idle.frameGapP95Ms') },
    frameGapMaxMs: { following: med('following.frameGapMaxMs'), idle: med('idle.frameGapMaxMs') },
    framesPerSecond: { following: med('following.framesPerSecond'), idle: med('idle.framesPerSecond') },
    longTasks: { following: med('following.longTasks'), idle: med('idle.longTasks') },
    longTaskMaxMs: { following: med('following.longTaskMaxMs'), idle: med('idle.longTaskMaxMs') },
    mainThreadBusyShare: { following: med('following.busyShare'), idle: med('idle.busyShare') },
  },
  perRun: rows,
});
