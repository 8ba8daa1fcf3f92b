import { describe, expect, test } from 'vitest';
import { serviceEnv } from '../src/launcher/service-env.js';

describe('svom start: the environment of each service', () => {
  const started = [
    { name: 'vhf-ingest', port: 40001 },
    { name: 'alerts', port: 40002 },
    { name: 'followup', port: 40003 },
    { name: 'scheduler', port: 40004 },
    { name: 'notify', port: 40006 },
  ];

  test('the dashboard is pointed at the ports the others took, notify included', () => {
    const env = serviceEnv('web', { WEB_PORT: '8440' }, started);
    expect(env).toMatchObject({
      PORT: '8440',
      INGEST_URL: 'https://127.0.0.1:40001',
      ALERTS_URL: 'https://127.0.0.1:40002',
      FOLLOWUP_URL: 'https://127.0.0.1:40003',
      SCHEDULER_URL: 'https://127.0.0.1:40004',
      NOTIFY_URL: 'https://127.0.0.1:40006',
    });
  });

  test('a *_URL given wins; other services get no upstream URLs', () => {
    expect(serviceEnv('web', { NOTIFY_URL: 'https://notify.example:8446' }, started).NOTIFY_URL).toBe(
      'https://notify.example:8446',
    );
    expect(serviceEnv('notify', { NOTIFY_PORT: '9446' }, started)).toMatchObject({ PORT: '9446' });
    expect(serviceEnv('notify', {}, started).NOTIFY_URL).toBeUndefined();
  });
});
