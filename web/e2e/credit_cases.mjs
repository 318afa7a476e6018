// Browser tests of the credit workflows (issue 6, point 6): the serious-dishonesty list with its
// approval by the level above, objections, credit repair and penalty publication, each checked
// against what the API then returns. Run by run.mjs, which passes the signed-in helpers.

import { readFileSync } from 'node:fs';

import { waitUntil } from './harness.mjs';

// ctx: { page, base, signInHome, signInFirstTime, signOut, api, check, shown, chinaDate }
export function creditCaseTests(ctx) {
  const { page, base, signInHome, signInFirstTime, signOut, api, check, shown, chinaDate } = ctx;

  // The open action dialog (ActionDialog.vue) and the error shown by one of its fields.
  const dialog = () => page.locator('.el-dialog').filter({ has: page.locator('[data-test=action-submit]') });
  const fieldError = (name) => dialog().locator(`[data-test=field-${name}] .el-form-item__error`);
  async function pick(scope, field, text) {
    await scope.locator(`[data-test=field-${field}] .el-select`).click();
    await page.locator('.el-select-dropdown__item:visible', { hasText: text }).first().click();
  }

  return [
    [
      'a province regulator lists a firm directly; a proposal is not offered to the wrong level and is approved by the city',
      async () => {
        await signInFirstTime('shandong');
        // A firm with a heavier penalty (published as a suspension) and no open listing.
        const heavy = (await api('/api/v1/credit/publications?status=published&page_size=200')).items.filter((p) => p.penalty_kind === 'suspension');
        let firm = null;
        for (const p of heavy) {
          const open = (await api(`/api/v1/credit/lists/serious?uscc=${p.uscc}`)).items.filter((s) => s.status === 'proposed' || s.status === 'listed');
          if (!open.length) {
            firm = p;
            break;
          }
        }
        check(firm, 'the demo has a firm with a heavier penalty and no listing');
        // Proposed from the firm's credit tab: the proposal opens with its USCC.
        await page.goto(base + '/entities/' + firm.uscc + '?tab=credit');
        await page.click('[data-test=credit-propose]');
        await page.waitForURL(base + '/credit/lists?propose=' + firm.uscc);
        const d = dialog();
        check((await d.locator('input[data-test=action-uscc]').inputValue()) === firm.uscc, 'the USCC is filled in');
        // The firm's heavier penalty is offered (and picked) once its file is loaded.
        await d.locator('[data-test=field-penalty_event_id]').filter({ hasText: '#' + firm.penalty_event_id }).waitFor();
        await pick(d, 'category', '质量安全');
        await d.locator('textarea[data-test=action-judgement]').fill('太短');
        await page.click('[data-test=action-submit]');
        await fieldError('judgement').filter({ hasText: '不少于 12 字节' }).waitFor();
        await fieldError('decision_no').filter({ hasText: '必填' }).waitFor();
        await d.locator('textarea[data-test=action-judgement]').fill('生产销售不合格产品，货值金额巨大，造成严重社会影响（端到端测试）');
        await d.locator('input[data-test=action-decision_no]').fill('鲁市监列严〔2026〕E2E号');
        await page.click('[data-test=action-submit]');
        await d.waitFor({ state: 'hidden' });
        const listed = (await api(`/api/v1/credit/lists/serious?uscc=${firm.uscc}`)).items[0];
        check(listed?.status === 'listed' && listed.approver_region === '' && listed.listed_on === chinaDate(0), 'listed directly: ' + JSON.stringify(listed));
        check(listed.penalty_event_id === firm.penalty_event_id && listed.category === 'quality_safety', 'the proposal as entered');

        // The demo's proposal awaiting the city bureau of 济南 (370100): the province may not approve
        // it, so the server lists no action and the console offers none.
        const pending = (await api('/api/v1/credit/lists/serious?status=proposed')).items.find((s) => s.approver_region === '370100');
        check(pending, 'the demo has a proposal for 370100 to approve');
        check(pending.actions.length === 0, 'no action for the province: ' + JSON.stringify(pending.actions));
        await page.locator('[data-test=filter-status] .el-select__wrapper, [data-test=filter-status]').first().click();
        await page.locator('.el-select-dropdown__item:visible', { hasText: '待审核' }).click();
        await page.click('[data-test=serious-search]');
        await page.locator(`[data-test=serious-status-${pending.id}]`).filter({ hasText: '待审核' }).waitFor();
        check((await page.locator(`[data-test=approve-${pending.id}], [data-test=reject-${pending.id}]`).count()) === 0, 'no 批准 or 驳回 for the province');
        await signOut();

        // The city bureau approves it: the API then has it listed from today.
        await signInHome('choujian');
        await page.locator('.el-aside').locator('text=信用名单管理').click();
        await page.waitForURL(base + '/credit/lists');
        await page.click(`[data-test=approve-${pending.id}]`);
        await page.click('[data-test=action-submit]');
        await page.locator(`[data-test=serious-status-${pending.id}]`).filter({ hasText: '已列入' }).waitFor();
        const approved = await api(`/api/v1/credit/lists/serious/${pending.id}`);
        check(approved.status === 'listed' && approved.decided_by === 'choujian' && approved.listed_on === chinaDate(0), 'approved: ' + JSON.stringify(approved));
        const grade = await api(`/api/v1/credit/entities/${pending.uscc}`);
        check(grade.serious_listed === true, 'the listing vetoes the grade at once');
        await signOut();
      },
    ],
    [
      'a county regulator decides an objection and a repair; the API returns the decisions',
      async () => {
        await signInHome('lixia');
        const pending = (await api('/api/v1/credit/objections?status=pending')).items;
        check(pending.length > 0, 'the demo has a pending objection in 历下区');
        const o = pending[0];
        await page.goto(base + '/credit/objections');
        await page.locator('[data-test=objections]').waitFor();
        await shown('[data-test=objections-pending]', String(pending.length));
        await page.locator(`[data-test=objections-status-${o.id}]`).waitFor();
        // Rejected without a reason: the server's error appears by the reason.
        await page.click(`[data-test=decide-objection-${o.id}]`);
        await dialog().locator('.el-radio', { hasText: '驳回' }).click();
        await page.click('[data-test=action-submit]');
        await fieldError('reason').filter({ hasText: '驳回须说明理由' }).waitFor();
        // Upheld: the contested record is withdrawn.
        await dialog().locator('.el-radio', { hasText: '异议成立' }).click();
        await dialog().locator('textarea[data-test=action-reason]').fill('复核确认检验报告有误（端到端测试）');
        await page.click('[data-test=action-submit]');
        await page.locator(`[data-test=objections-status-${o.id}]`).filter({ hasText: '异议成立' }).waitFor();
        const decided = await api(`/api/v1/credit/objections/${o.id}`);
        check(decided.status === 'upheld' && decided.decided_by === 'lixia' && decided.ending_event_id > 0, 'upheld: ' + JSON.stringify(decided));
        const file = await api(`/api/v1/credit/entities/${o.uscc}/file`);
        check(file.events.some((e) => e.id === decided.ending_event_id && e.event_type === 'record.withdrawn' && e.ends_event_id === o.event_id), 'the record is withdrawn');

        // A pending repair approved: the listing or publication it names ends.
        const repair = (await api('/api/v1/credit/repairs?status=pending')).items[0];
        check(repair, 'the demo has a pending repair in 历下区');
        await page.locator('.el-aside').locator('text=信用修复').click();
        await page.waitForURL(base + '/credit/repairs');
        await page.click(`[data-test=decide-repair-${repair.id}]`);
        await dialog().locator('.el-radio', { hasText: '准予修复' }).click();
        await page.click('[data-test=action-submit]');
        await page.locator(`[data-test=repairs-status-${repair.id}]`).filter({ hasText: '准予修复' }).waitFor();
        const approved = await api(`/api/v1/credit/repairs/${repair.id}`);
        check(approved.status === 'approved' && approved.ending_event_id > 0, 'approved: ' + JSON.stringify(approved));
        // Applying again for the same record: every failed condition is listed.
        await page.click('[data-test=apply-repair]');
        const form = page.locator('[data-test=repair-form]');
        await form.locator('.el-radio', { hasText: approved.kind === 'abnormal_list' ? '移出经营异常名录' : '提前停止公示' }).click();
        await form.locator('input[data-test=repair-uscc]').fill(approved.uscc);
        await form.locator('[data-test=event-picker]').click();
        await page.locator('.el-select-dropdown__item:visible', { hasText: '#' + approved.event_id }).click();
        await form.locator('input[data-test=repair-evidence]').fill('E2E-材料');
        await page.click('[data-test=repair-check]');
        const eligibility = await (
          await page.request.post(base + '/api/v1/credit/repairs/eligibility', {
            data: { kind: approved.kind, event_id: approved.event_id, evidence_ref: 'E2E-材料' },
            headers: { 'X-CSRF-Token': (await api('/api/v1/auth/me')).csrf_token },
          })
        ).json();
        check(!eligibility.eligible && eligibility.failures.some((f) => f.condition === 'not_open'), 'the ended record cannot be repaired again');
        await waitUntil(async () => (await page.locator('[data-test=eligibility-failure]').count()) === eligibility.failures.length, '[data-test=eligibility-failure]');
        await signOut();
      },
    ],
    [
      'the abnormal operations list: a second listing is refused by its field, a new one added and removed',
      async () => {
        await signInHome('choujian');
        const listed = (await api('/api/v1/credit/lists/abnormal?status=listed&page_size=200')).items;
        check(listed.length > 0, 'the demo lists firms of 济南 as abnormal');
        const taken = new Set(listed.map((a) => a.uscc));
        const fresh = (await api('/api/v1/entities?region=370102&page_size=20')).items.find((e) => !taken.has(e.uscc));
        await page.goto(base + '/credit/lists?tab=abnormal');
        await page.locator('[data-test=abnormal-listings]').waitFor();
        const add = async (uscc) => {
          await page.click('[data-test=add-abnormal]');
          await dialog().locator('input[data-test=action-uscc]').fill(uscc);
          await pick(dialog(), 'reason', '未按期公示年度报告');
          await dialog().locator('input[data-test=action-decision_no]').fill('济市监异〔2026〕E2E号');
          await page.click('[data-test=action-submit]');
        };
        await add(listed[0].uscc);
        await fieldError('uscc').filter({ hasText: '已在经营异常名录中' }).waitFor();
        await page.keyboard.press('Escape');
        await dialog().waitFor({ state: 'hidden' });
        await add(fresh.uscc);
        await dialog().waitFor({ state: 'hidden' });
        const added = (await api(`/api/v1/credit/lists/abnormal?uscc=${fresh.uscc}`)).items[0];
        check(added?.status === 'listed' && added.reason === 'annual_report_not_filed' && added.listed_on === chinaDate(0), 'added: ' + JSON.stringify(added));
        await page.locator('input[data-test=abnormal-uscc]').fill(fresh.uscc);
        await page.click('[data-test=abnormal-search]');
        await page.click(`[data-test=remove-abnormal-${added.id}]`);
        await pick(dialog(), 'reason', '已补报年度报告');
        await page.click('[data-test=action-submit]');
        await dialog().waitFor({ state: 'hidden' });
        const removed = await api(`/api/v1/credit/lists/abnormal/${added.id}`);
        check(removed.status === 'removed' && removed.removal_reason === 'annual_report_filed', 'removed: ' + JSON.stringify(removed));
        // The tab and the list's filter live in the URL: opened again, the same list.
        await page.waitForURL((u) => u.searchParams.get('tab') === 'abnormal' && u.searchParams.get('abnormal.uscc') === fresh.uscc);
        await page.goto(page.url());
        await page.locator('[data-test=abnormal-listings]').filter({ hasText: fresh.uscc }).waitFor();
        check((await page.locator('input[data-test=abnormal-uscc]').inputValue()) === fresh.uscc, 'the filter comes back from the URL');
      },
    ],
    [
      'penalty publication deadlines as the API has them, and the credit pages in English',
      async () => {
        const overdue = await api('/api/v1/credit/publications?overdue=true&page_size=1');
        const first = (await api('/api/v1/credit/publications?page_size=20')).items[0];
        await page.goto(base + '/credit/publications');
        const table = page.locator('[data-test=publications]');
        if (first) await table.filter({ hasText: first.decision_no }).waitFor();
        await shown('[data-test=publications-overdue]', String(overdue.total));
        await page.locator('[data-test=lang-switch]').click();
        await shown('h2', 'Penalty publication');
        await table.locator('th').filter({ hasText: 'Party' }).waitFor();
        await shown('.el-aside', 'Credit lists');
        await page.goto(base + '/credit/lists');
        await page.locator('.el-tabs__item').filter({ hasText: 'Abnormal operations list' }).click();
        await shown('[data-test=abnormal-listings] th', 'Reason');
        await page.locator('[data-test=lang-switch]').click();
        await shown('.el-tabs__item', '经营异常名录');
        await signOut();
      },
    ],
    [
      'a city regulator imports a file of credit events: the good row is stored, the bad one reported by its line',
      async () => {
        await signInFirstTime('choujian');
        const firm = (await api('/api/v1/entities?region=370100&page_size=1')).items[0];
        check(firm, 'the city has a firm');
        const id = 'E2E-' + Date.now();
        // Filled in as the Chinese template reads, by a department named in Chinese.
        const csv =
          '来源部门,来源编号,事件类型,统一社会信用代码,发生日期,依据文号,严重程度,摘要\n' +
          `税务局,${id},complaint.upheld,${firm.uscc},${chinaDate(-1)},济市监投〔2026〕E2E号,,端到端测试\n` +
          `税务局,${id}-2,no.such_type,${firm.uscc},${chinaDate(-1)},x,,\n`;
        await page.locator('.el-aside').locator('text=信用事件导入').click();
        await page.waitForURL(base + '/credit/import');
        // The template to fill in: a CSV holding the Chinese header row, with a Chinese file name.
        const [template] = await Promise.all([page.waitForEvent('download'), page.click('[data-test=import-template]')]);
        check(template.suggestedFilename() === '信用事件导入模板.csv', 'the template is named ' + template.suggestedFilename());
        const header = readFileSync(await template.path(), 'utf8').replace(/^\uFEFF/, '').trim();
        check(header === '来源部门,来源编号,事件类型,统一社会信用代码,发生日期,依据文号,严重程度,摘要', 'the template holds ' + header);
        const upload = async () => {
          await page.setInputFiles('[data-test=import-file]', { name: 'events.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
          await page.click('[data-test=import-submit]');
        };
        await upload();
        await shown('[data-test=report-inserted]', /^1$/);
        await shown('[data-test=report-rejected]', /^1$/);
        const bad = page.locator('[data-test=import-errors] tbody tr');
        await bad.filter({ hasText: '事件类型' }).filter({ hasText: '3' }).waitFor();
        const file = await api(`/api/v1/credit/entities/${firm.uscc}/file`);
        const stored = file.events.find((e) => e.source_id === id);
        check(stored && stored.source === '税务局' && stored.event_type === 'complaint.upheld', 'stored as imported: ' + JSON.stringify(stored));
        check(!file.events.some((e) => e.source_id === id + '-2'), 'the bad row is not stored');
        // The same file again stores nothing twice.
        await upload();
        await shown('[data-test=report-unchanged]', /^1$/);
        const again = await api(`/api/v1/credit/entities/${firm.uscc}/file`);
        check(again.events.filter((e) => e.source_id === id).length === 1, 'one event for the source id');
        await signOut();
      },
    ],
  ];
}
