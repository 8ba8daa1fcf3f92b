import { type OwnProblem, problemWith } from '@svom/service-kit';

/**
 * The follow-up service's own problems as the documents show them (errors.ts has the codes): one
 * definition each, for the routes that answer them.
 */
export const unknownFacility = problemWith(404, 'FOLLOWUP_UNKNOWN_FACILITY', 'facility TAROT-R is not registered');
export const unknownRequest: OwnProblem = {
  code: 'FOLLOWUP_UNKNOWN_REQUEST',
  detail: 'no observation request sb26011501-TAROT-R',
};
export const unknownBurst: OwnProblem = {
  code: 'FOLLOWUP_UNKNOWN_BURST',
  detail: 'no notice of burst sb26031499 has reached follow-up',
};
export const foreignRequest: OwnProblem = {
  code: 'FOLLOWUP_FOREIGN_REQUEST',
  detail: 'request sb26011501-GWAC belongs to facility GWAC, not to COLIBRI',
};
export const facilityOnly: OwnProblem = {
  code: 'FOLLOWUP_FACILITY_ONLY',
  detail: 'only a facility (its token) may do this',
};
export const missingToken = (roles: string): OwnProblem => ({
  code: 'FOLLOWUP_MISSING_TOKEN',
  detail: `a bearer token is required: a facility token, or a JWT with the role ${roles}`,
});
export const badToken: OwnProblem = { code: 'FOLLOWUP_BAD_TOKEN', detail: 'this facility token is not known' };
/** The facility token lookup found the database away (authenticateActor). */
export const notDurable = problemWith(
  503,
  'FOLLOWUP_NOT_DURABLE',
  'could not be recorded durably (database unreachable); nothing was stored, retry',
);
