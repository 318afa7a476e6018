// Browser tests of the draw ceremony in time (issue 23): a city regulator commits a draw with a
// witness's commitment on a plan whose commitment stays public a day, and the run is refused
// in Chinese until then; on a plan without a waiting period two witnesses commit, a wrong secret
// is refused, the right secrets and a beacon run the draw, and the console and the public portal
// show the commitment record, the revealed secrets and the verification data, and verify it.
// Run by run.mjs, which passes the signed-in helpers.
import { createHash, randomBytes } from 'node:crypto';

// ctx: { page, base, signInHome, signOut, api, check, shown, chinaDate }
export function drawCeremonyTests(ctx) {
  const { page, base, signInHome, signOut, api, check, shown, chinaDate } = ctx;

  // A witness's secret (hex) and its commitment, as `zq inspection draw-secret` makes them.
  function witnessSecret() {
    const secret = randomBytes(32).toString('hex');
    return { secret, commitment: createHash('sm3').update(Buffer.from(secret, 'hex')).digest('hex') };
  }

  async function createPlan(code, minutes) {
    const csrf = (await api('/api/v1/auth/me')).csrf_token;
    const r = await page.request.post(base + '/api/v1/inspection/plans', {
      headers: { 'X-CSRF-Token': csrf },
      data: {
        plan_code: code,
        name: '端到端抽取仪式 ' + code,
        authority: '济南市市场监督管理局',
        region_code: '370100',
        period_start: chinaDate(0),
        period_end: chinaDate(200),
        parameters: { product_categories: ['CP-15'] },
        min_commit_interval_minutes: minutes,
      },
    });
    check(r.ok(), `POST plan ${code}: ${r.status()} ${await r.text()}`);
    return r.json();
  }

  const field = (scope, name) => scope.locator(`input[data-test=${name}], [data-test=${name}] input`).first();

  // Opens the plan, adds the witnesses and publishes the commitment; answers the draw's id.
  async function commitWith(plan, witnesses, beaconSource = '') {
    await page.goto(base + '/inspection/plans/' + plan.id);
    await page.click('[data-test=commit-draw]');
    const form = page.locator('[data-test=commit-form]');
    for (const [i, w] of witnesses.entries()) {
      await page.click('[data-test=add-witness]');
      const row = form.locator('[data-test=witness]').nth(i);
      await field(row, 'witness-role').fill(w.role);
      await page.keyboard.press('Enter');
      await field(row, 'witness-name').fill(w.name);
      await field(row, 'witness-commitment').fill(w.commitment);
    }
    if (beaconSource) await field(form, 'beacon-source').fill(beaconSource);
    await page.click('[data-test=commit-submit]');
    await page.waitForURL(/\/inspection\/draws\/\d+$/);
    return Number(page.url().split('/').pop());
  }

  return [
    [
      'a draw commits with a witness and is refused in Chinese before its commitment period ends',
      async () => {
        await signInHome('choujian');
        const plan = await createPlan('E2E-CER-WAIT', 1440);
        await page.goto(base + '/inspection/plans/' + plan.id);
        await shown('[data-test=plan]', '1440 分钟');
        // Checked in the browser: a commitment is 64 hex digits.
        await page.click('[data-test=commit-draw]');
        await page.click('[data-test=add-witness]');
        await field(page, 'witness-role').fill('纪检监察组');
        await page.keyboard.press('Enter');
        await field(page, 'witness-commitment').fill('not-a-hash');
        await page.click('[data-test=commit-submit]');
        await shown('[data-test=witness] .el-form-item__error', '64 位十六进制');
        const w = witnessSecret();
        const id = await commitWith(plan, [{ role: '纪检监察组', name: '张三', commitment: w.commitment }]);
        // The commitment record: times in Beijing time, the interval, both parties' commitments.
        const record = await api('/api/v1/inspection/draws/' + id);
        check(record.contributions.length === 2, 'the bureau and the witness');
        check(record.contributions.some((c) => c.party === '纪检监察组·张三' && c.commitment === w.commitment), 'the witness by role and name');
        await shown('[data-test=parties]', w.commitment);
        await shown('[data-test=parties]', '本局（平台密封）');
        await shown('[data-test=run-not-before-at]', /\d{4}-\d\d-\d\d \d\d:\d\d:\d\d/);
        await page.locator('[data-test=seed-sealed]').waitFor();
        await shown('[data-test=run-not-before]', '后方可执行抽取');
        // The run: refused by the server until run_not_before, said in Chinese with the time.
        await field(page, 'witness-secret').fill(w.secret);
        await page.click('[data-test=run-draw]');
        await shown('[data-test=run-error]', '未到最早抽取时间');
        await shown('[data-test=run-error]', '北京时间');
        check((await api('/api/v1/inspection/draws/' + id)).seed === null, 'still committed');
        // The public sees the commitment, no secret and nothing to run.
        await signOut();
        await page.goto(base + '/portal/draws/' + id);
        await shown('[data-test=commitment]', record.commitment);
        await shown('[data-test=parties]', w.commitment);
        check((await page.locator('[data-test=party-secret]').count()) === 0, 'no secret before the run');
        check((await page.locator('[data-test=run-form]').count()) === 0, 'no run on the portal');
      },
    ],
    [
      'two witnesses reveal their secrets with a beacon, and the console and the portal verify the draw',
      async () => {
        await signInHome('choujian');
        const plan = await createPlan('E2E-CER-RUN', 0);
        const a = witnessSecret();
        const b = witnessSecret();
        const id = await commitWith(plan, [
          { role: '纪检监察组', name: '李四', commitment: a.commitment },
          { role: '公证处', name: '', commitment: b.commitment },
        ], '福彩3D 第2026330期 开奖号码');
        const commitment = (await page.locator('[data-test=commitment]').innerText()).trim();
        // The beacon's source is published with the commitment, and the run asks for its value.
        await shown('[data-test=beacon-source-shown]', '福彩3D 第2026330期 开奖号码');
        await shown('[data-test=announced-source]', '福彩3D 第2026330期 开奖号码');
        await shown('[data-test=run-not-before]', '可以执行抽取');
        const secrets = page.locator('[data-test=run-form] [data-test=witness-secret] input, [data-test=run-form] input[data-test=witness-secret]');
        // The form lists the parties in the record's (byte) order: 公证处 before 纪检监察组·李四.
        const labels = await page.locator('[data-test=run-form] .el-form-item__label').allInnerTexts();
        const order = labels.filter((l) => l.includes('的秘密')).map((l) => (l.includes('公证处') ? b : a));
        check(order.length === 2, 'a secret per witness: ' + labels.join('|'));
        // A secret that is not the committed one is refused, naming the witness.
        await secrets.nth(0).fill(order[0].secret);
        await secrets.nth(1).fill(witnessSecret().secret);
        // Without the announced beacon's value the form does not send.
        await page.click('[data-test=run-draw]');
        await shown('[data-test=run-form] .el-form-item__error', '请录入预告来源公布的信标值');
        await field(page, 'beacon').fill('福彩3D 第2026330期：527');
        await page.click('[data-test=run-draw]');
        await shown('[data-test=run-error]', '公开的秘密与其承诺值不符');
        await secrets.nth(1).fill(order[1].secret);
        await page.click('[data-test=run-draw]');
        await page.locator('[data-test=seed]').waitFor();
        check((await page.locator('[data-test=commitment]').innerText()).trim() === commitment, 'the commitment is unchanged');
        check((await page.locator('[data-test=party-secret]').count()) === 3, 'every secret revealed, the bureau\'s too');
        await shown('[data-test=beacon-shown]', '福彩3D 第2026330期：527');
        await shown('[data-test=verification-data]', 'HMAC-SM3');
        await shown('[data-test=drawn-at]', /\d{4}-\d\d-\d\d \d\d:\d\d:\d\d/);
        await page.click('[data-test=verify-draw]');
        await shown('[data-test=verification]', '一致');
        // The public record: the same commitment, the secrets and the beacon; anyone verifies it.
        await signOut();
        await page.goto(base + '/portal/draws/' + id);
        await shown('[data-test=commitment]', commitment);
        await shown('[data-test=parties]', a.secret);
        await shown('[data-test=parties]', b.secret);
        await shown('[data-test=beacon-shown]', '527');
        await shown('[data-test=verification-data]', 'SM3');
        await page.click('[data-test=verify-draw]');
        await shown('[data-test=verification]', '一致');
      },
    ],
  ];
}
