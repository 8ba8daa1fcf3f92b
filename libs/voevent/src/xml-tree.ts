import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { VoEventError } from './voevent.errors.js';

/**
 * A parsed element as fast-xml-parser gives it with our options: attributes under `@`, text
 * under `#text`, every child element in an array (so one or many look the same).
 */
export interface XmlNode {
  '@'?: Record<string, string>;
  '#text'?: string;
  [child: string]: XmlNode[] | Record<string, string> | string | undefined;
}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  attributesGroupName: '@',
  textNodeName: '#text',
  alwaysCreateTextNode: true,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  processEntities: true,
  htmlEntities: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  // Every element becomes an array: optional and repeated elements read the same way.
  isArray: (_name, _jpath, _isLeaf, isAttribute) => !isAttribute,
});

/** Parses XML text into a tree, or throws NOT_XML with the line and column of the fault. */
export function parseXmlTree(xml: string): XmlNode {
  const check = XMLValidator.validate(xml);
  if (check !== true) {
    throw new VoEventError('NOT_XML', `not well-formed XML: ${check.err.msg}`, {
      line: check.err.line,
      column: check.err.col,
    });
  }
  return parser.parse(xml) as XmlNode;
}

/** Child elements of a node by (unqualified) name. */
export function children(node: XmlNode, name: string): XmlNode[] {
  const value = node[name];
  return Array.isArray(value) ? value : [];
}

/** First child element of that name, if any. */
export function child(node: XmlNode, name: string): XmlNode | undefined {
  return children(node, name)[0];
}

/** Text content of a node (trimmed; empty for an empty element). */
export function textOf(node: XmlNode): string {
  return node['#text'] ?? '';
}

/** Text of the first child of that name, or undefined when absent. */
export function childText(node: XmlNode, name: string): string | undefined {
  const found = child(node, name);
  return found === undefined ? undefined : textOf(found);
}

/** An attribute's value, or undefined. */
export function attr(node: XmlNode, name: string): string | undefined {
  return node['@']?.[name];
}
