import { XmlDocument, XmlXPath } from 'libxml2-wasm';
import { VOEVENT_NS } from './voevent.model.js';

/** Prefix an XPath filter may use for the VOEvent namespace (`/voe:VOEvent/@role`). */
const NAMESPACES = { voe: VOEVENT_NS };

/**
 * An XPath 1.0 expression a VOEvent must satisfy, as Comet's `--filter` and other brokers
 * take them: `//Param[@name="Packet_Type" and @value="202"]`. Compiled once (a bad expression
 * fails at start-up, not on the first event); evaluated on a parsed document by libxml2, the
 * result read as XPath's boolean(): a non-empty node set, true, a non-zero number or a
 * non-empty string pass.
 */
export class XPathFilter {
  readonly #compiled: XmlXPath;

  /** @throws Error naming the expression when it is not valid XPath 1.0. */
  constructor(readonly expression: string) {
    try {
      this.#compiled = XmlXPath.compile(expression, NAMESPACES);
    } catch (error) {
      throw new Error(`not a valid XPath 1.0 expression: ${expression} (${(error as Error).message})`, {
        cause: error,
      });
    }
  }

  /** Whether the parsed document passes. Parse it once with {@link parseForXPath} for many filters. */
  matches(doc: XmlDocument): boolean {
    const result = doc.eval(this.#compiled);
    if (Array.isArray(result)) return result.length > 0;
    if (typeof result === 'string') return result.length > 0;
    if (typeof result === 'number') return result !== 0 && !Number.isNaN(result);
    return result;
  }

  /** Frees the compiled expression (WebAssembly memory). */
  dispose(): void {
    this.#compiled.dispose();
  }
}

/** The document XPath filters run on; dispose it after use (it lives in WebAssembly memory). */
export function parseForXPath(xml: string | Uint8Array): XmlDocument {
  return XmlDocument.fromBuffer(typeof xml === 'string' ? Buffer.from(xml, 'utf8') : xml);
}
