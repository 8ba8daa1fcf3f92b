import type {
  Author,
  Citations,
  CiteType,
  Group,
  How,
  Inference,
  Param,
  ParamDataType,
  Position2D,
  Reference,
  Table,
  TableField,
  VoEvent,
  VoEventRole,
  What,
  WhereWhen,
  Who,
  Why,
} from './voevent.model.js';
import { VOEVENT_NS } from './voevent.model.js';
import { VoEventError } from './voevent.errors.js';
import type { XmlNode } from './xml-tree.js';
import { attr, child, childText, children, parseXmlTree, textOf } from './xml-tree.js';

const ROLES: readonly VoEventRole[] = ['observation', 'prediction', 'utility', 'test'];
const CITES: readonly CiteType[] = ['followup', 'supersedes', 'retraction'];
const DATA_TYPES: readonly ParamDataType[] = ['string', 'float', 'int'];

/**
 * Reads VOEvent 2.0 XML into the model. Accepts any prefix (or none) on the root, as long as it
 * is in the VOEvent 2.0 namespace; children are unqualified as the XSD says.
 * @throws {VoEventError} NOT_XML (with line/column), NOT_VOEVENT, UNSUPPORTED_VERSION,
 *   MISSING_FIELD or BAD_VALUE (with the field path).
 */
export function readVoEventXml(xml: string): VoEvent {
  const tree = parseXmlTree(xml);
  const rootKey = Object.keys(tree).find((key) => localName(key) === 'VOEvent');
  const root = rootKey === undefined ? undefined : child(tree, rootKey);
  if (rootKey === undefined || root === undefined) {
    const found = Object.keys(tree).filter((key) => !key.startsWith('?') && key !== '#text');
    throw new VoEventError('NOT_VOEVENT', `root element is <${found[0] ?? 'nothing'}>, not <VOEvent>`);
  }
  const prefix = rootKey.includes(':') ? rootKey.slice(0, rootKey.indexOf(':')) : undefined;
  const namespace = attr(root, prefix === undefined ? 'xmlns' : `xmlns:${prefix}`);
  const version = attr(root, 'version');
  if (namespace !== VOEVENT_NS || version !== '2.0') {
    if (namespace?.startsWith('http://www.ivoa.net/xml/VOEvent/') || version !== undefined) {
      throw new VoEventError(
        'UNSUPPORTED_VERSION',
        `VOEvent version ${version ?? '?'} in namespace ${namespace ?? 'none'}; only 2.0 is read`,
        { field: 'VOEvent/@version' },
      );
    }
    throw new VoEventError('NOT_VOEVENT', `<${rootKey}> is not in the VOEvent 2.0 namespace`, { field: 'VOEvent' });
  }
  const event: VoEvent = {
    ivorn: required(attr(root, 'ivorn'), 'VOEvent/@ivorn'),
    role: oneOf(attr(root, 'role') ?? 'observation', ROLES, 'VOEvent/@role'),
    version: '2.0',
  };
  const who = child(root, 'Who');
  if (who) event.who = readWho(who);
  const what = child(root, 'What');
  if (what) event.what = readWhat(what);
  const whereWhen = child(root, 'WhereWhen');
  if (whereWhen) event.whereWhen = readWhereWhen(whereWhen);
  const how = child(root, 'How');
  if (how) event.how = readHow(how);
  const why = child(root, 'Why');
  if (why) event.why = readWhy(why);
  const citations = child(root, 'Citations');
  if (citations) event.citations = readCitations(citations);
  assign(event, 'description', childText(root, 'Description'));
  assign(event, 'reference', readReference(child(root, 'Reference'), 'VOEvent/Reference'));
  return event;
}

function localName(key: string): string {
  return key.slice(key.indexOf(':') + 1);
}

/** Sets an optional property only when defined, so models compare equal with toEqual/JSON. */
function assign<T extends object, K extends keyof T>(target: T, key: K, value: T[K] | undefined): void {
  if (value !== undefined) target[key] = value;
}

function required(value: string | undefined, field: string): string {
  if (value === undefined || value === '') throw new VoEventError('MISSING_FIELD', `missing ${field}`, { field });
  return value;
}

function oneOf<T extends string>(value: string, allowed: readonly T[], field: string): T {
  if (!(allowed as readonly string[]).includes(value)) {
    throw new VoEventError('BAD_VALUE', `${field} is "${value}", expected one of ${allowed.join(', ')}`, { field });
  }
  return value as T;
}

function numberOf(value: string, field: string): number {
  const parsed = Number(value);
  if (value.trim() === '' || !Number.isFinite(parsed)) {
    throw new VoEventError('BAD_VALUE', `${field} is "${value}", not a number`, { field });
  }
  return parsed;
}

