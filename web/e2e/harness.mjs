// Shared set-up of the browser tests: a freshly generated demo province in a temporary
// directory, a real `zq serve` on a free port serving web/dist, and Debian's chromium driven by
// playwright-core (no browser download).
import { spawn, execFile } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

import { chromium } from 'playwright-core';

const run = promisify(execFile);
const here = new URL('.', import.meta.url).pathname;
export const webDir = resolve(here, '..');

export const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export function freePort() {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.once('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => ok(port));
    });
  });
}

// Generates the demo into a fresh directory; returns its path and the printed sign-ins.
export async function generateDemo(zq, scale = 'small') {
  const dir = mkdtempSync(join(tmpdir(), 'zq-web-'));
  const db = join(dir, 'demo.db');
  const { stdout } = await run(zq, ['demo', '--generate-only', '--scale', scale, '--db', db], {
    maxBuffer: 16 << 20,
    timeout: 600_000,
  });
  const users = {};
  for (const m of stdout.matchAll(/sign in as (\S+) .*: password (\S+)/g)) users[m[1]] = m[2];
  if (!users.admin) throw new Error('zq demo printed no sign-ins:\n' + stdout);
  return { dir, db, users };
}

// Adds a user through `zq user add` (one-time password, to be changed at first sign-in).
export async function addUser(zq, db, username, role, region) {
  const { stdout } = await run(zq, ['user', 'add', username, '--role', role, '--region', region, '--db', db]);
  const m = /one-time password: (\S+)/.exec(stdout);
  if (!m) throw new Error('zq user add printed no password:\n' + stdout);
  return m[1];
}

// Starts `zq serve` and waits until it answers; returns { base, stop }. `extraArgs` go to
// `zq serve` (e.g. a higher --login-rate-per-minute for a suite that signs in often).
export async function startServer(zq, db, staticDir = join(webDir, 'dist'), extraArgs = []) {
  const port = await freePort();
  const child = spawn(zq, ['serve', '--db', db, '--port', String(port), '--static', staticDir, ...extraArgs], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stdout.on('data', (d) => (log += d));
  child.stderr.on('data', (d) => (log += d));
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 300; i++) {
    if (child.exitCode !== null) throw new Error('zq serve exited:\n' + log);
    try {
      const r = await fetch(base + '/api/v1/health');
      if (r.ok) break;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    base,
    log: () => log,
    stop: () =>
      new Promise((ok) => {
        if (child.exitCode !== null) return ok();
        child.once('exit', () => ok());
        child.kill('SIGTERM');
      }),
  };
}

// A browser with a fresh profile directory; `close()` removes it.
export async function startBrowser({ viewport = { width: 1440, height: 900 } } = {}) {
  const profile = mkdtempSync(join(tmpdir(), 'zq-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_FLAGS,
    viewport,
    acceptDownloads: true,
    locale: 'zh-CN',
  });
  return {
    context,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

export function ensureDir(p) {
  mkdirSync(p, { recursive: true });
  return p;
}
