// Browser tests of the quality statistics pages (issue 20). 统计报表: the province's office follows last year's 企业质量统计表 (the
// demo's filings), enters an overdue firm's figures for it (代填, filed late), and computes the
// quality loss rate, which the page shows as the server computed it; a firm asked to file this year's
// form finds it on its 工作台, files, and is refused a correction without a reason before filing
// one with it. 质量工作考核: the province's office reads the demo's graded, ranked cities with
// their rank intervals and items, as the server scored them. 质量状况分析报告: the office generates
// this year's report and opens its page, which cites every source of the snapshot. Run by run.mjs.
import { execFileSync } from 'node:child_process';

// ctx: { page, base, signInHome, signOut, api, check, shown, zq, db, newUser }
export function statsTests(ctx) {
  const { page, base, signInHome, signOut, api, check, shown, zq, db, newUser } = ctx;
  const year = new Date(Date.now() + 8 * 3_600_000).getUTCFullYear();
  const route = (y) => `/api/v1/stats/report-forms/enterprise_quality/${y}`;
  // An Element Plus field marked data-test=NAME: the attribute is on the <input> or its wrapper.
  const field = (scope, name) => scope.locator(`input[data-test=${name}], [data-test=${name}] input`).first();
  let firm = null; // the enterprise user, added once (a retry signs in again)
  return [
    [
      'an office follows its firms\' quality statistics, files for an overdue one and computes the quality loss rate',
      async () => {
        await signInHome('shandong');
        const before = await api(route(year - 1) + '/panel');
        check(before.filed > 50 && before.overdue > 0, 'the demo filed most of the province\'s forms: ' + JSON.stringify({ ...before, items: before.items.length }));
        await page.goto(base + '/stats/reports');
        await shown('[data-test=panel-filed]', String(before.filed));
        await shown('[data-test=panel-overdue]', String(before.overdue));
        // The overdue firms only; the first one's figures entered by the office.
        await page.locator('.el-radio-button', { hasText: '逾期未报' }).click();
        const late = before.items.filter((m) => m.state === 'overdue');
        check((await page.locator('[data-test=panel-members] tbody tr').count()) === late.length, 'the overdue firms are listed');
        await page.locator('[data-test=panel-members] tbody tr').first().getByRole('button', { name: '查看' }).click();
        const editor = page.locator('.el-drawer [data-test=filing-editor]');
        await editor.locator('[data-test=filing-save]').waitFor();
        await field(editor, 'figure-output_value').fill('2000');
        await field(editor, 'figure-scrap_loss').fill('12.5');
        await field(editor, 'figure-claims').fill('7.5');
        await editor.locator('[data-test=filing-save]').click();
        await shown('.el-drawer [data-test=filing-revisions]', '逾期报送');
        await shown('.el-drawer [data-test=filing-revisions]', '代填');
        // The sheet to fill in lists the overdue firms left, by their USCC.
        const template = await page.request.get(base + (await page.locator('[data-test=panel-template]').getAttribute('href')));
        const sheetText = await template.text();
        check(template.ok() && sheetText.startsWith('\uFEFF统一社会信用代码,企业名称,'), 'the template: ' + template.status());
        check(late.slice(1).every((m) => sheetText.includes(m.uscc)) && !sheetText.includes(late[0].uscc), 'the template lists the firms still overdue');
        const after = await api(route(year - 1) + '/panel');
        check(after.overdue === before.overdue - 1 && after.filed_late === before.filed_late + 1, 'one fewer overdue, one more filed late');
        const filing = (await api(`${route(year - 1)}/filings/${late[0].uscc}`)).items[0];
        check(filing.by_office && filing.late && filing.values.output_value === 2000, 'stored as entered: ' + JSON.stringify(filing));
        await page.locator('.el-drawer__close-btn').click();
        // A sheet for the next overdue firm, in Chinese headers, with a row the form refuses.
        if (late.length > 1) {
          const sheet = `统一社会信用代码,工业总产值（现行价）,返修费\n${late[1].uscc},1500,9\n${late[1].uscc.slice(0, 17)}X,100,1\n`;
          await page.locator('[data-test=panel-import-file]').setInputFiles({ name: '代填.csv', mimeType: 'text/csv', buffer: Buffer.from(sheet) });
          await shown('[data-test=panel-imported]', '已报送 1 家，更正 0 家，1 行未通过校验');
          await shown('[data-test=panel-import-errors]', '统一社会信用代码');
          check((await api(`${route(year - 1)}/filings/${late[1].uscc}`)).items[0].values.rework_cost === 9, 'the sheet\'s row filed');
        }

        // The quality loss rate of the province and its cities, as the server computed it.
        await page.locator('[data-test=loss-rate-compute]').click();
        await shown('[data-test=loss-rates]', '济南市');
        const values = await api(`/api/v1/stats/indicators/quality_loss_rate/values?period=${year - 1}`);
        const province = values.items.find((v) => v.region_code === '370000');
        check(province && province.lower !== null && province.lower < province.value && province.value < province.upper,
          'an interval around the rate: ' + JSON.stringify(province));
        const now = await api(route(year - 1) + '/panel');
        check(province.inputs.firms_filed === now.filed + now.filed_late, `every filing counted (${province.inputs.firms_filed})`);
        check(values.items.length === 17, 'the province and its 16 cities: ' + values.items.length);
        await shown('[data-test=loss-rates]', (province.value * 100).toFixed(2) + '%');
        await signOut();
      },
    ],
    [
      'a firm finds this year\'s form on its workbench, files it, and corrects it with a reason',
      async () => {
        if (!firm) {
          await signInHome('shandong');
          const asked = (await api(route(year) + '/panel')).items.find((m) => m.state === 'due');
          check(asked, 'this year\'s form is asked of the province\'s firms and not filed yet');
          await signOut();
          const out = execFileSync(zq, ['user', 'add', 'qiye', '--role', 'enterprise', '--uscc', asked.uscc, '--db', db]).toString();
          newUser('qiye', /one-time password: (\S+)/.exec(out)[1]);
          firm = asked;
        }
        await signInHome('qiye');
        await shown('[data-test=todos]', '统计报表待报送');
        await page.goto(base + '/stats/reports');
        await field(page, 'report-period').fill(String(year));
        const editor = page.locator('[data-test=filing-editor]');
        await field(editor, 'figure-output_value').fill('800');
        await field(editor, 'figure-rework_cost').fill('4');
        await editor.locator('[data-test=filing-save]').click();
        await shown('[data-test=filing-revisions]', '按时报送');
        // A correction needs its reason, said in Chinese by the field.
        await field(editor, 'figure-rework_cost').fill('6');
        await editor.locator('[data-test=filing-save]').click();
        await shown('[data-test=filing-editor]', '更正已报送的数据须说明原因');
        await field(editor, 'filing-reason').fill('漏报一笔返修费');
        await editor.locator('[data-test=filing-save]').click();
        await shown('[data-test=filing-revisions]', '漏报一笔返修费');
        const revisions = (await api(`${route(year)}/filings/${firm.uscc}`)).items;
        check(revisions.length === 2 && revisions[0].values.rework_cost === 6 && !revisions[0].by_office, 'two revisions, the latest the firm\'s');
        await signOut();
      },
    ],
    [
      'the province\'s office reads its cities\' 质量工作考核 grades with their rank intervals and items',
      async () => {
        await signInHome('shandong');
        const now = new Date(Date.now() + 8 * 3_600_000);
        const assessment = now.getUTCMonth() >= 6 ? now.getUTCFullYear() - 1 : now.getUTCFullYear() - 2;
        const results = await api(`/api/v1/stats/evaluation/${assessment}?replications=1000&seed=1`);
        check(results.regions.length >= 10 && results.awaiting_verification.length === 2,
          'the demo verified all but two cities: ' + results.regions.length + ', ' + results.awaiting_verification.length);
        const vetoed = results.regions.filter((r) => r.vetoed);
        check(vetoed.length === 1 && vetoed[0].grade === 'D', 'one city vetoed to D');
        await page.goto(base + '/stats/evaluation');
        await page.locator('[data-test=eval-table] tbody tr').first().waitFor();
        const rows = page.locator('[data-test=eval-table] > .el-table__inner-wrapper > .el-table__body-wrapper tbody tr.el-table__row');
        check((await rows.count()) === results.regions.length, 'a row a verified city');
        const first = results.regions[0];
        const u = first.uncertainty;
        await shown('[data-test=eval-table]', `（${u.rank_low}–${u.rank_high}）`);
        check((await rows.first().locator('[data-test=eval-grade]').innerText()) === first.grade, 'the first row\'s grade is the server\'s');
        await shown('[data-test=eval-table]', '一票否决');
        await shown('[data-test=eval-awaiting]', '待核查');
        // The first city's items: the quality loss rate item scored from the report forms.
        await rows.first().locator('.el-table__expand-icon').click();
        await shown('[data-test=eval-table]', '质量损失率（%）');
        await shown('[data-test=eval-table]', first.items.find((i) => i.code === '1.2').basis);
        await signOut();
      },
    ],
    [
      'the province\'s office generates this year\'s quality status report (the demo\'s spot checks) and opens the page rendered from its snapshot',
      async () => {
        await signInHome('shandong');
        await page.goto(base + '/stats/quality-report');
        await field(page, 'qr-year').fill(String(year));
        await page.locator('[data-test=qr-generate]').click();
        await page.locator('[data-test=qr-result]').waitFor();
        const latest = await api(`/api/v1/stats/quality-reports/370000/${year}`);
        await shown('[data-test=qr-result]', `第 ${latest.edition} 版`);
        await shown('[data-test=qr-result]', latest.digest);
        const rate = latest.snapshot.region.pass_rate;
        check(rate && rate.tested > 0, 'the demo has this year\'s spot checks');
        await shown('[data-test=qr-pass-rate]', `${(100 * rate.rate).toFixed(2)}%`);
        check(latest.snapshot.product_categories.length > 0 && latest.snapshot.regions.length > 0, 'categories and cities');
        const href = await page.locator('[data-test=qr-open]').getAttribute('href');
        const html = await (await page.request.get(base + href)).text();
        check(html.includes(`山东省${year}年质量状况分析报告`), 'the page has its title');
        for (const s of latest.snapshot.sources) check(html.includes(`[${s.id}]`), 'the page cites ' + s.id);
        const pdf = await page.request.get(base + (await page.locator('[data-test=qr-pdf]').getAttribute('href')));
        check(pdf.ok() && pdf.headers()['content-type'] === 'application/pdf', 'the PDF: ' + pdf.status());
        check((await pdf.body()).subarray(0, 5).toString() === '%PDF-', 'a PDF file');
        await signOut();
      },
    ],
  ];
}
