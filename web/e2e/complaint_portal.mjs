// Browser tests of the portal's complaint pages (issue 19): a citizen files a complaint on the
// desktop and a report on a phone (390×844), gets the receipt number, follows the case by number
// and phone (a wrong phone is refused in Chinese), and rates it once the county office (through
// the console) has closed it. Run by run.mjs, which passes the signed-in helpers.

// ctx: { page, base, signInHome, signOut, api, check, shown, entityIn }
export function complaintPortalTests(ctx) {
  const { page, base, signInHome, signOut, api, check, shown, entityIn } = ctx;
  const field = (name, tag = 'input') => page.locator(`[data-test=field-${name}] ${tag}`).first();
  const fitsTheScreen = async (what) => {
    const [scroll, inner] = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
    check(scroll <= inner, `${what}: ${scroll} px wide in a ${inner} px view`);
  };

  async function track(number, phone) {
    await page.fill('input[data-test=track-number]', number);
    await page.fill('input[data-test=track-phone]', phone);
    await page.click('[data-test=track-submit]');
  }

  return [
    [
      'a citizen files a complaint on the portal, follows it by number and phone, and rates it after the county closes it',
      async () => {
        const firm = await entityIn('370102');
        await signOut();
        await page.goto(base + '/portal/complaints');
        // The form's own checks, in Chinese, before anything is sent.
        await page.click('[data-test=complaint-submit]');
        await shown('[data-test=field-name] .el-form-item__error', '必填');
        await shown('[data-test=field-facts] .el-form-item__error', '必填');
        await field('name').fill('赵六');
        await field('phone').fill('139 0531 7788');
        await field('address').fill('山东省济南市历下区泉城路 8 号');
        await field('respondent_uscc').fill(firm.uscc);
        await field('facts', 'textarea').fill('在该店购买的电饭煲使用一周后内胆涂层脱落，商家拒绝退换。');
        await field('request', 'textarea').fill('退货退款');
        await page.click('[data-test=complaint-submit]');
        const number = (await page.locator('[data-test=receipt-number]').first().innerText()).trim();
        check(/^TS\d{8}-\d{6}$/.test(number), 'a complaint number on the receipt: ' + number);
        await page.click('[data-test=receipt-track]');
        await shown('[data-test=tracked-state]', '待处理');
        const tracked = await page.locator('[data-test=tracked-case]').innerText();
        check(tracked.includes('139****7788') && !tracked.includes('05317788'), 'the phone is masked: ' + tracked);
        // Another phone finds nothing, and says so in Chinese.
        await track(number, '13000000000');
        await shown('[data-test=field-number] .el-form-item__error', '未找到该编号和手机号码对应的案件');

        // The county office accepts, mediates, records the agreement and closes it.
        await signInHome('lixia');
        const mine = (await api('/api/v1/complaints?kind=complaint&page_size=100')).items.find((c) => c.number === number);
        check(mine, 'the case reached 370102');
        await page.goto(`${base}/complaints/${mine.id}`);
        for (const [step, state] of [['accept', '已受理'], ['mediate', '调解中'], ['agree', '调解成功'], ['close', '已办结']]) {
          if (step === 'agree') await page.locator('.el-form-item').filter({ hasText: '结果' }).locator('input').first().fill('商家同意退货退款');
          await page.click(`[data-test=step-${step}]`);
          await shown('h2.page-title', state);
        }
        await signOut();

        // The citizen sees it closed with its outcome, and rates it once.
        await page.goto(base + '/portal/complaints');
        await page.getByRole('tab', { name: '进度查询' }).click();
        await track(number, '13905317788');
        await shown('[data-test=tracked-state]', '已办结');
        await shown('[data-test=tracked-outcome]', '商家同意退货退款');
        await page.click('[data-test=rating-submit]');
        await shown('[data-test=field-rating] .el-form-item__error', '请选择满意程度');
        await page.locator('[data-test=rating-stars] .el-rate__item').nth(3).click();
        await page.click('[data-test=rating-submit]');
        await shown('[data-test=rated]', '4 星');
        check((await page.locator('[data-test=rating-form]').count()) === 0, 'no second rating');
      },
    ],
    [
      'a citizen reports anonymously from a phone (390×844): the form fits the screen and the receipt gives the number',
      async () => {
        await page.setViewportSize({ width: 390, height: 844 });
        try {
          const firm = await entityIn('370102');
          await signOut();
          await page.goto(base + '/portal');
          await page.click('[data-test=portal-menu]');
          await page.click('[data-test=portal-complaints-link]');
          await page.waitForURL(base + '/portal/complaints');
          await fitsTheScreen('the complaint form');
          await page.locator('[data-test=complaint-kinds] label').filter({ hasText: '举报' }).first().click();
          check((await page.locator('[data-test=field-request]').count()) === 0, 'a report asks for no request');
          await page.getByText('实名举报', { exact: true }).click();  // anonymous
          await field('respondent_uscc').fill(firm.uscc);
          await field('facts', 'textarea').fill('该企业生产的插线板无 3C 认证标志，疑似无证生产。');
          await page.click('[data-test=complaint-submit]');
          const number = (await page.locator('[data-test=receipt-number]').first().innerText()).trim();
          check(/^JB\d{8}-\d{6}$/.test(number), 'a report number on the receipt: ' + number);
          await fitsTheScreen('the receipt');
          // An anonymous report has no phone to follow it by.
          await page.getByRole('tab', { name: '进度查询' }).click();
          await track(number, '13905317788');
          await shown('[data-test=field-number] .el-form-item__error', '未找到');
          await fitsTheScreen('the look-up');
        } finally {
          await page.setViewportSize({ width: 1440, height: 900 });
        }
      },
    ],
    [
      'the portal publishes the last quarter\'s complaints by category and problem, the same counts as the API',
      async () => {
        await signOut();
        const stats = await (await fetch(base + '/api/v1/public/complaints/statistics')).json();
        check(stats.tally.complaints > 0, `the demo has complaints in ${stats.quarter}`);
        await page.goto(base + '/portal/complaints');
        await page.getByRole('tab', { name: '投诉统计' }).click();
        await shown('[data-test=complaint-statistics]', stats.quarter.slice(0, 4));
        const shownCount = await page.locator('[data-test=quarter-complaints]').innerText();
        check(Number(shownCount) === stats.tally.complaints, `投诉量 ${shownCount} is the API's ${stats.tally.complaints}`);
        const bars = await page.locator('[data-test=statistics-category]').count();
        check(bars === stats.categories.length, `a bar per category: ${bars} of ${stats.categories.length}`);
        await shown('[data-test=statistics-category]', stats.categories[0].name);
        // Timeliness: the decisions made on time of those made, and those running late.
        await shown('[data-test=on-time-acceptance]', `按时 ${stats.acceptance.on_time} / 已办 ${stats.acceptance.met}，超期未办 ${stats.acceptance.running_late} 件`);
      },
    ],
  ];
}
