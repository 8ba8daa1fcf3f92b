// What the one-process `npm start`, the OpenAPI generator and the tests use of this service.
export { followupService } from './service.js';
export { buildFollowupApp, SERVICE } from './app.js';
export type { FollowupApp } from './app.js';
export { loadFollowupConfig, FollowupConfig } from './config.js';
export { readNotice, NoticeError, NOTICE_HEADERS } from './notices/notice-reader.js';
export type { ParsedNotice } from './notices/notice-reader.js';
export { planNotice } from './planning/plan-notice.js';
