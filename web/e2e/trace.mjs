// Browser tests of the trace pages (issue 18): a province regulator traces a demo lot forward and
// backward (graph and tables agree with the API) and lists its events; a county regulator sees a
// chain that left its county only in part (withheld) and a chain wholly outside it not at all,
// with the refusals in Chinese; a malformed identifier is refused on both pages by its field; a
// consumer looks a lot up on the portal (desktop and phone). Run by run.mjs, which passes the
// signed-in helpers.

import { readFileSync } from 'node:fs';

import { waitUntil } from './harness.mjs';

// ctx: { page, base, signInHome, signOut, api, check }
export function traceTests(ctx) {
  const { page, base, signInHome, signOut, api, check } = ctx;

  // The demo's finished lots (made or transformed), from the events the signed-in user sees.
  async function demoLots() {
    const doc = await api('/epcis/events?EQ_bizStep=commissioning&perPage=100');
    const lots = new Set();
    for (const e of doc.epcisBody.queryResults.resultsBody.eventList) {
      for (const q of [...(e.quantityList ?? []), ...(e.outputQuantityList ?? [])]) if (q.epcClass.includes('/10/L')) lots.add(q.epcClass);
    }
    return [...lots];
  }

  const epcInput = 'input[data-test=events-epc], [data-test=events-epc] input';
  // Polled from here: page.waitForFunction would evaluate a string in the page when it has to
  // poll, which the server's Content-Security-Policy (no 'unsafe-eval') refuses.
  const eventRows = (n) =>
    waitUntil(async () => (await page.locator('[data-test=events] .el-table__row').count()) === n, `${n} event rows`);

  // After urn:epc:id:sgtin:bad was searched on 追溯事件: the server's refusal (a
  // QueryParameterException naming MATCH_anyEPC) stands under the identifier's field and above the
  // list, the search stays usable (the lot's events come back), a GTIN+lot with a wrong check
  // digit is refused before asking, and in English the refusal reads in English.
  async function malformedIdentifierRefused(lot, count) {
    const fieldError = page.locator('[data-test=events-epc-item] .el-form-item__error');
    await fieldError.filter({ hasText: '无法识别该标识' }).waitFor();
    check(!(await page.locator('[data-test=events-search]').isDisabled()), 'the search button stays usable');
    check(!(await page.locator('[data-test=events-search]').getAttribute('class')).includes('is-loading'), 'not left loading');
    const r = await page.request.get(base + '/epcis/events?MATCH_anyEPC=urn%3Aepc%3Aid%3Asgtin%3Abad');
    check(r.status() === 400 && (await r.json()).parameter === 'MATCH_anyEPC', 'the server names the parameter');
    // Corrected, the search answers again and the refusal goes.
    await page.fill(epcInput, lot);
    await page.click('[data-test=events-search]');
    await eventRows(count);
    check(!(await page.locator('[data-test=events-error]').isVisible()), 'the refusal is gone');
    check(!(await fieldError.isVisible()), 'the field error is gone');
    await page.fill(epcInput, '06900000010007+L1');
    await page.click('[data-test=events-search]');
    await fieldError.filter({ hasText: '校验' }).waitFor();
    // The same refusal in English.
    await page.locator('[data-test=lang-switch]').click();
    await page.fill(epcInput, 'urn:epc:id:sgtin:bad');
    await page.click('[data-test=events-search]');
    await page.locator('[data-test=events-error]').filter({ hasText: 'A query parameter is wrong' }).waitFor();
    await fieldError.filter({ hasText: 'Not an identifier the query reads' }).waitFor();
    await page.locator('[data-test=lang-switch]').click();
    await page.locator('h2').filter({ hasText: '追溯事件' }).waitFor();
  }

  const traceUrl = (lot, direction = 'forward') => `${base}/trace?id=${encodeURIComponent(lot)}&direction=${direction}`;

  return [
    [
      'a province regulator traces a demo lot forward and backward and lists its events',
      async () => {
        await signInHome('shandong');
        const lots = await demoLots();
        check(lots.length > 10, 'the demo has supply chains: ' + lots.length);
        const lot = lots[0];
        const forward = await api('/api/v1/trace/forward?id=' + encodeURIComponent(lot));
        check(forward.destinations.length >= 3, 'the lot reached wholesalers and shops');
        await page.goto(traceUrl(lot));
        await page.locator('[data-test=trace-destinations] .el-table__row').first().waitFor();
        check((await page.locator('[data-test=trace-destinations] .el-table__row').count()) === forward.destinations.length, 'a row per destination');
        check((await page.locator('[data-test=trace-rows] .el-table__row').count()) === forward.rows.length, 'a row per step');
        await page.locator('[data-test=trace-graph] canvas').waitFor();
        // The key data elements as CSV: Chinese headers and labels, named for the direction and the day.
        const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-test=trace-csv]')]);
        const csv = readFileSync(await download.path(), 'utf8').replace(/^\uFEFF/, '').trim().split('\n');
        check(csv[0].startsWith('事件时间（北京时间）,关键追溯环节,追溯批次/单品,数量,'), 'trace CSV header: ' + csv[0]);
        check(csv.length === forward.rows.length + 1 && csv.some((l) => l.includes(',发货,')), 'a row per step, labelled');
        check(/^正向追溯_\d{8}\.csv$/.test(download.suggestedFilename()), 'the file is named ' + download.suggestedFilename());
        // Backward: the lot's inputs (a raw lot, for a transformed one) and its steps.
        await page.locator('[data-test=trace-direction] label', { hasText: '反向追溯' }).click();
        await page.waitForURL(/direction=backward/);
        await page.locator('[data-test=trace-inputs]').waitFor();
        const backward = await api('/api/v1/trace/backward?id=' + encodeURIComponent(lot));
        await page.locator('[data-test=trace-rows] .el-table__row').first().waitFor();
        check((await page.locator('[data-test=trace-inputs] .el-table__row').count()) === backward.inputs.length, 'a row per input');
        // An identifier the trace cannot read: refused in Chinese.
        await page.fill('input[data-test=trace-id], [data-test=trace-id] input', 'nonsense');
        await page.click('[data-test=trace-search]');
        await page.locator('[data-test=trace-error]').filter({ hasText: '无法识别' }).waitFor();
        // A malformed EPC URI: the same refusal, under the field as well; the search stays usable.
        await page.fill('input[data-test=trace-id], [data-test=trace-id] input', 'urn:epc:id:sgtin:bad');
        await page.click('[data-test=trace-search]');
        await page.waitForURL(/sgtin(%3A|:)bad/);
        await page.locator('[data-test=trace-id-item] .el-form-item__error').filter({ hasText: '无法识别该标识' }).waitFor();
        await page.locator('[data-test=trace-error]').filter({ hasText: '无法识别该追溯标识' }).waitFor();
        check(!(await page.locator('[data-test=trace-search]').isDisabled()), 'the trace button stays usable');

        // The events of the lot, newest first, as GET /epcis/events gives them.
        const events = await api('/epcis/events?perPage=20&MATCH_anyEPCClass=' + encodeURIComponent(lot));
        await page.goto(base + '/trace/events');
        await page.locator('[data-test=events] .el-table__row').first().waitFor();
        check(await page.locator('[data-test=events-next]').isEnabled(), 'more than a page of events');
        await page.fill('input[data-test=events-epc], [data-test=events-epc] input', lot);
        await page.click('[data-test=events-search]');
        const rows = page.locator('[data-test=events] .el-table__row');
        await eventRows(events.epcisBody.queryResults.resultsBody.eventList.length);
        check((await rows.count()) > 2, 'the lot has events');
        // A malformed identifier is refused in Chinese too.
        await page.fill('input[data-test=events-epc], [data-test=events-epc] input', 'urn:epc:id:sgtin:bad');
        await page.click('[data-test=events-search]');
        await page.locator('[data-test=events-error]').filter({ hasText: '查询条件有误' }).waitFor();
        await malformedIdentifierRefused(lot, events.epcisBody.queryResults.resultsBody.eventList.length);
        await signOut();
      },
    ],
    [
      'a county regulator sees only its county of a chain, and nothing of a chain elsewhere',
      async () => {
        // The demo's lots as the province sees them, then traced as 历下区 (370102).
        await signInHome('shandong');
        const lots = await demoLots();
        await signInHome('lixia');
        let partial = null;
        let foreign = null;
        for (const lot of lots) {
          const r = await page.request.get(base + '/api/v1/trace/forward?id=' + encodeURIComponent(lot));
          if (r.status() === 404 && !foreign) foreign = lot;
          if (r.status() === 200 && (await r.json()).withheld && !partial) partial = lot;
          if (partial && foreign) break;
        }
        check(partial || foreign, 'a demo chain leaves 历下区');
        // A lot no event in the county names (or none at all): the same refusal, in Chinese.
        await page.goto(traceUrl(foreign ?? 'https://id.gs1.org/01/06900000010006/10/NONE'));
        await page.locator('[data-test=trace-error]').filter({ hasText: '管辖范围内没有' }).waitFor();
        check(!(await page.locator('[data-test=trace-graph]').isVisible()), 'no graph of a foreign chain');
        if (partial) {
          await page.goto(traceUrl(partial));
          await page.locator('[data-test=trace-withheld]').waitFor();
          const shown = await page.locator('[data-test=trace-destinations]').innerText();
          const answer = await api('/api/v1/trace/forward?id=' + encodeURIComponent(partial));
          for (const d of answer.destinations) check(d.firm && d.firm.regionCode.startsWith('370102'), 'a destination outside the county: ' + shown);
        }
        await signOut();
      },
    ],
    [
      'a consumer looks up a lot on the portal, on a desktop and on a phone, and sees its maker and recall status',
      async () => {
        await signInHome('shandong');
        const lot = (await demoLots())[0];
        await signOut();
        // The public answer: the lot's maker and dates, nothing of where it went.
        const r = await page.request.get(base + '/api/v1/public/trace?id=' + encodeURIComponent(lot));
        check(r.ok(), 'GET /api/v1/public/trace: ' + r.status());
        const answer = await r.json();
        check(answer.makers.length >= 1, 'the lot has a maker');
        check(!JSON.stringify(answer).includes('quantity') && !('destinations' in answer), 'nothing of where it went');
        const m = /\/01\/(\d{14})\/10\/([^/]+)$/.exec(lot);
        check(m, 'a lot as a Digital Link: ' + lot);
        // Typed as on the pack: GTIN+lot.
        await page.goto(base + '/portal');
        await page.click('[data-test=portal-trace-link]');
        await page.waitForURL(base + '/portal/trace');
        await page.fill('input[data-test=public-trace-id], [data-test=public-trace-id] input', `${m[1]}+${decodeURIComponent(m[2])}`);
        await page.click('[data-test=public-trace-search]');
        await page.locator('[data-test=public-trace-maker]').filter({ hasText: answer.makers[0].name }).waitFor();
        check((await page.locator('[data-test=public-trace-lot]').innerText()).trim() === answer.lot, 'the lot as printed');
        await page.locator('[data-test=public-trace-recall]').filter({ hasText: '暂无该批次的召回信息' }).waitFor();
        // On a phone, by the Digital Link a QR code holds: one column, nothing off screen.
        await page.setViewportSize({ width: 390, height: 844 });
        try {
          await page.goto(base + '/portal/trace?id=' + encodeURIComponent(lot));
          await page.locator('[data-test=public-trace-maker]').filter({ hasText: answer.makers[0].uscc }).waitFor();
          check(await page.locator('[data-test=public-trace-date]').first().isVisible(), 'the production date on a phone');
          const wide = await page.evaluate(() => document.documentElement.scrollWidth);
          check(wide <= 390, 'the page fits a phone: ' + wide + ' px');
          // Not a lot: said in Chinese, and the search stays usable.
          await page.fill('input[data-test=public-trace-id], [data-test=public-trace-id] input', m[1]);
          await page.click('[data-test=public-trace-search]');
          await page.locator('[data-test=public-trace-error]').filter({ hasText: '无法识别' }).waitFor();
          await page.fill('input[data-test=public-trace-id], [data-test=public-trace-id] input', `${m[1]}+NO-SUCH-LOT`);
          await page.click('[data-test=public-trace-search]');
          await page.locator('[data-test=public-trace-error]').filter({ hasText: '没有该批次' }).waitFor();
        } finally {
          await page.setViewportSize({ width: 1440, height: 900 });
        }
      },
    ],
  ];
}
