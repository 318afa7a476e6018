// The browser tests of the console and the public portal (issue 4), run by `make test`:
//   node e2e/run.mjs            (ZQ_BIN: the zq binary, default ../build/dev/bin/zq)
// Screenshots of failing tests go to e2e/artifacts/. With ZQ_SCREENSHOTS=DIR the dashboard, an
// entity file and the portal are also captured there (docs/img/).
import { readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';

import { addUser, ensureDir, generateDemo, startBrowser, startServer, webDir } from './harness.mjs';

const zq = resolve(process.env.ZQ_BIN ?? join(webDir, '../build/dev/bin/zq'));
const artifacts = ensureDir(join(webDir, 'e2e/artifacts'));
const shots = process.env.ZQ_SCREENSHOTS ? ensureDir(resolve(process.env.ZQ_SCREENSHOTS)) : null;

const started = Date.now();
const demo = await generateDemo(zq);
demo.users.shizhong = await addUser(zq, demo.db, 'shizhong', 'analyst', '370103');
demo.users.choujian = await addUser(zq, demo.db, 'choujian', 'regulator', '370100');
// The suite signs in more often than the default limit of 10 sign-ins a minute per address.
const server = await startServer(zq, demo.db, undefined, ['--login-rate-per-minute', '100']);
const browser = await startBrowser();
const { context } = browser;
context.setDefaultTimeout(20_000);
const page = context.pages()[0] ?? (await context.newPage());
const base = server.base;
console.log(`e2e: demo generated and served at ${base} in ${((Date.now() - started) / 1000).toFixed(1)} s`);

function check(cond, message) {
  if (!cond) throw new Error(message);
}

async function signIn(user, password) {
  await context.clearCookies();
  await page.goto(base + '/login');
  await page.fill('input[data-test=username]', user);
  await page.fill('input[data-test=password]', password);
  await page.click('[data-test=login-submit]');
}

// A user's first sign-in: when the account must change its one-time password (users made by
// `zq user add`), the console asks for a new one before anything else, and the user signs in
// again with it. The demo's users may go straight to the console.
const NEW_PASSWORD = 'E2e-Passw0rd-2026';
async function signInFirstTime(user) {
  await signIn(user, demo.users[user]);
  await page.waitForURL((url) => url.pathname === '/' || url.pathname === '/password');
  if (new URL(page.url()).pathname === '/') return;
  await changePassword(user);
}

// On the password page: sets NEW_PASSWORD and signs in again with it.
async function changePassword(user) {
  await page.fill('input[data-test=current-password]', demo.users[user]);
  await page.fill('input[data-test=new-password]', NEW_PASSWORD);
  await page.fill('input[data-test=repeat-password]', NEW_PASSWORD);
  await page.click('[data-test=change-password]');
  await page.locator('[data-test=password-changed]').waitFor();
  demo.users[user] = NEW_PASSWORD;
  await signIn(user, NEW_PASSWORD);
  await page.waitForURL(base + '/');
}

async function signOut() {
  await context.clearCookies();
}

// An entity outside 历下区 (370102): one in 青岛市市南区 (370202), found anonymously.
async function entityIn(region) {
  const r = await fetch(`${base}/api/v1/entities?region=${region}&page_size=1`);
  const body = await r.json();
  check(body.items?.length, 'no entity in ' + region);
  return body.items[0];
}

const tests = [
  [
    'an administrator signs in and sees the dashboard',
    async () => {
      await signInFirstTime('admin');
      await page.locator('[data-test=jurisdiction]').waitFor();
      await page.locator('[data-test=total]').waitFor();
      const total = await page.locator('[data-test=total]').innerText();
      check(/\d/.test(total), 'dashboard total: ' + total);
      await page.locator('canvas').first().waitFor();
      if (shots) {
        await page.goto(base + '/?region=370000');
        await page.locator('[data-test=total]').waitFor();
        await page.waitForTimeout(1500);
        await page.screenshot({ path: join(shots, 'dashboard.png') });
      }
      await signOut();
    },
  ],
  [
    'a user with a one-time password must change it before anything else',
    async () => {
      await signIn('shizhong', demo.users.shizhong);
      await page.waitForURL(base + '/password');
      await page.fill('input[data-test=current-password]', demo.users.shizhong);
      await page.fill('input[data-test=new-password]', 'short');
      await page.click('[data-test=change-password]');
      await page.locator('.el-form-item__error').filter({ hasText: '至少 10 个字符' }).waitFor();
      await page.goto(base + '/entities');
      await page.waitForURL(base + '/password');
      await changePassword('shizhong');
      const jurisdiction = await page.locator('[data-test=jurisdiction]').innerText();
      check(jurisdiction.includes('370103'), 'jurisdiction shown: ' + jurisdiction);
    },
  ],
  [
    'five wrong passwords lock the account and the login page says so',
    async () => {
      for (let i = 0; i < 5; i++) {
        await signIn('jinan', 'wrong-password-' + i);
        await page.locator('[data-test=login-error]').filter({ hasText: '用户名或密码错误' }).waitFor();
      }
      await signIn('jinan', demo.users.jinan);
      await page.locator('[data-test=login-error]').filter({ hasText: '账户已锁定' }).waitFor();
      check(page.url().startsWith(base + '/login'), 'still on the login page');
    },
  ],
  [
    'a county regulator searches, opens an entity and exports',
    async () => {
      await signInFirstTime('lixia');
      const jurisdiction = await page.locator('[data-test=jurisdiction]').innerText();
      check(jurisdiction.includes('370102'), 'jurisdiction shown: ' + jurisdiction);
      await page.goto(base + '/entities');
      const firstLink = page.locator('[data-test=entity-link]').first();
      await firstLink.waitFor();
      const name = (await firstLink.innerText()).trim();
      await page.fill('input[data-test=filter-name]', name.slice(0, 4));
      await page.click('[data-test=search]');
      await page.waitForURL(/name=/);
      await page.locator('[data-test=result-total]').waitFor();
      await page.locator('[data-test=entity-link]', { hasText: name }).first().click();
      await page.waitForURL(/\/entities\/[0-9A-Z]{18}$/);
      const identity = await page.locator('[data-test=entity-identity]').innerText();
      check(identity.includes(name), 'entity file shows the name');
      await page.locator('[data-test=timeline]').waitFor();
      if (shots) await page.screenshot({ path: join(shots, 'entity-file.png') });
      await page.goBack();
      await page.locator('[data-test=export-csv]').waitFor();
      const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-test=export-csv]')]);
      const csv = readFileSync(await download.path(), 'utf8');
      const lines = csv.trim().split('\n');
      check(lines.length >= 2, 'the CSV has a header and rows');
      check(lines.slice(1).every((l) => l.includes('370102')), 'every exported row lies in 370102');
      // A malformed USCC is refused in the browser, next to its field.
      await page.fill('input[data-test=filter-uscc]', '91370102MA3C0000X1');
      await page.click('[data-test=search]');
      await page.locator('.el-form-item__error').filter({ hasText: '校验码' }).waitFor();
    },
  ],
  [
    "a county regulator cannot open another county's entity",
    async () => {
      const other = await entityIn('370202');
      await page.goto(base + '/entities/' + other.uscc);
      await page.locator('[data-test=not-found]').filter({ hasText: '未找到' }).waitFor();
      check(!(await page.content()).includes(other.name), 'the name of the other county entity does not leak');
    },
  ],
  [
    'the language switches to English and back',
    async () => {
      await page.goto(base + '/');
      await page.locator('[data-test=lang-switch]').click();
      await page.locator('.el-aside').filter({ hasText: 'Market entities' }).waitFor();
      await page.locator('[data-test=jurisdiction]').filter({ hasText: 'Jurisdiction' }).waitFor();
      await page.reload();
      await page.locator('.el-aside').filter({ hasText: 'Market entities' }).waitFor();
      await page.locator('[data-test=lang-switch]').click();
      await page.locator('.el-aside').filter({ hasText: '市场主体' }).waitFor();
      await signOut();
    },
  ],
  [
    'a regulator makes a plan, commits and runs its draw, and verifies it',
    async () => {
      await signInFirstTime('choujian');
      await page.goto(base + '/inspection/plans');
      await page.locator('[data-test=plans]').waitFor();
      await page.click('[data-test=new-plan]');
      // Checked in the browser first: the plan code's characters and the authority.
      await page.fill('input[data-test=plan-code]', 'E2E 2026');
      await page.click('[data-test=create-plan]');
      await page.locator('.el-form-item__error').filter({ hasText: '计划编号为' }).waitFor();
      await page.locator('.el-form-item__error').filter({ hasText: '请输入检查实施机关' }).waitFor();
      await page.fill('input[data-test=plan-code]', 'E2E-2026-JN');
      await page.fill('input[data-test=plan-name]', '端到端测试抽查计划');
      await page.fill('input[data-test=plan-authority]', '济南市市场监督管理局');
      // 家用电器 (CP-15), for which the demo's pool has qualified inspectors in 济南.
      await page.locator('[data-test=plan-categories] input, input[data-test=plan-categories]').first().fill('CP-15');
      await page.locator('.el-select-dropdown__item', { hasText: 'CP-15' }).first().click();
      await page.click('[data-test=create-plan]');
      await page.waitForURL(/\/inspection\/plans\/\d+$/);
      await page.locator('[data-test=plan]').filter({ hasText: 'E2E-2026-JN' }).waitFor();
      // ① the commitment and the frame's hash are published, the seed stays sealed.
      await page.click('[data-test=commit-draw]');
      await page.waitForURL(/\/inspection\/draws\/\d+$/);
      const commitment = (await page.locator('[data-test=commitment]').innerText()).trim();
      check(/^[0-9a-f]{64}$/.test(commitment), 'commitment shown: ' + commitment);
      check(/^[0-9a-f]{64}$/.test((await page.locator('[data-test=frame-hash]').innerText()).trim()), 'frame hash shown');
      await page.locator('[data-test=seed-sealed]').waitFor();
      // ② the draw runs; ③ the seed and the drawn firms with their teams are revealed.
      await page.click('[data-test=run-draw]');
      await page.locator('[data-test=seed]').waitFor();
      await page.locator('[data-test=tasks] [data-test=team]').first().waitFor();
      check((await page.locator('[data-test=commitment]').innerText()).trim() === commitment, 'the commitment is unchanged');
      await page.click('[data-test=verify-draw]');
      await page.locator('[data-test=verification]').filter({ hasText: '一致' }).waitFor();
      await page.locator('[data-test=print]').waitFor();
      if (shots) await page.screenshot({ path: join(shots, 'draw.png') });
      // The GB/T 2828.1 calculator: lot 1000, level II, AQL 1.0 → J, n = 80, Ac 2, Re 3.
      await page.goto(base + '/inspection/sampling-plan');
      await page.click('[data-test=compute]');
      await page.locator('[data-test=sample-size]').filter({ hasText: '80' }).waitFor();
      check((await page.locator('[data-test=ac]').innerText()) === '2', 'Ac 2');
      check((await page.locator('[data-test=re]').innerText()) === '3', 'Re 3');
      await signOut();
    },
  ],
  [
    'an administrator creates an API key, sees it once, and revokes it',
    async () => {
      await signIn('admin', demo.users.admin);
      await page.waitForURL(base + '/');
      await page.goto(base + '/admin/api-keys');
      await page.locator('[data-test=api-keys]').waitFor();
      await page.click('[data-test=new-api-key]');
      // Checked in the browser first: the name is required.
      await page.click('[data-test=create-api-key]');
      await page.locator('.el-form-item__error').filter({ hasText: '请输入名称' }).waitFor();
      await page.fill('input[data-test=api-key-name]', 'e2e-bank');
      await page.locator('[data-test=api-key-permissions] input, input[data-test=api-key-permissions]').first().fill('credit.query');
      await page.keyboard.press('Enter');
      await page.click('[data-test=create-api-key]');
      const secret = await page.locator('input[data-test=api-key-secret]').inputValue();
      check(/^zqk_\w{20,}$/.test(secret), 'the key is shown: ' + secret);
      await page.click('[data-test=api-key-done]');
      await page.locator('[data-test=api-keys]').filter({ hasText: 'e2e-bank' }).waitFor();
      check(!(await page.content()).includes(secret), 'the key is not shown again');
      // The same name again: the server's error appears by the name field.
      await page.click('[data-test=new-api-key]');
      await page.fill('input[data-test=api-key-name]', 'e2e-bank');
      await page.click('[data-test=create-api-key]');
      await page.locator('.el-form-item__error').filter({ hasText: 'exists' }).waitFor();
      await page.keyboard.press('Escape');
      await page.click('[data-test=revoke-e2e-bank]');
      await page.locator('.el-message-box__btns .el-button--primary').click();
      await page.locator('[data-test=key-revoked]').first().waitFor();
      await page.reload();
      await page.locator('[data-test=key-revoked]').first().waitFor();
      check(!(await page.content()).includes(secret), 'the key is not in the list');
      await signOut();
    },
  ],
  [
    'the public portal looks an enterprise up by name and by USCC without signing in',
    async () => {
      const firm = await entityIn('370102');
      await page.goto(base + '/portal');
      await page.locator('[data-test=catalogue]').waitFor();
      await page.fill('input[data-test=portal-query]', firm.name);
      await page.click('[data-test=portal-search]');
      await page.locator('[data-test=entity-link]', { hasText: firm.name }).first().waitFor();
      await page.fill('input[data-test=portal-query]', firm.uscc);
      await page.click('[data-test=portal-search]');
      await page.locator('[data-test=entity-link]', { hasText: firm.name }).first().click();
      const shown = await page.locator('[data-test=portal-entity]').innerText();
      check(shown.includes(firm.uscc), 'the portal shows the USCC');
      check(!shown.includes(firm.legal_representative) || firm.legal_representative.includes('*'), 'personal data is masked');
      // A published draw (the demo's first) by its number, verified by anyone.
      await page.goto(base + '/portal');
      await page.fill('input[data-test=portal-draw-no]', '1');
      await page.click('[data-test=portal-open-draw]');
      await page.waitForURL(base + '/portal/draws/1');
      await page.locator('[data-test=seed]').waitFor();
      check((await page.locator('[data-test=run-draw]').count()) === 0, 'no draw to run on the portal');
      await page.click('[data-test=verify-draw]');
      await page.locator('[data-test=verification]').filter({ hasText: '一致' }).waitFor();
      // The published spot-check results (一公开) as the public API lists them.
      const published = await (await fetch(base + '/api/v1/public/spot-check-results?page_size=20')).json();
      await page.click('[data-test=portal-results-link]');
      await page.waitForURL(base + '/portal/results');
      const table = page.locator('[data-test=published-results]');
      if (published.items.length) await table.filter({ hasText: published.items[0].firm_name }).waitFor();
      else await table.filter({ hasText: '暂无公布的抽查结果' }).waitFor();
      if (shots) {
        await page.goto(base + '/portal');
        await page.fill('input[data-test=portal-query]', firm.name.slice(0, 2));
        await page.click('[data-test=portal-search]');
        await page.locator('[data-test=entity-link]').first().waitFor();
        await page.screenshot({ path: join(shots, 'portal.png') });
      }
    },
  ],
];

let failed = 0;
for (const [name, fn] of tests) {
  const t0 = Date.now();
  try {
    await fn();
    console.log(`e2e: ok   ${name} (${Date.now() - t0} ms)`);
  } catch (e) {
    failed++;
    const shot = join(artifacts, name.replace(/[^a-z0-9]+/gi, '-') + '.png');
    await page.screenshot({ path: shot, fullPage: true }).catch(() => {});
    console.log(`e2e: FAIL ${name}: ${e.message}\n      screenshot: ${shot}`);
  }
}
await browser.close();
await server.stop();
if (failed) console.log(server.log().slice(-2000));
rmSync(demo.dir, { recursive: true, force: true });
console.log(`e2e: ${tests.length - failed} passed, ${failed} failed in ${((Date.now() - started) / 1000).toFixed(1)} s`);
process.exit(failed ? 1 : 0);
