import { readFileSync } from 'node:fs';

interface CatalogFile {
  sources: Array<{ id: number; name: string }>;
}

let names: Map<number, string> | undefined;

/**
 * The name of an ECLAIRs on-board catalogue source (`Source_Name`), `unknown` for an id the
 * catalogue does not list (ICD-VHF section 7). Read once, from data/ beside src/ and dist/.
 */
export function onboardSourceName(id: number): string {
  names ??= new Map(
    (
      JSON.parse(
        readFileSync(new URL('../../data/eclairs-onboard-catalog.json', import.meta.url), 'utf8'),
      ) as CatalogFile
    ).sources.map((s) => [s.id, s.name]),
  );
  return names.get(id) ?? 'unknown';
}
