import { create } from 'xmlbuilder2';
import type { XMLBuilder } from 'xmlbuilder2/lib/interfaces.js';
import type {
  Author,
  Citations,
  Group,
  How,
  Param,
  Position2D,
  Reference,
  Table,
  VoEvent,
  What,
  WhereWhen,
  Who,
  Why,
} from './voevent.model.js';
import { VOEVENT_NS, VOEVENT_SCHEMA_LOCATION } from './voevent.model.js';

const XMLNS_NS = 'http://www.w3.org/2000/xmlns/';
const XSI_NS = 'http://www.w3.org/2001/XMLSchema-instance';

/**
 * Writes a VOEvent as XML the way the real FSC notices look: a `voe:VOEvent` root in the
 * VOEvent 2.0 namespace with `xsi:schemaLocation`, unqualified children, two-space indent.
 * Children follow the element order of the XSD, so the output validates whenever the model holds
 * valid values.
 */
export function writeVoEventXml(event: VoEvent): string {
  const root = create({ version: '1.0', encoding: 'UTF-8' })
    .ele(VOEVENT_NS, 'voe:VOEvent')
    .att(XMLNS_NS, 'xmlns:xsi', XSI_NS)
    .att(XSI_NS, 'xsi:schemaLocation', VOEVENT_SCHEMA_LOCATION)
    .att(attrs({ role: event.role, version: event.version, ivorn: event.ivorn }));
  if (event.who) writeWho(root.ele('Who'), event.who);
  if (event.what) writeWhat(root.ele('What'), event.what);
  if (event.whereWhen) writeWhereWhen(root.ele('WhereWhen'), event.whereWhen);
  if (event.how) writeHow(root.ele('How'), event.how);
  if (event.why) writeWhy(root.ele('Why'), event.why);
  if (event.citations) writeCitations(root.ele('Citations'), event.citations);
  text(root, 'Description', event.description);
  reference(root, event.reference);
  return root.end({ prettyPrint: true, indent: '  ' });
}

/**
 * Escapes every `&` before xmlbuilder2 sees it: its serializer leaves anything that looks like an
 * entity (`&amp;`, `&lt;`) alone, so a description holding the text "&amp;" would come back as
 * "&". With every `&` already written as `&amp;`, the serializer has nothing left to guess.
 */
function esc(value: string): string {
  return value.replaceAll('&', '&amp;');
}

/** Adds `<name>value</name>` when the value is defined. */
function text(parent: XMLBuilder, name: string, value: string | undefined): void {
  if (value !== undefined) parent.ele(name).txt(esc(value));
}

/** Attributes in the given order, skipping undefined ones. */
function attrs(record: Record<string, string | number | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(record)) {
    if (value !== undefined) out[key] = esc(String(value));
  }
  return out;
}

function reference(parent: XMLBuilder, ref: Reference | undefined): void {
  if (ref)
    parent.ele('Reference', attrs({ uri: ref.uri, type: ref.type, mimetype: ref.mimetype, meaning: ref.meaning }));
}

function writeWho(who: XMLBuilder, model: Who): void {
  text(who, 'AuthorIVORN', model.authorIvorn);
  text(who, 'Date', model.date);
  if (model.author) writeAuthor(who.ele('Author'), model.author);
  text(who, 'Description', model.description);
  reference(who, model.reference);
}

function writeAuthor(author: XMLBuilder, model: Author): void {
  text(author, 'title', model.title);
  text(author, 'shortName', model.shortName);
  text(author, 'logoURL', model.logoUrl);
  text(author, 'contactName', model.contactName);
  text(author, 'contactEmail', model.contactEmail);
  text(author, 'contactPhone', model.contactPhone);
  text(author, 'contributor', model.contributor);
}

function writeParam(parent: XMLBuilder, param: Param): void {
  const el = parent.ele(
    'Param',
    attrs({
      name: param.name,
      value: param.value,
      unit: param.unit,
      ucd: param.ucd,
      dataType: param.dataType,
      utype: param.utype,
    }),
  );
  text(el, 'Description', param.description);
  for (const ref of param.references ?? []) reference(el, ref);
}

