// How fast the console and the portal are ready in headless Debian chromium, on a city-scale
// demo (issue 21, finding 10: dashboard and search ready in under 1.5 s on a first visit, portal
// first paint under 1 s on a phone). As the regulator of 济南市 (370100), the median of `--runs`
// loads of each page, first visits (HTTP cache bypassed, browser already running) and repeat
// visits (cached):
//   - 工作台 ready: `/` until its to-dos are shown;
//   - dashboard ready: `/overview` (市场主体总览) until its total is shown;
//   - search ready: `/entities?name=济南` until the number of results is shown;
// and the portal on a phone profile (390×844, CPU slowed 4×, 4G: 9 Mbit/s down, 60 ms round trip;
// first visits): first paint, first contentful paint, and ready (its search box shown).
// With `--baseline DIR` (an earlier `web/dist`, e.g. built from main) every figure is measured for
// it too, in the same run against the same server and database, the two builds alternating, so
// the before/after figures compare like with like. Also prints the gzipped JavaScript bundle size,
// and the server time of the dashboard's request (its counts and the latest records) against two
// baselines measured in the same run on the same database: the same request without the latest
// records (latest=0), and /api/v1/health (a request that reads nothing).
//
//   bench/web_first_paint [--scale small|city] [--zq build/release/bin/zq] [--runs 5] [--db DB]
//                         [--baseline DIR]
//
// Needs web/dist (make web) and a release zq (make build). Generating the city-scale demo takes a
// minute or two; the database is written to a temporary directory and removed afterwards. With
// --db an existing demo database is used instead (kept; a regulator of 济南 is added to it).
// Exits 1 when a target above is missed by the current build.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const { addUser, generateDemo, startBrowser, startServer } = await import(join(root, 'web/e2e/harness.mjs'));

const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf('--' + name);
  return i >= 0 ? args[i + 1] : fallback;
};
const scale = opt('scale', 'city');
const zq = resolve(opt('zq', join(root, 'build/release/bin/zq')));
const runs = Number(opt('runs', '5'));
const existing = opt('db', '');
const baseline = opt('baseline', '');

