/*
 * What the ingest answered on a fresh database (recorded once; arrival times set a few hundred
 * milliseconds after reception): burst sb26031401 relayed by ten stations
 * (testdata/vectors/burst-relayed.json), a damaged frame from Nouméa, and a light curve of the
 * 2026-02-11 burst missing one of its four frames (testdata/vectors/frames.json).
 */
import { stationHealthExample } from '@svom/contracts';

export const newStationExample = { id: 'NCL1', name: 'Nouméa', latitudeDeg: -22.27, longitudeDeg: 166.45 };
export const stationCredentialsExample = { stationId: 'NCL1', token: 'vhf_KCzzi-JTtFICd4d4_A4BlxQwa8apRt5T' };
export const receptionsExample = {
  receptions: [
    {
      stationId: 'NCL1',
      receivedAt: '2026-03-14T02:10:21.395Z',
      frame: 'CyDH0gBBEUx9A0AAASJlsfYBEUx8/UAAAauh/fagAggFZAgABRQBAQAAFTsvY+vDg8t3W1Nk3EFN8ABTL1oAQzAD//7YKMrF',
      rssiDbm: -124.7,
    },
    {
      stationId: 'NCL1',
      receivedAt: '2026-03-14T02:10:21.827Z',
      frame: 'CyDH0wAUEUx9BkAAAiJlsfYAABFMfQXAALuy',
      rssiDbm: -97.5,
    },
    {
      stationId: 'NCL1',
      receivedAt: '2026-03-14T02:13:33.910Z',
      frame: 'CyDEsQBBESSQ6ZqgAQChssMAESSR55qgGP/z0qNmAnoE/xAABRQBAQAAQiH3W+UXNS6ylzMQSMLIUAARpkX/oh9N/8/uIKHd',
      rssiDbm: -121.4,
    },
  ],
};
export const receptionsReplyExample = {
  results: [
    { status: 'accepted', packetKey: '0320-02002-114c7d034000' },
    { status: 'duplicate', packetKey: '0320-02003-114c7d064000' },
    { status: 'rejected', error: { code: 'CRC_MISMATCH', detail: 'CRC 0xa1dd on the wire, 0xb3ab computed' } },
  ],
};
/** The MXT position packet of sb26031401, as listed (the packet page) and shown alone. */
const mxtPositionPacket = {
  key: '0340-02004-114c7dc54000',
  apid: 832,
  messageType: 1,
  source: 'mxt',
  message: 'position',
  sequenceFlags: 'standalone',
  sequenceCount: 2004,
  obt: '2026-03-14T02:13:25.250Z',
  frame: 'C0DH1AAmEUx9xUAAASJlsfYAEUx9xEAAjzTu7AZWAmwL6j3hR6489cKPAMQ9',
  fields: {
    snr: 30.5,
    time: '2026-03-14T02:13:24.250Z',
    raDeg: 201.38450145721436,
    decDeg: -14.045097827911377,
    quality: 3,
    meanFlux: 0.10999999940395355,
    fluxError: 0.029999999329447746,
    r90Arcsec: 62,
    messageCount: 0,
    usedVtAttitude: false,
    alertSequenceId: 577090038,
  },
  firstStationId: 'CBR1',
  firstReceivedAt: '2026-03-14T02:13:31.375Z',
  arrivedAt: '2026-03-14T02:13:31.787Z',
};
export const packetPageExample = {
  packets: [
    mxtPositionPacket,
    {
      key: '0320-02003-114c7d064000',
      apid: 800,
      messageType: 2,
      source: 'eclairs',
      message: 'slew-status',
      sequenceFlags: 'standalone',
      sequenceCount: 2003,
      obt: '2026-03-14T02:10:14.250Z',
      frame: 'CyDH0wAUEUx9BkAAAiJlsfYAABFMfQXAALuy',
      fields: { time: '2026-03-14T02:10:13.750Z', reason: 'none', status: 'accepted', alertSequenceId: 577090038 },
      firstStationId: 'OUK1',
      firstReceivedAt: '2026-03-14T02:10:23.331Z',
      arrivedAt: '2026-03-14T02:10:23.743Z',
    },
  ],
  nextCursor: 'WyIyMDI2LTAzLTE0VDAyOjEwOjE0LjI1MFoiLCIwMzIwLTAyMDAzLTExNGM3ZDA2NDAwMCJd',
};
export const packetExample = {
  ...mxtPositionPacket,
  receptions: [
    {
      id: 2,
      stationId: 'CBR1',
      receivedAt: '2026-03-14T02:13:31.375Z',
      arrivedAt: '2026-03-14T02:13:31.787Z',
      rssiDbm: -95.8,
      status: 'accepted',
      conflict: false,
      latencyMs: 6125,
    },
    {
      id: 4,
      stationId: 'KOU1',
      receivedAt: '2026-03-14T02:13:38.955Z',
      arrivedAt: '2026-03-14T02:13:39.367Z',
      rssiDbm: -110,
      status: 'duplicate',
      conflict: false,
      latencyMs: 13705,
    },
    {
      id: 14,
      stationId: 'LIB1',
      receivedAt: '2026-03-14T02:13:33.532Z',
      arrivedAt: '2026-03-14T02:13:33.944Z',
      rssiDbm: -102.7,
      status: 'duplicate',
      conflict: false,
      latencyMs: 8282,
    },
    {
      id: 15,
      stationId: 'MUS1',
      receivedAt: '2026-03-14T02:13:33.834Z',
      arrivedAt: '2026-03-14T02:13:34.246Z',
      rssiDbm: -97.7,
      status: 'duplicate',
      conflict: false,
      latencyMs: 8584,
    },
    {
      id: 16,
      stationId: 'SGP1',
      receivedAt: '2026-03-14T02:13:35.562Z',
      arrivedAt: '2026-03-14T02:13:35.974Z',
      rssiDbm: -114,
      status: 'duplicate',
      conflict: false,
      latencyMs: 10312,
    },
    {
      id: 17,
      stationId: 'DAR1',
      receivedAt: '2026-03-14T02:13:38.600Z',
      arrivedAt: '2026-03-14T02:13:39.012Z',
      rssiDbm: -113.2,
      status: 'duplicate',
      conflict: false,
      latencyMs: 13350,
    },
  ],
};
export const rejectionPageExample = {
  rejections: [
    {
      id: 13,
      stationId: 'NCL1',
      receivedAt: '2026-03-14T02:13:33.910Z',
      arrivedAt: '2026-03-14T02:13:34.322Z',
      rssiDbm: -121.4,
      frame: 'CyDEsQBBESSQ6ZqgAQChssMAESSR55qgGP/z0qNmAnoE/xAABRQBAQAAQiH3W+UXNS6ylzMQSMLIUAARpkX/oh9N/8/uIKHd',
      code: 'CRC_MISMATCH',
      detail: 'CRC 0xa1dd on the wire, 0xb3ab computed',
    },
  ],
  nextCursor: null,
};
export const messagesExample = {
  messages: [
    {
      key: '0320-01300-112491059aa0-msg',
      apid: 800,
      source: 'eclairs',
      message: 'light-curve',
      status: 'incomplete',
      firstCount: 1300,
      lastCount: 1303,
      missingCounts: [1302],
      firstObt: '2026-02-11T19:24:53.604Z',
      firstArrivedAt: '2026-02-11T19:24:40.930Z',
      completedAt: null,
      fields: { lastReceived: true, firstReceived: true, conflictingCounts: [] },
    },
  ],
};

/** Nouméa as the contracts show it, and Darwin silent since the evening. */
export const stationListExample = {
  stations: [
    stationHealthExample,
    {
      ...stationHealthExample,
      stationId: 'DAR1',
      name: 'Darwin',
      latitudeDeg: -12.46,
      longitudeDeg: 130.84,
      status: 'silent',
      lastHeardAt: '2026-02-11T18:07:51.377Z',
      lastHour: {
        receptions: 0,
        packets: 0,
        duplicates: 0,
        rejections: {},
        latencyP50Ms: null,
        latencyP95Ms: null,
        medianRssiDbm: null,
      },
    },
  ],
};
