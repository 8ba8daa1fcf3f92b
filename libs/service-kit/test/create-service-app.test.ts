import { afterAll, describe, expect, test } from 'vitest';
import { createServiceApp, type Route } from '@svom/service-kit';
import { TEST_JWT_SECRET } from '@svom/service-kit/testing';

interface Runtime {
  greeting: string;
  stop(): Promise<void>;
}

describe('createServiceApp without infrastructure (the OpenAPI generator)', () => {
  const seen: Array<{ limit: number }> = [];
  const route: Route<Runtime, { LIMIT: number }> = async (scope, runtime, settings) => {
    seen.push({ limit: settings.LIMIT });
    scope.get('/hello', async () => ({ hello: runtime.greeting }));
  };
  let app: Awaited<ReturnType<typeof build>>;
  const build = () =>
    createServiceApp(
      { service: 'widget', title: 'widget', description: 'a test service' },
      { jwtSecret: TEST_JWT_SECRET, settings: { LIMIT: 7 }, logger: false },
      { runtime: () => ({ greeting: 'hi', stop: async () => {} }), routes: [route] },
    );
  afterAll(() => app?.close());

  test('routes are registered with the settings; the absent runtime throws, naming why, when read', async () => {
    app = await build();
    await app.ready();
    expect(seen).toEqual([{ limit: 7 }]);
    expect(() => app.runtime.greeting).toThrow(/widget was built without infrastructure.*greeting/);
    const res = await app.inject({ url: '/hello' });
    expect(res.statusCode).toBe(500);
  });
});