console.log(execFileSync('node', [join(root, 'web/scripts/check-bundle-size.mjs')]).toString().trim());
let t0 = Date.now();
let demo;
let user = 'jinan';
if (existing) {
  user = 'bench' + Date.now().toString(36);
  demo = { dir: mkdtempSync(join(tmpdir(), 'zq-bench-')), db: resolve(existing), users: {} };
  demo.users[user] = await addUser(zq, demo.db, user, 'regulator', '370100');
  console.log(`web_first_paint: using ${demo.db}, as the new regulator ${user} of 370100`);
} else {
  demo = await generateDemo(zq, scale);
  console.log(`web_first_paint: generated the ${scale} demo in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}
const server = await startServer(zq, demo.db);
// The baseline build is served by a second server on the same database (read only here).
const before = baseline ? await startServer(zq, demo.db, resolve(baseline)) : null;
const browser = await startBrowser();
try {
  const { context } = browser;
  const signIn = async (password) => {
    const r = await fetch(server.base + '/api/v1/auth/login', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username: user, password }),
    });
    if (!r.ok) throw new Error('sign-in failed: ' + (await r.text()));
    return { token: /zq_session=([^;]+)/.exec(r.headers.get('set-cookie') ?? '')[1], ...(await r.json()) };
  };
  // A one-time password must be changed first (as the demo's users must too).
  const otp = await signIn(demo.users[user]);
  const changed = await fetch(server.base + '/api/v1/auth/password', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Cookie: 'zq_session=' + otp.token, 'X-CSRF-Token': otp.csrf_token },
    body: JSON.stringify({ current_password: demo.users[user], new_password: 'Bench-Passw0rd-2026' }),
  });
  if (!changed.ok) throw new Error('password change failed: ' + (await changed.text()));
  const { token } = await signIn('Bench-Passw0rd-2026');
  await context.addCookies([{ name: 'zq_session', value: token, url: server.base }]);

  if (before) await context.addCookies([{ name: 'zq_session', value: token, url: before.base }]);

  // One load of `path` in a new tab until `ready` is shown; `cached: false` bypasses the HTTP
  // cache (a first visit with the browser already running). `phone`: the phone profile.
  const measure = async (base, path, ready, cached, phone = false) => {
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: !cached });
    if (phone) {
      await page.setViewportSize({ width: 390, height: 844 });
      await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
      await cdp.send('Network.emulateNetworkConditions', {
        offline: false,
        latency: 60,
        downloadThroughput: (9_000_000 / 8) | 0,
        uploadThroughput: (1_500_000 / 8) | 0,
      });
    }
    await page.goto(base + path);
    await page.locator(ready).first().waitFor({ timeout: 60_000 });
    const shown = await page.evaluate(() => performance.now());
    const paints = await page.evaluate(() =>
      Object.fromEntries(performance.getEntriesByType('paint').map((e) => [e.name, e.startTime])),
    );
    // The page's own code and styles fetched until it was ready (the API's answers left out):
    // kilobytes as sent (gzip where the server compresses) and the number of files.
    const code = await page.evaluate(() =>
      performance
        .getEntriesByType('resource')
        .filter((e) => /\.(js|css)$/.test(new URL(e.name).pathname))
        .map((e) => e.encodedBodySize),
    );
    await page.close();
    const kb = code.reduce((a, b) => a + b, 0) / 1024;
    return { fp: paints['first-paint'], fcp: paints['first-contentful-paint'], shown, kb, files: code.length };
  };
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const ms = (x) => (x === undefined ? '—' : x.toFixed(0) + ' ms');
  const cell = (figure, x) => (x === undefined ? '—' : /\(KB\)|files$/.test(figure) ? x.toFixed(0) : ms(x));
  // Start-up of the browser itself (profile, network service) is not the page's: warm it.
  const warmup = await context.newPage();
  await warmup.goto(server.base + '/api/v1/health');
  await warmup.close();

  const builds = before ? [['before', before.base], ['after', server.base]] : [['', server.base]];
  const pages = [
    ['工作台 ready', '/', '[data-test=todos]'],
    ['dashboard ready', '/overview', '[data-test=total]'],
    ['search ready', '/entities?name=' + encodeURIComponent('济南'), '[data-test=result-total]'],
  ];
  const results = {}; // build → figure → [ms]
  const add = (build, figure, x) => ((results[build] ??= {})[figure] ??= []).push(x);
  for (const cached of [false, true]) {
    for (let i = 0; i < runs; i++) {
      for (const [build, base] of builds) {
        for (const [name, path, ready] of pages) {
          const r = await measure(base, path, ready, cached);
          add(build, `${name}, ${cached ? 'warm' : 'cold'}`, r.shown);
          if (!cached && i === 0) {
            add(build, `${name}: JavaScript and CSS fetched (KB)`, r.kb);
            add(build, `${name}: JavaScript and CSS files`, r.files);
          }
        }
      }
    }
  }
  for (let i = 0; i < runs; i++) {
    for (const [build, base] of builds) {
      const r = await measure(base, '/portal', 'input[data-test=portal-query]', false, true);
      add(build, 'portal on a phone, first paint', r.fp);
      add(build, 'portal on a phone, first contentful paint', r.fcp);
      add(build, 'portal on a phone, ready', r.shown);
      if (i === 0) {
        add(build, 'portal: JavaScript and CSS fetched (KB)', r.kb);
        add(build, 'portal: JavaScript and CSS files', r.files);
      }
    }
  }
  const last = builds[builds.length - 1][0];
  for (const figure of Object.keys(results[last])) {
    const cells = builds.map(([build]) => (build ? build + ' ' : '') + cell(figure, median(results[build][figure])));
    const of = /\(KB\)|files$/.test(figure) ? 'first load' : `median of ${runs}`;
    console.log(`web_first_paint: ${figure}, ${of}: ${cells.join(', ')}`);
  }
  const targets = [
    ['dashboard ready, cold', 1500],
    ['search ready, cold', 1500],
    ['portal on a phone, first paint', 1000],
  ];
  let ok = true;
  for (const [figure, limit] of targets) {
    const x = median(results[last][figure]);
    const met = x !== undefined && x < limit;
    ok &&= met;
    console.log(`web_first_paint: ${met ? 'ok' : 'FAIL'}: ${figure} ${ms(x)} (target under ${limit} ms)`);
  }

  // The dashboard's request as the page makes it (counts and the 10 latest records), timed at the
  // client on a kept-alive connection: the median of 2 × runs, each baseline interleaved.
  const timed = async (path) => {
    const t = performance.now();
    const r = await fetch(server.base + path, { headers: { Cookie: 'zq_session=' + token } });
    await r.arrayBuffer();
    if (!r.ok) throw new Error(`GET ${path}: ${r.status}`);
    return performance.now() - t;
  };
  const requests = { latest: [], counts: [], health: [], workbench: [] };
  for (let i = 0; i < 2 * runs; i++) {
    requests.workbench.push(await timed('/api/v1/workbench'));
    requests.latest.push(await timed('/api/v1/dashboard'));
    requests.counts.push(await timed('/api/v1/dashboard?latest=0'));
    requests.health.push(await timed('/api/v1/health'));
  }
  const [latest, counts, health] = [median(requests.latest), median(requests.counts), median(requests.health)];
  console.log(
    `web_first_paint: dashboard request (counts + latest records), median of ${2 * runs}: ${latest.toFixed(1)} ms; ` +
      `baselines: without the latest records ${counts.toFixed(1)} ms (latest records cost ${(latest - counts).toFixed(1)} ms, ` +
      `ratio ${(latest / counts).toFixed(2)}), /api/v1/health ${health.toFixed(1)} ms`,
  );
  console.log(`web_first_paint: the 工作台's request (GET /api/v1/workbench), median of ${2 * runs}: ${median(requests.workbench).toFixed(1)} ms`);
  process.exitCode = ok ? 0 : 1;
} finally {
  await browser.close();
  await server.stop();
  await before?.stop();
  rmSync(demo.dir, { recursive: true, force: true }); // with --db: an empty directory
}