function optionalNumber(value: string | undefined, field: string): number | undefined {
  return value === undefined ? undefined : numberOf(value, field);
}

function readReference(node: XmlNode | undefined, field: string): Reference | undefined {
  if (node === undefined) return undefined;
  const ref: Reference = { uri: required(attr(node, 'uri'), `${field}/@uri`) };
  assign(ref, 'type', attr(node, 'type'));
  assign(ref, 'mimetype', attr(node, 'mimetype'));
  assign(ref, 'meaning', attr(node, 'meaning'));
  return ref;
}

function readReferences(node: XmlNode, field: string): Reference[] {
  return children(node, 'Reference').map((ref, i) => readReference(ref, `${field}/Reference[${i + 1}]`) as Reference);
}

function readWho(node: XmlNode): Who {
  const who: Who = {};
  assign(who, 'authorIvorn', childText(node, 'AuthorIVORN'));
  assign(who, 'date', childText(node, 'Date'));
  assign(who, 'description', childText(node, 'Description'));
  assign(who, 'reference', readReference(child(node, 'Reference'), 'Who/Reference'));
  const authorNode = child(node, 'Author');
  if (authorNode) {
    const author: Author = {};
    assign(author, 'title', childText(authorNode, 'title'));
    assign(author, 'shortName', childText(authorNode, 'shortName'));
    assign(author, 'logoUrl', childText(authorNode, 'logoURL'));
    assign(author, 'contactName', childText(authorNode, 'contactName'));
    assign(author, 'contactEmail', childText(authorNode, 'contactEmail'));
    assign(author, 'contactPhone', childText(authorNode, 'contactPhone'));
    assign(author, 'contributor', childText(authorNode, 'contributor'));
    who.author = author;
  }
  return who;
}

function readParam(node: XmlNode, field: string): Param {
  const param: Param = { name: attr(node, 'name') ?? '' };
  assign(param, 'value', attr(node, 'value') ?? childText(node, 'Value'));
  assign(param, 'unit', attr(node, 'unit'));
  assign(param, 'ucd', attr(node, 'ucd'));
  const dataType = attr(node, 'dataType');
  if (dataType !== undefined) param.dataType = oneOf(dataType, DATA_TYPES, `${field}/@dataType`);
  assign(param, 'utype', attr(node, 'utype'));
  assign(param, 'description', childText(node, 'Description'));
  const refs = readReferences(node, field);
  if (refs.length > 0) param.references = refs;
  return param;
}

function readParams(node: XmlNode, field: string): Param[] {
  return children(node, 'Param').map((p, i) => readParam(p, `${field}/Param[${i + 1}]`));
}

function readGroup(node: XmlNode, field: string): Group {
  const group: Group = { params: readParams(node, field) };
  assign(group, 'name', attr(node, 'name'));
  assign(group, 'type', attr(node, 'type'));
  assign(group, 'description', childText(node, 'Description'));
  const refs = readReferences(node, field);
  if (refs.length > 0) group.references = refs;
  return group;
}

function readTable(node: XmlNode, field: string): Table {
  const fields = children(node, 'Field').map((f, i): TableField => {
    const out: TableField = {};
    assign(out, 'name', attr(f, 'name'));
    assign(out, 'unit', attr(f, 'unit'));
    assign(out, 'ucd', attr(f, 'ucd'));
    const dataType = attr(f, 'dataType');
    if (dataType !== undefined) out.dataType = oneOf(dataType, DATA_TYPES, `${field}/Field[${i + 1}]/@dataType`);
    assign(out, 'utype', attr(f, 'utype'));
    assign(out, 'description', childText(f, 'Description'));
    return out;
  });
  const rows = children(node, 'Data')
    .flatMap((data) => children(data, 'TR'))
    .map((tr) => children(tr, 'TD').map(textOf));
  const table: Table = { params: readParams(node, field), fields, rows };
  assign(table, 'name', attr(node, 'name'));
  assign(table, 'type', attr(node, 'type'));
  assign(table, 'description', childText(node, 'Description'));
  return table;
}

function readWhat(node: XmlNode): What {
  const what: What = {
    params: readParams(node, 'What'),
    groups: children(node, 'Group').map((g, i) => readGroup(g, `What/Group[${i + 1}]`)),
  };
  const tables = children(node, 'Table').map((t, i) => readTable(t, `What/Table[${i + 1}]`));
  if (tables.length > 0) what.tables = tables;
  assign(what, 'description', childText(node, 'Description'));
  const refs = readReferences(node, 'What');
  if (refs.length > 0) what.references = refs;
  return what;
}

/** Digits after the point, or undefined for a form toFixed cannot reproduce (exponent...). */
function fractionDigitsOf(text: string): number | undefined {
  const match = /^[-+]?\d+(?:\.(\d*))?$/.exec(text);
  return match ? (match[1]?.length ?? 0) : undefined;
}

