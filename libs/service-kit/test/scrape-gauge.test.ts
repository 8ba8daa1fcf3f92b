import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { scrapeGauge, type LabelledCounts } from '../src/index.js';

describe('scrapeGauge', () => {
  it('reads its value at each scrape, with or without a label', async () => {
    const registry = new Registry();
    let pending = 3;
    let byStatus = [
      { key: 'active', n: 2 },
      { key: 'retracted', n: 1 },
    ];
    scrapeGauge(registry, { name: 'x_pending', help: 'h', read: async () => pending });
    scrapeGauge(registry, { name: 'x_rows', help: 'h', label: 'status', read: async () => byStatus });
    expect(await registry.metrics()).toMatch(/^x_pending 3$/m);
    expect(await registry.metrics()).toMatch(/^x_rows\{status="retracted"\} 1$/m);
    pending = 0;
    byStatus = [{ key: 'active', n: 5 }];
    const text = await registry.metrics();
    expect(text).toMatch(/^x_pending 0$/m);
    expect(text).toMatch(/^x_rows\{status="active"\} 5$/m);
    expect(text).not.toMatch(/retracted/); // a value gone from the counts is gone from the gauge
  });

  it('shows -1 or nothing when the count cannot be read, and the scrape still answers', async () => {
    const registry = new Registry();
    scrapeGauge(registry, {
      name: 'x_pending',
      help: 'h',
      read: () => Promise.reject<number>(new Error('database away')),
    });
    scrapeGauge(registry, {
      name: 'x_rows',
      help: 'h',
      label: 'status',
      read: () => Promise.reject<LabelledCounts>(new Error('database away')),
    });
    const text = await registry.metrics();
    expect(text).toMatch(/^x_pending -1$/m);
    expect(text).not.toMatch(/^x_rows\{/m);
  });
});
