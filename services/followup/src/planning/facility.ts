/** A facility as planning sees it: its site and observing limits (followup.facilities). */
export interface Facility {
  id: string;
  name: string;
  kind: FacilityKind;
  siteName: string;
  latitudeDeg: number;
  longitudeDeg: number;
  altitudeM: number;
  minAltitudeDeg: number;
  maxSunAltitudeDeg: number;
  minMoonDistanceDeg: number;
  /** Side of the field of view: an error circle wider than it cannot be covered. */
  fieldOfViewDeg: number;
  filters: string[];
  typicalResponseS: number;
  contact: string;
  source: string;
  active: boolean;
}

export const FACILITY_KINDS = [
  'wide-field',
  'robotic-optical',
  'robotic-optical-nir',
  'spectroscopic',
  'radio',
  'x-ray',
] as const;
export type FacilityKind = (typeof FACILITY_KINDS)[number];
