// Browser test of the complaints page's two cards (issue 19): an administrator sees the week's
// complaint signals and that the keyword rules classify new cases, installs a model file trained
// by `zq complaint classifier train` (a file that is not one is refused in Chinese), sees the
// model named on the complaints page and on a new case it labelled, then retires it. Run by
// run.mjs.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { webDir } from './harness.mjs';

// ctx: { page, base, signInHome, api, check, shown, entityIn, zq }
export function complaintClassifierTests(ctx) {
  const { page, base, signInHome, api, check, shown, entityIn, zq } = ctx;
  return [
    [
      'an administrator installs a trained complaint classifier, sees it label a new case, and retires it',
      async () => {
        const dir = mkdtempSync(join(tmpdir(), 'zq-e2e-model-'));
        try {
          const model = join(dir, 'model.tsv');
          execFileSync(zq, ['complaint', 'classifier', 'train', join(webDir, '../src/complaint/testdata/complaints_train.csv'),
            '--text-column', 'text', '--label-column', 'label', '--out', model]);
          const notAModel = join(dir, 'notes.tsv');
          writeFileSync(notAModel, '这不是模型文件\n');

          await signInHome('admin');
          await page.goto(base + '/complaints');
          await shown('[data-test=classifier-in-use]', '关键词规则');
          // The week's complaint signals over the whole province, judged by the server.
          await shown('[data-test=complaint-signals]', /共判断 \d+ 个序列/);
          const signals = await api('/api/v1/stats/complaint-signals');
          const listed = await page.locator('[data-test=signals] tbody tr').count();
          check(listed === signals.items.length, `the card lists the ${signals.items.length} alarms (${listed})`);
          // The demo's kettle complaints in 历下区 rose this week: a signal, named on the card.
          check(signals.items.some((s) => s.region === '370102' && s.code === 'household_appliances' && s.signal),
            'the demo\'s rising series is a signal: ' + JSON.stringify(signals.items).slice(0, 300));
          await shown('[data-test=signals]', /历下区[\s\S]*家用电子电器[\s\S]*信号/);
          await page.locator('[data-test=classifier-file]').setInputFiles(notAModel);
          await shown('[data-test=classifier-error]', /模型|model/);
          check(!/[A-Z_]{6,}/.test(await page.locator('[data-test=classifier-error]').innerText()), 'the refusal shows no error code');
          await page.locator('[data-test=classifier-file]').setInputFiles(model);
          await shown('[data-test=classifier-in-use]', '18 类，1500 条训练文本');
          const inUse = await api('/api/v1/complaints/classifier');
          check(inUse.method === 'model' && inUse.digest.length === 64, 'the model is in use: ' + JSON.stringify(inUse).slice(0, 200));
          const shortDigest = inUse.digest.slice(0, 16);
          await shown('[data-test=classifier-in-use]', shortDigest);

          // A citizen's complaint through the portal's API: the model labels it and the case says so.
          const firm = await entityIn('370102');
          const res = await fetch(base + '/api/v1/complaints/submissions', {
            method: 'POST',
            headers: { 'Content-Type': 'application/json' },
            body: JSON.stringify({ kinds: ['complaint'], name: '钱七', phone: '13705311234', address: '山东省济南市历下区经十路 1 号', respondent_uscc: firm.uscc, facts: '新买的空调制冷效果差，噪音很大，售后一直不上门。', request: '更换或退货' }),
          });
          check(res.status === 201, 'submitted: ' + res.status);
          const filed = (await res.json()).cases[0];
          check(filed.classified_by === 'model:' + shortDigest, 'labelled by the model: ' + filed.classified_by);
          await page.goto(`${base}/complaints/${filed.id}`);
          await shown('[data-test=classified-by]', '分类模型 ' + shortDigest);

          await page.goto(base + '/complaints');
          await page.click('[data-test=classifier-retire]');
          await page.locator('.el-message-box__btns .el-button--primary').click();
          await shown('[data-test=classifier-in-use]', '关键词规则');
          check((await api('/api/v1/complaints/classifier')).method === 'rules', 'retired');
        } finally {
          rmSync(dir, { recursive: true, force: true });
        }
      },
    ],
  ];
}
