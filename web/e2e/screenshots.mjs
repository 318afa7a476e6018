// The screenshots in the README (docs/img/*.png, 1280×800), taken from a freshly generated demo:
//   node e2e/screenshots.mjs [OUT_DIR]      (ZQ_BIN: the zq binary, default ../build/dev/bin/zq;
//                                            OUT_DIR default ../docs/img; needs web/dist)
// The dashboard of the demo province, an entity's file and its credit tab (the firm of 济南 with
// the most credit events among the worst class), the class distribution, and the portal.
import { rmSync } from 'node:fs';
import { join, resolve } from 'node:path';

import { enrolSecondFactor, ensureDir, generateDemo, startBrowser, startServer, webDir } from './harness.mjs';

const zq = resolve(process.env.ZQ_BIN ?? join(webDir, '../build/dev/bin/zq'));
const out = ensureDir(resolve(process.argv[2] ?? join(webDir, '../docs/img')));

const demo = await generateDemo(zq);
const server = await startServer(zq, demo.db);
const browser = await startBrowser({ viewport: { width: 1280, height: 800 } });
const base = server.base;
const page = browser.context.pages()[0] ?? (await browser.context.newPage());
page.setDefaultTimeout(30_000);

async function shoot(name) {
  // Charts animate in; fonts and lazy chunks settle.
  await page.waitForTimeout(1500);
  await page.screenshot({ path: join(out, name) });
  console.log('screenshots: ' + join(out, name));
}

async function api(path) {
  const r = await page.request.get(base + path);
  if (!r.ok()) throw new Error(`GET ${path}: ${r.status()}`);
  return r.json();
}

try {
  // The administrator; a one-time password is changed first when the demo asks for it.
  const signIn = async (password) => {
    await page.goto(base + '/login');
    await page.fill('input[data-test=username]', 'admin');
    await page.fill('input[data-test=password]', password);
    await page.click('[data-test=login-submit]');
    await page.waitForURL((url) => ['/', '/password', '/security'].includes(url.pathname));
  };
  await signIn(demo.users.admin);
  if (new URL(page.url()).pathname === '/password') {
    const password = 'Shot-Passw0rd-2026';
    await page.fill('input[data-test=current-password]', demo.users.admin);
    await page.fill('input[data-test=new-password]', password);
    await page.fill('input[data-test=repeat-password]', password);
    await page.click('[data-test=change-password]');
    await page.locator('[data-test=password-changed]').waitFor();
    await signIn(password);
  }
  // The administrator enrols an authenticator app at the first sign-in.
  if (new URL(page.url()).pathname === '/security') {
    await enrolSecondFactor(page);
    await page.waitForURL(base + '/');
  }

  await page.goto(base + '/?region=370000');
  await page.locator('[data-test=tile-map]').waitFor();
  await shoot('workbench.png');
  await page.goto(base + '/overview?region=370000');
  await page.locator('[data-test=total]').waitFor();
  await page.locator('[data-test=region-tree] canvas').first().waitFor();
  await shoot('dashboard.png');

  const changes = (await api('/api/v1/credit/changes?cursor=0&limit=1000')).items.filter((g) => g.region_code.startsWith('3701'));
  const latest = [...new Map(changes.map((g) => [g.uscc, g])).values()];
  const worst = latest.map((g) => g.risk_class).sort().at(-1);
  let firm = null;
  let most = -1;
  for (const g of latest.filter((x) => x.risk_class === worst).slice(0, 40)) {
    const file = await api(`/api/v1/credit/entities/${g.uscc}/file`);
    if (file.events.length > most) [firm, most] = [g.uscc, file.events.length];
  }
  if (!firm) throw new Error('no graded firm in 济南');
  await page.goto(base + '/entities/' + firm);
  await page.locator('[data-test=timeline] .el-timeline-item').first().waitFor();
  await shoot('entity-file.png');
  await page.goto(base + '/entities/' + firm + '?tab=credit');
  await page.locator('[data-test=credit-explanation]').waitFor();
  await shoot('entity-credit.png');

  if ((await page.request.get(base + '/api/v1/credit/distribution')).ok()) {
    await page.goto(base + '/credit/overview?region=370100');
    await page.locator('[data-test=credit-by-region] canvas').first().waitFor();
    await shoot('credit-overview.png');
  } else {
    console.log('screenshots: this zq has no /api/v1/credit/distribution; credit-overview.png not taken');
  }

  await browser.context.clearCookies();
  await page.goto(base + '/portal');
  await page.locator('[data-test=catalogue]').waitFor();
  await page.fill('input[data-test=portal-query]', '济南');
  await page.click('[data-test=portal-search]');
  await page.locator('[data-test=entity-link]').first().waitFor();
  await shoot('portal.png');
} finally {
  await browser.close();
  await server.stop();
  rmSync(demo.dir, { recursive: true, force: true });
}
