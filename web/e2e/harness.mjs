// Shared set-up of the browser tests: a freshly generated demo province in a temporary
// directory, a real `zq serve` on a free port serving web/dist, and Debian's chromium driven by
// playwright-core (no browser download).
import { spawn, execFile } from 'node:child_process';
import { createHmac } from 'node:crypto';
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

// The second factor, as an authenticator app computes it: TOTP (RFC 6238, HMAC-SHA1, 30 s, six
// digits) of a base32 secret (RFC 4648).
function base32Decode(text) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = 0;
  let value = 0;
  const out = [];
  for (const c of text.replace(/[\s=]/g, '').toUpperCase()) {
    value = (value << 5) | alphabet.indexOf(c);
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

export function totpCode(secret, step) {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(step));
  const mac = createHmac('sha1', base32Decode(secret)).update(counter).digest();
  const offset = mac[19] & 0x0f;
  return String((mac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000).padStart(6, '0');
}

// A code that has not been used yet: the server accepts each 30-second step once, so a second
// sign-in within the same step waits for the next one. `state` ({ secret, lastStep }) remembers.
export async function freshCode(state) {
  let step = Math.floor(Date.now() / 30_000);
  while (step <= (state.lastStep ?? 0)) {
    await new Promise((r) => setTimeout(r, 500));
    step = Math.floor(Date.now() / 30_000);
  }
  state.lastStep = step;
  return totpCode(state.secret, step);
}

// On the /security page: enrols an authenticator app, confirms it with a code and returns
// { secret, lastStep, recovery } for later sign-ins.
export async function enrolSecondFactor(page) {
  await page.click('[data-test=totp-start]');
  const secret = (await page.locator('[data-test=totp-secret]').innerText()).trim();
  const uri = await page.locator('[data-test=totp-uri]').innerText();
  if (!uri.startsWith('otpauth://totp/') || !uri.includes('secret=' + secret)) throw new Error('otpauth URI: ' + uri);
  const state = { secret };
  await page.fill('input[data-test=totp-code]', await freshCode(state));
  await page.click('[data-test=totp-confirm]');
  state.recovery = (await page.locator('[data-test=recovery-codes] li').allInnerTexts()).map((c) => c.trim());
  if (state.recovery.length !== 10) throw new Error('recovery codes: ' + state.recovery.join(' '));
  await page.click('[data-test=security-done]');
  return state;
}

export function ensureDir(p) {
  mkdirSync(p, { recursive: true });
  return p;
}

// Waits until `probe()` (run here, in node) returns true, polling every 100 ms, up to `timeout` ms.
// Unlike page.waitForFunction it evaluates nothing inside the page, so the console's
// Content-Security-Policy (no 'unsafe-eval') cannot stall it.
export async function waitUntil(probe, what, timeout = Number(process.env.ZQ_E2E_TIMEOUT ?? 20_000)) {
  const end = Date.now() + timeout;
  for (;;) {
    if (await probe()) return;
    if (Date.now() > end) throw new Error('timed out waiting: ' + what);
    await new Promise((r) => setTimeout(r, 100));
  }
}

// Chinese everywhere (issue 21): while the console is in Chinese, an error message shown with an
// API code (INVALID_ARGUMENT) or an English sentence is collected; the runner fails the test that
// showed it. Returns the list it fills.
export async function watchErrorLanguage(context) {
  const found = [];
  await context.exposeBinding('zqEnglishError', (_source, text) => found.push(text));
  await context.addInitScript(() => {
    const SELECTOR = '.el-alert--error, .el-form-item__error, .el-message--error, .el-notification, [data-test$=error]';
    const ENGLISH = /\b[A-Z]{2,}_[A-Z_]{2,}\b|[A-Za-z]{3,}(?: [A-Za-z]{2,}){2,}/;
    const seen = new WeakMap();
    const scan = () => {
      if (localStorage.getItem('zq.locale') === 'en') return;
      for (const el of document.querySelectorAll(SELECTOR)) {
        const text = el.textContent ?? '';
        if (seen.get(el) === text) continue;
        seen.set(el, text);
        if (ENGLISH.test(text)) window.zqEnglishError(text);
      }
    };
    new MutationObserver(scan).observe(document, { subtree: true, childList: true, characterData: true });
  });
  return found;
}