function readPosition(node: XmlNode, field: string): Position2D {
  const value2 = child(node, 'Value2');
  const texts = [
    required(value2 && childText(value2, 'C1'), `${field}/Value2/C1`),
    required(value2 && childText(value2, 'C2'), `${field}/Value2/C2`),
    required(childText(node, 'Error2Radius'), `${field}/Error2Radius`),
  ] as const;
  const position: Position2D = {
    c1: numberOf(texts[0], `${field}/Value2/C1`),
    c2: numberOf(texts[1], `${field}/Value2/C2`),
    error2Radius: numberOf(texts[2], `${field}/Error2Radius`),
  };
  assign(position, 'unit', attr(node, 'unit'));
  assign(position, 'name1', childText(node, 'Name1'));
  assign(position, 'name2', childText(node, 'Name2'));
  // Keep the digit count only when the shortest form would not give the same text back
  // ("204.6500"), so that the model stays canonical.
  const digits = texts.map(fractionDigitsOf);
  const values = [position.c1, position.c2, position.error2Radius];
  if (
    digits[0] !== undefined &&
    digits.every((d) => d === digits[0]) &&
    texts.some((t, i) => String(values[i]) !== t)
  ) {
    position.fractionDigits = digits[0];
  }
  return position;
}

function readWhereWhen(node: XmlNode): WhereWhen {
  const base = 'WhereWhen/ObsDataLocation';
  const obs = child(node, 'ObsDataLocation');
  const observatory = obs && child(obs, 'ObservatoryLocation');
  const location = obs && child(obs, 'ObservationLocation');
  const system = location && child(location, 'AstroCoordSystem');
  const coords = location && child(location, 'AstroCoords');
  const whereWhen: WhereWhen = {
    observatoryLocation: required(observatory && attr(observatory, 'id'), `${base}/ObservatoryLocation/@id`),
    coordSystem: required(
      (system && attr(system, 'id')) ?? (coords && attr(coords, 'coord_system_id')),
      `${base}/ObservationLocation/AstroCoordSystem/@id`,
    ),
  };
  const coordsField = `${base}/ObservationLocation/AstroCoords`;
  const time = coords && child(coords, 'Time');
  if (time) {
    const instant = child(time, 'TimeInstant');
    assign(whereWhen, 'isoTime', instant && childText(instant, 'ISOTime'));
    assign(whereWhen, 'timeUnit', attr(time, 'unit'));
    assign(whereWhen, 'timeError', optionalNumber(childText(time, 'Error'), `${coordsField}/Time/Error`));
  }
  const position = coords && child(coords, 'Position2D');
  if (position) whereWhen.position = readPosition(position, `${coordsField}/Position2D`);
  assign(whereWhen, 'description', childText(node, 'Description'));
  assign(whereWhen, 'reference', readReference(child(node, 'Reference'), 'WhereWhen/Reference'));
  return whereWhen;
}

function readHow(node: XmlNode): How {
  return { descriptions: children(node, 'Description').map(textOf), references: readReferences(node, 'How') };
}

function readWhy(node: XmlNode): Why {
  const why: Why = {
    inferences: children(node, 'Inference').map((inf, i) => {
      const field = `Why/Inference[${i + 1}]`;
      const inference: Inference = {};
      assign(inference, 'probability', optionalNumber(attr(inf, 'probability'), `${field}/@probability`));
      assign(inference, 'relation', attr(inf, 'relation'));
      assign(inference, 'name', childText(inf, 'Name'));
      assign(inference, 'concept', childText(inf, 'Concept'));
      assign(inference, 'description', childText(inf, 'Description'));
      assign(inference, 'reference', readReference(child(inf, 'Reference'), `${field}/Reference`));
      return inference;
    }),
  };
  assign(why, 'importance', optionalNumber(attr(node, 'importance'), 'Why/@importance'));
  assign(why, 'expires', attr(node, 'expires'));
  assign(why, 'name', childText(node, 'Name'));
  assign(why, 'concept', childText(node, 'Concept'));
  assign(why, 'description', childText(node, 'Description'));
  assign(why, 'reference', readReference(child(node, 'Reference'), 'Why/Reference'));
  return why;
}

function readCitations(node: XmlNode): Citations {
  const citations: Citations = {
    eventIvorns: children(node, 'EventIVORN').map((el, i) => ({
      ivorn: required(textOf(el), `Citations/EventIVORN[${i + 1}]`),
      cite: oneOf(
        required(attr(el, 'cite'), `Citations/EventIVORN[${i + 1}]/@cite`),
        CITES,
        `Citations/EventIVORN[${i + 1}]/@cite`,
      ),
    })),
  };
  assign(citations, 'description', childText(node, 'Description'));
  return citations;
}
