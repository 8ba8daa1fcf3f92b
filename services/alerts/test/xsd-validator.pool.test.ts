import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, test } from 'vitest';
import { XsdValidatorPool } from '../src/vtp/xsd-validator.pool.js';

const real = readFileSync(
  new URL('../../../testdata/notices/svom/real-gcn-kafka/mxt/mxt_40.xml', import.meta.url),
  'utf8',
);
const invalid = real.replace(/<Who>[\s\S]*?<\/Who>/, '<Who><Nonsense/></Who>');

describe('XSD validation in worker threads', () => {
  let pool: XsdValidatorPool;
  afterEach(() => pool.close());

  test('validates in a worker, batch by batch, with the same verdicts as on the main thread', async () => {
    pool = new XsdValidatorPool(2);
    pool.start();
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) => pool.validate(i % 4 === 3 ? invalid : real)),
    );
    expect(results.filter((r) => r.valid)).toHaveLength(30);
    const refused = results.find((r) => !r.valid);
    expect(refused).toMatchObject({
      valid: false,
      errors: [expect.objectContaining({ message: expect.stringContaining('Nonsense') })],
    });
    expect(await pool.validate('<VOEvent')).toMatchObject({ valid: false });
    expect(pool.stats()).toMatchObject({ workers: 2, inWorkers: 41, onMainThread: 0 });
  });

  test('falls back to the main thread with no workers, and for jobs left when closed', async () => {
    pool = new XsdValidatorPool(0);
    expect(await pool.validate(real)).toEqual({ valid: true });
    expect(pool.stats()).toMatchObject({ workers: 0, inWorkers: 0, onMainThread: 1 });
    const open = new XsdValidatorPool(1);
    const pending = open.validate(real);
    await open.close();
    expect(await pending).toEqual({ valid: true });
  });
});
