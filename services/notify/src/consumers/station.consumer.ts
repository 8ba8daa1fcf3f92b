import type { StationHealthMessage } from '@svom/contracts';
import { DurableConsumer, UnusableMessageError, type ConsumerDeps, type ConsumerSettings } from '@svom/service-kit';
import type { Kysely } from 'kysely';
import { closeAlarm, openAlarm } from '../db/alarm.repository.js';
import type { NotifyTables } from '../db/tables.js';

/** A station's health as the VHF ingest publishes it (`svom.vhf.station.<id>`). */
export function decodeStationHealth(data: Uint8Array): StationHealthMessage {
  let health: StationHealthMessage;
  try {
    health = JSON.parse(new TextDecoder().decode(data)) as StationHealthMessage;
  } catch (error) {
    throw new UnusableMessageError('NOT_JSON', `station health is not JSON: ${(error as Error).message}`);
  }
  if (typeof health?.stationId !== 'string' || typeof health.status !== 'string')
    throw new UnusableMessageError('BAD_STATION_HEALTH', 'station health without a stationId or a status');
  return health;
}

/** Silent (nothing for 5 minutes) opens the station's alarm, active closes it; repeats change nothing. */
export async function handleStationHealth(db: Kysely<NotifyTables>, health: StationHealthMessage): Promise<void> {
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
}

/** The kit's durable consumer `notify-stations` of `svom.vhf.station.*`, from now on (old silences are not news). */
export function stationConsumer(
  deps: ConsumerDeps & { subjects: { vhf: { stations: string } } },
  settings: ConsumerSettings,
  afterAck: () => void,
): DurableConsumer<StationHealthMessage> {
  const db = deps.db as Kysely<NotifyTables>;
  return new DurableConsumer<StationHealthMessage>(deps, {
    durable: 'notify-stations',
    stream: 'VHF',
    filterSubject: deps.subjects.vhf.stations,
    deliverPolicy: 'new',
    settings,
    deadLetters: 'notify.dead_letters',
    decode: (raw) => decodeStationHealth(raw.data),
    handle: (health) => handleStationHealth(db, health),
    afterAck,
  });
}
