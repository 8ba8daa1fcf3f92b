// The notices the suites publish, built by the real writer: the follow-up suite's builders, one
// copy for both consumers of the ALERTS stream.
export { grmTrigger, mxtInitial, mxtUpdate, retraction, slewing } from '../../followup/test/notices.js';
