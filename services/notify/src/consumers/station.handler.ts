import type { StationHealthMessage } from '@svom/contracts';
import type { Kysely } from 'kysely';
import { closeAlarm, openAlarm } from '../alarms/alarm.repository.js';
import type { NotifyTables } from '../db/tables.js';
import { PermanentError, type Envelope } from './jetstream.consumer.js';

/**
 * A station's health (`svom.vhf.station.<id>`, every minute and when it falls silent for 5
 * minutes): silent opens the station's alarm, active closes it; repeats change nothing.
 */
export function stationHandler(db: Kysely<NotifyTables>) {
  return async (envelope: Envelope): Promise<void> => {
    let health: StationHealthMessage;
    try {
      health = JSON.parse(new TextDecoder().decode(envelope.data)) as StationHealthMessage;
    } catch (error) {
      throw new PermanentError(`station health is not JSON: ${(error as Error).message}`);
    }
    if (typeof health?.stationId !== 'string') throw new PermanentError('station health without a stationId');
    const key = `station:${health.stationId}`;
    if (health.status === 'silent')
      await openAlarm(db, {
        key,
        kind: 'station-silent',
        summary: `station ${health.stationId} (${health.name}) silent since ${health.lastHeardAt ?? 'ever'}`,
        details: { stationId: health.stationId, lastHeardAt: health.lastHeardAt, at: health.at },
      });
    else if (health.status === 'active')
      await closeAlarm(db, key, `station ${health.stationId} (${health.name}) heard again at ${health.lastHeardAt}`);
  };
}
