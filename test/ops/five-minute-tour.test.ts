/**
 * README.md's "A five-minute tour without Slack", step by step, as a new user
 * follows it: the service and the CLI as separate processes configured by a
 * .env file only, the email opened from the local outbox and the link clicked
 * in real Chromium. The wording fixes of issue #13 that a person meets on the
 * way (invite names the course, code says where, used link leads to the
 * portal) are checked on the pages as the browser shows them.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { chromiumPath, launchChromium } from '../support/chromium.ts';
import { freePort } from '../support/free-port.ts';
import { repoRoot, runCliProcess, startService, type ServiceProcess } from '../support/service-process.ts';

const chromiumMissing = chromiumPath() === undefined;
if (chromiumMissing)
  console.warn(
    'five-minute tour skipped: no Chromium at CHROMIUM_PATH or /usr/bin/chromium (apt-get install chromium)',
  );

describe.skipIf(chromiumMissing)('A five-minute tour without Slack (README.md)', () => {
  let dir: string;
  let port: number;
  let service: ServiceProcess;
  let browser: Browser;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'portal-desk-tour-'));
    port = await freePort();
    // Step 1: a .env (here only the port, so the tour never collides with another test) and `npm start`.
    writeFileSync(join(dir, '.env'), `PORT=${port}\nPORTAL_NAME=Acme Academy\nLOG_LEVEL=warn\n`);
    service = await startService({ entry: `${repoRoot}src/main.ts`, cwd: dir });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await service?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const stats = () =>
    JSON.parse(runCliProcess(['stats', '--json'], { cwd: dir }).out) as { invited: number; active: number };

  it('start, invite yourself, open the email, click, sign in, see stats change', async () => {
    // The banner tells the next steps.
    expect(service.stdout()).toMatch(
      /Next steps\n  invite yourself   npx portal-desk invite you@example.com\n  open the email    .*outbox\/\*\.email\.html/,
    );
    expect(service.stdout()).toContain(`sign in           http://localhost:${port}/login`);

    // Step 2: invite yourself, with a course.
    const invited = runCliProcess(['invite', 'you@example.com', '--grant', 'course:Intro to SEO'], { cwd: dir });
    expect(invited.code).toBe(0);
    expect(invited.out).toMatch(/Invited 1 contact\(s\) \(1 new\)/);
    expect(stats()).toMatchObject({ invited: 1, active: 0 });

    // Step 3: open the email from the outbox in the browser.
    const file = await waitForEmailPage(join(dir, 'data', 'outbox'));
    const device = await browser.newContext();
    const page = await device.newPage();
    await page.goto(pathToFileURL(file).href);
    const email = await page.locator('body').innerText();
    expect(email).toContain('You have been invited to Acme Academy, with access to the course “Intro to SEO”.');
    expect(email).toMatch(new RegExp(`Or enter this code at http://localhost:${port}/login/code: \\d{6}`));

    // Step 4: click the link, then Continue: signed in, the course is there.
    await page.getByRole('link', { name: 'Open Acme Academy' }).click();
    await page.waitForURL(/\/l\/[\w-]{43}$/);
    const linkUrl = page.url();
    await expect.poll(() => page.locator('h1').innerText()).toMatch(/^Continue to Acme Academy as /);
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.waitForURL(/\/portal/);
    expect(await page.locator('main').innerText()).toMatch(/Courses · 1 available/);
    await page.getByRole('link', { name: 'Courses' }).click();
    expect(await page.locator('main').innerText()).toContain('Intro to SEO');

    // Step 5: the stats changed.
    expect(stats()).toMatchObject({ invited: 0, active: 1 });

    // The front door knows you now.
    await page.goto(`http://localhost:${port}/`);
    expect(new URL(page.url()).pathname).toBe('/portal');

    // Opening the used link again from the email: "Go to your portal" leads, not "Send me a new link".
    await page.goto(linkUrl);
    expect(await page.locator('h1').innerText()).toBe('You are already signed in');
    const actions = await page.locator('main a.button, main button').allInnerTexts();
    expect(actions[0]).toBe('Go to your portal');
    expect(actions).toContain('Send me a new link');
    await page.getByRole('link', { name: 'Go to your portal' }).click();
    await page.waitForURL(/\/portal$/);

    // A different device (not signed in) is offered a new link first.
    const stranger = await (await browser.newContext()).newPage();
    await stranger.goto(linkUrl);
    expect(await stranger.locator('h1').innerText()).toBe('This link has already been used');
    expect((await stranger.locator('main a.button, main button').allInnerTexts())[0]).toBe('Send me a new link');
    await device.close();
  });
});

async function waitForEmailPage(dir: string): Promise<string> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      const found = readdirSync(dir).find((f) => f.endsWith('.email.html'));
      if (found && readFileSync(join(dir, found), 'utf8').length > 0) return join(dir, found);
    } catch {
      // the outbox folder appears with the first message
    }
    if (Date.now() > deadline) throw new Error(`no email in ${dir}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
