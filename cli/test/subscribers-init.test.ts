import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { addSubscriber, initSubscribers, readSubscribers } from '../src/subscriber/subscribers-file.js';

// `svom subscriber init`: compose's nats-subscribers one-shot runs it on every `up`, so it must
// make the file the NATS nodes include on a fresh volume and never empty one that has users.
describe('initSubscribers', () => {
  const dir = mkdtempSync(join(tmpdir(), 'svom-subscribers-init-'));
  const file = join(dir, 'subscribers.conf');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('writes a users file with nobody in it when there is none', () => {
    expect(initSubscribers(file)).toBe(true);
    expect(readSubscribers(file)).toEqual([]);
  });

  it('keeps an existing file and its subscribers', () => {
    addSubscriber(file, 'ligo-lvk');
    expect(initSubscribers(file)).toBe(false);
    expect(readSubscribers(file).map((e) => e.name)).toEqual(['ligo-lvk']);
  });
});
