/**
 * Worker of {@link XsdValidatorPool}: validates batches of VOEvents against the VOEvent 2.0 XSD
 * off the main thread (libxml2 in WebAssembly, the schema compiled once per worker).
 */
import { parentPort } from 'node:worker_threads';
import { validateVoEventXml, type XsdValidationResult } from '@svom/voevent';

/** A batch from the pool: one postMessage per tick, not per event. */
export interface XsdBatch {
  batchId: number;
  xmls: string[];
}

/** A result, or the message of a validator that threw (the event could not be validated). */
export type XsdJobResult = XsdValidationResult | { thrown: string };

parentPort?.on('message', ({ batchId, xmls }: XsdBatch) => {
  const results: XsdJobResult[] = xmls.map((xml) => {
    try {
      return validateVoEventXml(xml);
    } catch (error) {
      return { thrown: (error as Error).message };
    }
  });
  parentPort?.postMessage({ batchId, results });
});
