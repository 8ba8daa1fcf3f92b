/** Test material of @svom/vtp, for this library's tests and the attack suite (`@svom/vtp/testing`). */
export { hostileFrames, hostileVoEvent } from './hostile-frames.js';
export type { HostileFrame } from './hostile-frames.js';
