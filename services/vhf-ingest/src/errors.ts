import { createError } from '@svom/service-kit';

/** The ingest service's errors, with stable codes (problem+json `code`). */
export const IngestErrors = {
  MissingToken: createError(
    'VHF_MISSING_TOKEN',
    'a station bearer token is required (Authorization: Bearer <token>)',
    401,
  ),
  BadToken: createError('VHF_BAD_TOKEN', 'this station token is not known', 401),
  ForeignStation: createError(
    'VHF_FOREIGN_STATION',
    'reception %s claims station %s, but the token belongs to %s',
    403,
  ),
  StationExists: createError(
    'VHF_STATION_EXISTS',
    'station %s is already registered; POST /v1/stations/%s/token to rotate its token',
    409,
  ),
  UnknownStation: createError('VHF_UNKNOWN_STATION', 'station %s is not registered', 404),
  UnknownPacket: createError('VHF_UNKNOWN_PACKET', 'no packet with key %s', 404),
  BadCursor: createError('VHF_BAD_CURSOR', 'this cursor was not made by this API', 400),
  NotDurable: createError(
    'VHF_NOT_DURABLE',
    'the receptions could not be recorded durably (%s); nothing was stored, retry',
    503,
  ),
};