function writeGroup(parent: XMLBuilder, group: Group): void {
  const el = parent.ele('Group', attrs({ name: group.name, type: group.type }));
  for (const param of group.params) writeParam(el, param);
  text(el, 'Description', group.description);
  for (const ref of group.references ?? []) reference(el, ref);
}

function writeTable(parent: XMLBuilder, table: Table): void {
  const el = parent.ele('Table', attrs({ name: table.name, type: table.type }));
  text(el, 'Description', table.description);
  for (const param of table.params) writeParam(el, param);
  for (const field of table.fields) {
    const f = el.ele(
      'Field',
      attrs({
        name: field.name,
        unit: field.unit,
        ucd: field.ucd,
        dataType: field.dataType,
        utype: field.utype,
      }),
    );
    text(f, 'Description', field.description);
  }
  const data = el.ele('Data');
  for (const row of table.rows) {
    const tr = data.ele('TR');
    for (const cell of row) text(tr, 'TD', cell);
  }
}

function writeWhat(what: XMLBuilder, model: What): void {
  for (const param of model.params) writeParam(what, param);
  for (const group of model.groups) writeGroup(what, group);
  for (const table of model.tables ?? []) writeTable(what, table);
  text(what, 'Description', model.description);
  for (const ref of model.references ?? []) reference(what, ref);
}

/** Prints a coordinate with the digits the model asks for, or its shortest exact form. */
function coordinate(value: number, position: Position2D): string {
  return position.fractionDigits === undefined ? String(value) : value.toFixed(position.fractionDigits);
}

function writeWhereWhen(whereWhen: XMLBuilder, model: WhereWhen): void {
  const obs = whereWhen.ele('ObsDataLocation');
  obs.ele('ObservatoryLocation', attrs({ id: model.observatoryLocation }));
  const location = obs.ele('ObservationLocation');
  location.ele('AstroCoordSystem', attrs({ id: model.coordSystem }));
  const coords = location.ele('AstroCoords', attrs({ coord_system_id: model.coordSystem }));
  if (model.isoTime !== undefined || model.timeError !== undefined) {
    const time = coords.ele('Time', attrs({ unit: model.timeUnit }));
    if (model.isoTime !== undefined) text(time.ele('TimeInstant'), 'ISOTime', model.isoTime);
    if (model.timeError !== undefined) time.ele('Error').txt(String(model.timeError));
  }
  const pos = model.position;
  if (pos) {
    const el = coords.ele('Position2D', attrs({ unit: pos.unit }));
    text(el, 'Name1', pos.name1);
    text(el, 'Name2', pos.name2);
    const value2 = el.ele('Value2');
    value2.ele('C1').txt(coordinate(pos.c1, pos));
    value2.ele('C2').txt(coordinate(pos.c2, pos));
    el.ele('Error2Radius').txt(coordinate(pos.error2Radius, pos));
  }
  text(whereWhen, 'Description', model.description);
  reference(whereWhen, model.reference);
}

function writeHow(how: XMLBuilder, model: How): void {
  for (const description of model.descriptions) text(how, 'Description', description);
  for (const ref of model.references) reference(how, ref);
}

function writeWhy(why: XMLBuilder, model: Why): void {
  why.att(attrs({ importance: model.importance, expires: model.expires }));
  text(why, 'Name', model.name);
  text(why, 'Concept', model.concept);
  for (const inference of model.inferences) {
    const el = why.ele('Inference', attrs({ probability: inference.probability, relation: inference.relation }));
    text(el, 'Name', inference.name);
    text(el, 'Concept', inference.concept);
    text(el, 'Description', inference.description);
    reference(el, inference.reference);
  }
  text(why, 'Description', model.description);
  reference(why, model.reference);
}

function writeCitations(citations: XMLBuilder, model: Citations): void {
  for (const cited of model.eventIvorns) {
    citations.ele('EventIVORN', attrs({ cite: cited.cite })).txt(esc(cited.ivorn));
  }
  text(citations, 'Description', model.description);
}
