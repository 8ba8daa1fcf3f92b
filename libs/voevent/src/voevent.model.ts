/**
 * A generic VOEvent 2.0 model (IVOA Recommendation 2011-07-11), covering what GRB notices use:
 * SVOM FSC, Swift BAT and Fermi GBM. Element order inside `What` is normalised (Params, then
 * Groups, then Tables) since VOEvent gives the order no meaning. Text is trimmed.
 */

/** `role` attribute of the root element. */
export type VoEventRole = 'observation' | 'prediction' | 'utility' | 'test';

/** Relation of a cited event to this one. */
export type CiteType = 'followup' | 'supersedes' | 'retraction';

/** `dataType` attribute of a Param (absent means `string`). */
export type ParamDataType = 'string' | 'float' | 'int';

/** A `<Reference uri=.. type=..>`. */
export interface Reference {
  uri: string;
  type?: string;
  mimetype?: string;
  meaning?: string;
}

/** A `<Param>`; the value stays the exact text of the attribute. */
export interface Param {
  name: string;
  value?: string;
  unit?: string;
  ucd?: string;
  dataType?: ParamDataType;
  utype?: string;
  description?: string;
  references?: Reference[];
}

/** A `<Group>` of Params. */
export interface Group {
  name?: string;
  type?: string;
  params: Param[];
  description?: string;
  references?: Reference[];
}

/** A `<Field>` (column description) of a Table. */
export interface TableField {
  name?: string;
  unit?: string;
  ucd?: string;
  dataType?: ParamDataType;
  utype?: string;
  description?: string;
}

/** A `<Table>`: fields and rows of text cells. */
export interface Table {
  name?: string;
  type?: string;
  description?: string;
  params: Param[];
  fields: TableField[];
  rows: string[][];
}

/** The `<Author>` block of `<Who>`. */
export interface Author {
  title?: string;
  shortName?: string;
  logoUrl?: string;
  contactName?: string;
  contactEmail?: string;
  contactPhone?: string;
  contributor?: string;
}

/** `<Who>`: who wrote the event and when. */
export interface Who {
  authorIvorn?: string;
  /** Exact text of `<Date>` (ISO 8601, as the author wrote it). */
  date?: string;
  description?: string;
  reference?: Reference;
  author?: Author;
}

/** `<What>`: the measured parameters. */
export interface What {
  params: Param[];
  groups: Group[];
  tables?: Table[];
  description?: string;
  references?: Reference[];
}

/** A sky position with a circular error, as `<Position2D>`. */
export interface Position2D {
  /** Unit of C1, C2 and Error2Radius (GRB notices use `deg`). */
  unit?: string;
  name1?: string;
  name2?: string;
  c1: number;
  c2: number;
  error2Radius: number;
  /**
   * Digits after the decimal point the writer prints for C1, C2 and Error2Radius (the SVOM FSC
   * prints 4); absent means the shortest exact form. The reader sets it when all three share one
   * count in the source and the shortest form would differ ("204.6500"), so the XML comes back
   * as written.
   */
  fractionDigits?: number;
}

/** `<WhereWhen>`, reduced to the single ObsDataLocation a GRB notice carries. */
export interface WhereWhen {
  /** `ObservatoryLocation/@id`, e.g. `GEOLEO`. */
  observatoryLocation: string;
  /** `AstroCoordSystem/@id`, e.g. `UTC-ICRS-GEO` (also written as `AstroCoords/@coord_system_id`). */
  coordSystem: string;
  /** Exact text of `<ISOTime>` (no time zone: the coordinate system names the scale). */
  isoTime?: string;
  /** `Time/@unit` (`s` in every GRB notice). */
  timeUnit?: string;
  /** `Time/Error` in `timeUnit`. */
  timeError?: number;
  position?: Position2D;
  description?: string;
  reference?: Reference;
}

/** `<Inference>` inside `<Why>`. */
export interface Inference {
  probability?: number;
  relation?: string;
  name?: string;
  concept?: string;
  description?: string;
  reference?: Reference;
}

/** `<Why>`: what the author thinks the event is. */
export interface Why {
  importance?: number;
  expires?: string;
  name?: string;
  concept?: string;
  inferences: Inference[];
  description?: string;
  reference?: Reference;
}

/** `<How>`: instruments and methods. */
export interface How {
  descriptions: string[];
  references: Reference[];
}

/** One `<EventIVORN>` of `<Citations>`. */
export interface EventIvorn {
  ivorn: string;
  cite: CiteType;
}

/** `<Citations>`: earlier events this one follows up, supersedes or retracts. */
export interface Citations {
  eventIvorns: EventIvorn[];
  description?: string;
}

/** A whole VOEvent 2.0 packet. */
export interface VoEvent {
  ivorn: string;
  role: VoEventRole;
  version: '2.0';
  who?: Who;
  what?: What;
  whereWhen?: WhereWhen;
  how?: How;
  why?: Why;
  citations?: Citations;
  description?: string;
  reference?: Reference;
}

/** The VOEvent 2.0 XML namespace. */
export const VOEVENT_NS = 'http://www.ivoa.net/xml/VOEvent/v2.0';
/** Where the real notices say the schema lives (`xsi:schemaLocation`). */
export const VOEVENT_SCHEMA_LOCATION = `${VOEVENT_NS} http://www.ivoa.net/xml/VOEvent/VOEvent-v2.0.xsd`;
