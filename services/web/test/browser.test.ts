/// <reference lib="dom" />
// The callbacks given to page.evaluate() run in the browser: they see the DOM.
import { existsSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { buildClient } from './build-client.js';
import { burstVector, startStack, tokenFor, type Stack } from './stack.js';

// Debian's Chromium, never a downloaded browser. Missing is a failure, not a skip:
// a dashboard nobody drove in a browser is not tested.
const CHROMIUM = '/usr/bin/chromium';
const SHOTS = fileURLToPath(new URL('../test-results/', import.meta.url));
const BURST = 'sb26031401';

describe('the dashboard in Chromium against the running FSC', () => {
  let stack: Stack;
  let browser: Browser;
  let context: BrowserContext;
  const shot = (page: Page, name: string) => page.screenshot({ path: `${SHOTS}${name}.png`, fullPage: true });

  beforeAll(async () => {
    if (!existsSync(CHROMIUM))
      throw new Error(
        `${CHROMIUM} is missing: install Debian's Chromium with \`apt-get install -y chromium\` (never \`npx playwright install\`)`,
      );
    mkdirSync(SHOTS, { recursive: true });
    buildClient();
    stack = await startStack();
    // A plan for the general-program page: three hours from now, planned by an operator.
    const start = new Date(Math.ceil(Date.now() / 3_600_000) * 3_600_000);
    const plan = await stack.scheduler.inject({
      method: 'POST',
      url: '/v1/plans',
      headers: { authorization: `Bearer ${tokenFor('op', ['operator'])}` },
      payload: { start: start.toISOString(), end: new Date(start.getTime() + 3 * 3_600_000).toISOString() },
    });
    if (plan.statusCode !== 201) throw new Error(`plan: ${plan.statusCode} ${plan.body}`);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-quic',
      ],
    });
    context = await browser.newContext({
      ignoreHTTPSErrors: true,
      viewport: { width: 1280, height: 900 },
      colorScheme: 'light',
    });
  }, 90_000);

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await stack?.close();
  });

  test('a burst appears live, its page shows notices and sky map, a Burst Advocate retracts it and every view updates', async () => {
    const list = await context.newPage();
    const errors: string[] = [];
    list.on('pageerror', (e) => errors.push(e.message));
    await list.goto(`${stack.webUrl}/#/`);
    await list.locator('#live[data-state="live"]').waitFor();
    await list.getByText('No burst yet').waitFor();
    await shot(list, '01-bursts-empty');

    // The feed: the relayed frames of burst-relayed.json, posted by the stations.
    await stack.feedBurst(await stack.addStations());
    const row = list.locator(`#bursts tr[data-burst="${BURST}"]`);
    await row.waitFor({ timeout: 20_000 });
    await expect.poll(() => row.locator('.chip').count(), { timeout: 15_000 }).toBe(3);
    await shot(list, '02-bursts-live');

    const burst = await context.newPage();
    burst.on('pageerror', (e) => errors.push(e.message));
    await burst.goto(`${stack.webUrl}/#/bursts/${BURST}`);
    await expect
      .poll(() => burst.locator('#notices tbody tr').count(), { timeout: 15_000 })
      .toBe(burstVector.expect.notices.length);
    for (const name of burstVector.expect.notices) await burst.locator(`#notices tr[data-notice="${name}"]`).waitFor();
    await expect.poll(() => burst.locator('#sky-map .region path').count()).toBeGreaterThanOrEqual(2);
    expect(await burst.locator('#sky-map svg title').first().textContent()).toContain('Sky map');
    await burst.locator('#followup').waitFor({ timeout: 15_000 });
    await shot(burst, '03-burst');

    // Not an advocate yet: no forms, only the invitation to log in.
    expect(await burst.locator('#retract-form').count()).toBe(0);
    await burst.getByRole('button', { name: 'Log in' }).click();
    await burst.locator('#token-input').fill(tokenFor('ada.lovelace', ['burst-advocate']));
    await burst.keyboard.press('Tab');
    await burst.locator('#login-submit').click();
    await burst.locator('#who').filter({ hasText: 'ada.lovelace' }).waitFor();
    await burst.locator('#retract-reason').fill('Known X-ray binary in the ECLAIRs error box');
    await shot(burst, '04-advocate');
    await burst.getByRole('button', { name: 'Retract burst' }).click();

    // Every view updates: this page, and the list in the other tab, with no reload.
    await burst.locator('h1 .badge[data-status="retracted"]').waitFor({ timeout: 15_000 });
    await burst.locator('#audit li.ev-retracted, #audit li.ev-retraction').first().waitFor({ timeout: 15_000 });
    await list.locator(`#bursts tr[data-burst="${BURST}"][data-status="retracted"]`).waitFor({ timeout: 15_000 });
    await shot(burst, '05-burst-retracted');
    await shot(list, '06-bursts-retracted');

    const stations = await context.newPage();
    stations.on('pageerror', (e) => errors.push(e.message));
    await stations.goto(`${stack.webUrl}/#/stations`);
    const ids = new Set(burstVector.receptions.map((r) => r.stationId));
    await expect.poll(() => stations.locator('#station-map .station').count(), { timeout: 15_000 }).toBe(ids.size);
    await shot(stations, '07-stations');

    const plan = await context.newPage();
    plan.on('pageerror', (e) => errors.push(e.message));
    await plan.goto(`${stack.webUrl}/#/plan`);
    await plan.locator('#plan-timeline svg').waitFor({ timeout: 15_000 });
    await shot(plan, '08-plan');

    expect(errors).toEqual([]);
  });

  test('dark theme and keyboard: the nav is reachable by Tab and the page reads in dark', async () => {
    const dark = await browser.newContext({
      ignoreHTTPSErrors: true,
      viewport: { width: 1280, height: 900 },
      colorScheme: 'dark',
    });
    const page = await dark.newPage();
    await page.goto(`${stack.webUrl}/#/bursts/${BURST}`);
    await page.locator('#notices').waitFor({ timeout: 15_000 });
    const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    expect(bg).toBe('rgb(14, 20, 32)');
    await shot(page, '09-burst-dark');
    // The page takes focus on each route change; the nav works from the keyboard alone.
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('main');
    await page.getByRole('link', { name: 'VHF stations' }).focus();
    await page.keyboard.press('Enter');
    await page.locator('#station-map svg').waitFor();
    expect(await page.locator('nav.primary a[aria-current="page"]').textContent()).toBe('VHF stations');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('main');
    await shot(page, '10-stations-dark');
    await dark.close();
  });

  test('the light curve chart draws a step line per band and marks T0 (burst-relayed.json carries none)', async () => {
    const page = await context.newPage();
    await page.goto(`${stack.webUrl}/#/`);
    await page.locator('#live[data-state="live"]').waitFor();
    // A string, not a function: vitest rewrites import() inside functions it compiles.
    const paths = await page.evaluate(`(async () => {
      const { lightCurveChart } = await import('/js/charts/light-curve-chart.js');
      const counts = Array.from({ length: 80 }, (_, i) => [Math.round(40 + 900 * Math.exp(-((i - 24) ** 2) / 30)), Math.round(15 + 300 * Math.exp(-((i - 26) ** 2) / 50))]);
      const svg = lightCurveChart({ start: '2026-03-14T02:10:00.250Z', binMs: 250, bins: 80, bands: 2, counts }, '2026-03-14T02:10:05.250Z');
      document.getElementById('main').replaceChildren(svg);
      return svg.querySelectorAll('path.series').length;
    })()`);
    expect(paths).toBe(3);
    expect(await page.locator('svg.light-curve line.t0').count()).toBe(1);
    await page.locator('svg.light-curve').screenshot({ path: `${SHOTS}11-light-curve.png` });
    await page.close();
  });

  test('every page fits the window at 1280, 1400 and 1920 px and on a phone: wide tables scroll inside their card', async () => {
    const widths = [
      { name: 'phone', width: 390, height: 844 },
      { name: '1280', width: 1280, height: 900 },
      { name: '1400', width: 1400, height: 900 },
      { name: '1920', width: 1920, height: 1080 },
    ];
    const pages = [
      { route: '#/', ready: `#bursts tr[data-burst="${BURST}"]` },
      { route: `#/bursts/${BURST}`, ready: '#notices tbody tr' },
      { route: '#/stations', ready: '#station-map svg' },
      { route: '#/plan', ready: '#plan-timeline svg' },
    ];
    for (const size of widths) {
      const sized = await browser.newContext({
        ignoreHTTPSErrors: true,
        viewport: { width: size.width, height: size.height },
        colorScheme: 'light',
      });
      const page = await sized.newPage();
      for (const { route, ready } of pages) {
        await page.goto(`${stack.webUrl}/${route}`);
        await page.locator(ready).first().waitFor({ timeout: 15_000 });
        // The page itself never scrolls sideways, and no cell reaches past the right edge of the
        // window unless its card scrolls (a cut column is what a visitor saw at 1400 px).
        const fit = await page.evaluate(() => {
          const width = document.documentElement.clientWidth;
          const cut = Array.from(document.querySelectorAll('table th, table td'))
            .filter((cell) => {
              const right = cell.getBoundingClientRect().right;
              if (right <= width + 0.5) return false;
              for (let up = cell.parentElement; up; up = up.parentElement) {
                const style = getComputedStyle(up);
                if (/(auto|scroll)/.test(style.overflowX) && up.scrollWidth > up.clientWidth) return false;
              }
              return true;
            })
            .map((cell) => cell.textContent?.trim().slice(0, 30));
          return { scrollWidth: document.documentElement.scrollWidth, width, cut };
        });
        expect(fit.scrollWidth, `${route} at ${size.name}`).toBeLessThanOrEqual(fit.width);
        expect(fit.cut, `${route} at ${size.name}`).toEqual([]);
      }
      await page.goto(`${stack.webUrl}/#/`);
      await page.locator(`#bursts tr[data-burst="${BURST}"]`).waitFor({ timeout: 15_000 });
      if (size.width >= 1280) {
        // The widest row a burst makes: all four instruments. On a desktop the whole table shows,
        // without scrolling its card.
        const scrolls = await page.evaluate(() => {
          const cell = document.querySelector('#bursts td.chips');
          const chip = cell?.querySelector('.chip');
          if (!cell || !chip) return 'no instruments cell';
          const vt = chip.cloneNode(true) as HTMLElement;
          vt.textContent = 'VT';
          vt.className = 'chip inst-vt';
          cell.append(' ', vt);
          const card = cell.closest('.card') as HTMLElement;
          return card.scrollWidth > card.clientWidth;
        });
        expect(scrolls, `bursts at ${size.name}`).toBe(false);
      }
      await shot(page, `12-bursts-${size.name}`);
      await sized.close();
    }
  });
});
