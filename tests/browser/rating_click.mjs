// A customer on a phone opens a one-click rating link from a survey
// invitation, reads the page, and taps the confirm button: Debian's
// Chromium driven by playwright-core, with JavaScript switched off in the
// page, since the page must work without it.  Used by
// tests/e2e/test_rating_page.sh.
//
//   node rating_click.mjs URL OUT_DIR
//
// Writes OUT_DIR/confirm.png and OUT_DIR/thanks.png, prints one
// "key: value" line per thing it read, and exits 1 (naming the check) when
// the page is not what a customer should see.
import { chromium } from 'playwright-core';

const [url, outDir] = process.argv.slice(2);
if (!url || !outDir) {
  console.error('usage: node rating_click.mjs URL OUT_DIR');
  process.exit(2);
}

const failures = [];
function check(condition, what) {
  if (!condition) failures.push(what);
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
});
try {
  const context = await browser.newContext({
    javaScriptEnabled: false,
    viewport: { width: 360, height: 740 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    locale: 'th-TH',
  });
  const page = await context.newPage();

  const response = await page.goto(url);
  const headers = response.headers();
  console.log(`status: ${response.status()}`);
  console.log(`cache-control: ${headers['cache-control']}`);
  console.log(`referrer-policy: ${headers['referrer-policy']}`);
  check(response.status() === 200, 'the link answers 200');
  check(headers['cache-control'] === 'no-store', 'Cache-Control: no-store');
  check(headers['referrer-policy'] === 'no-referrer', 'Referrer-Policy: no-referrer');

  const question = (await page.locator('h1').innerText()).trim();
  const choice = (await page.locator('.choice .label').innerText()).trim();
  console.log(`question: ${question}`);
  console.log(`choice: ${choice}`);
  check(/[\u0e00-\u0e7f]/.test(question), 'the question is in Thai');

  const confirm = page.getByRole('button', { name: 'ยืนยันคำตอบนี้' });
  const box = await confirm.boundingBox();
  console.log(`button: ${Math.round(box.width)}x${Math.round(box.height)} at y ${Math.round(box.y)}`);
  check(box.height >= 44, 'the confirm button is at least 44 px high');
  check(box.y + box.height <= 740, 'the confirm button is on the first screen');
  // Nothing wider than the phone: the page never scrolls sideways.
  const main = await page.locator('main').boundingBox();
  check(main.x >= 0 && main.x + main.width <= 360, 'the page fits a 360 px screen');
  for (const link of await page.locator('a.option').all()) {
    const b = await link.boundingBox();
    check(b.height >= 44, `the option link "${await link.innerText()}" is at least 44 px high`);
  }
  await page.screenshot({ path: `${outDir}/confirm.png`, fullPage: true });

  // A real tap: the browser posts the form and shows what the server sent.
  const [posted] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === 'POST'),
    confirm.tap(),
  ]);
  await page.waitForLoadState();
  console.log(`post: ${posted.status()} ${posted.request().postData()}`);
  check(posted.status() === 200, 'the POST answers 200');
  const thanks = (await page.locator('h1').innerText()).trim();
  console.log(`after: ${thanks}`);
  console.log(`recorded: ${(await page.locator('.choice .label').innerText()).trim()}`);
  check(thanks === 'ขอบคุณที่ร่วมประเมิน', 'the thank-you page follows');
  await page.screenshot({ path: `${outDir}/thanks.png`, fullPage: true });
} finally {
  await browser.close();
}

for (const what of failures) console.error(`failed: ${what}`);
process.exit(failures.length === 0 ? 0 : 1);
