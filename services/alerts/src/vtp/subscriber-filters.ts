import { readFileSync } from 'node:fs';
import { Type, type Static } from 'typebox';
import { Value } from 'typebox/value';
import {
  matchesFilter,
  parseForXPath,
  summaryFromVoEventXml,
  XPathFilter,
  type NoticeFilter,
  type NoticeSummary,
} from '@svom/voevent';
import {
  createAddressAllowlist,
  normaliseAddress,
  type AddressAllowlist,
  type PublishedEvent,
  type SubscriberInfo,
} from '@svom/vtp';

/**
 * One rule of the VTP subscriber filter file (`VTP_FILTERS_FILE`). The criteria are those of
 * `svom listen` (types, instruments, minSnr, region) plus an XPath 1.0 expression as Comet's
 * `--filter` takes; an event must meet every criterion a rule gives.
 */
export const SubscriberFilterRule = Type.Object(
  {
    subscribers: Type.Array(Type.String({ minLength: 1 }), {
      minItems: 1,
      description: 'IPs/CIDRs of the subscribers the rule is for',
    }),
    types: Type.Optional(
      Type.Array(Type.String({ minLength: 1 }), {
        minItems: 1,
        description: 'notice names or prefixes (`mxt`), or Packet_Type numbers as strings (`"202"`)',
      }),
    ),
    instruments: Type.Optional(
      Type.Array(Type.String({ minLength: 1 }), {
        minItems: 1,
        description: 'ECLAIRs, GRM, MXT, VT (any case); other missions: the IVORN kind',
      }),
    ),
    minSnr: Type.Optional(Type.Number({ description: 'notices without an SNR do not pass' })),
    region: Type.Optional(
      Type.Object(
        {
          raDeg: Type.Number({ minimum: 0, exclusiveMaximum: 360 }),
          decDeg: Type.Number({ minimum: -90, maximum: 90 }),
          radiusDeg: Type.Number({ exclusiveMinimum: 0, maximum: 180 }),
        },
        { additionalProperties: false, description: 'notices without a position do not pass' },
      ),
    ),
    xpath: Type.Optional(
      Type.String({ minLength: 1, description: 'XPath 1.0 on the VOEvent; `voe:` is the VOEvent namespace' }),
    ),
  },
  { additionalProperties: false },
);
export type SubscriberFilterRule = Static<typeof SubscriberFilterRule>;

export const SubscriberFilterFile = Type.Array(SubscriberFilterRule);

/** Reads and checks the filter file; the error names the file and the faulty field. */
export function readSubscriberFilterFile(path: string): SubscriberFilterRule[] {
  let rules: unknown;
  try {
    rules = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new Error(`VTP_FILTERS_FILE ${path}: ${(error as Error).message}`, { cause: error });
  }
  const fault = Value.Errors(SubscriberFilterFile, rules)[0] as { instancePath?: string; message?: string } | undefined;
  if (fault) throw new Error(`VTP_FILTERS_FILE ${path}: ${fault.instancePath || '/'} ${fault.message ?? 'is invalid'}`);
  return rules as SubscriberFilterRule[];
}

interface CompiledRule {
  isFor: AddressAllowlist;
  criteria: NoticeFilter | undefined;
  xpath: XPathFilter | undefined;
}

/**
 * Per-subscriber selection for the VTP broker. A subscriber that no rule names gets every
 * event; one that rules name gets the events that pass at least one of them. Each event is read
 * once whatever the number of subscribers (its summary, and its XPath document only if a rule
 * has an XPath), and only when rules exist: without them the broker is given no filter at all.
 */
export class SubscriberFilters {
  readonly #rules: CompiledRule[];
  /** Rules of each subscriber address: addresses are allowlisted, so this stays small. */
  readonly #rulesOf = new Map<string, number[]>();
  /** Verdict of every rule on an event, worked out for the first subscriber that asks. */
  readonly #verdicts = new WeakMap<PublishedEvent, boolean[]>();

  /** @throws Error on a bad address or XPath in a rule (at start-up, not on the first event). */
  constructor(rules: readonly SubscriberFilterRule[]) {
    this.#rules = rules.map(({ subscribers, xpath, ...criteria }) => ({
      isFor: createAddressAllowlist(subscribers),
      criteria: Object.keys(criteria).length > 0 ? criteria : undefined,
      xpath: xpath === undefined ? undefined : new XPathFilter(xpath),
    }));
  }

  get size(): number {
    return this.#rules.length;
  }

  /** The broker's `filter`: whether `event` goes to `subscriber`. */
  readonly accepts = (subscriber: SubscriberInfo, event: PublishedEvent): boolean => {
    const mine = this.#rulesFor(subscriber.remoteAddress);
    if (mine.length === 0) return true;
    let verdicts = this.#verdicts.get(event);
    if (verdicts === undefined) this.#verdicts.set(event, (verdicts = this.#judge(event.xml)));
    return mine.some((i) => verdicts[i]);
  };

  dispose(): void {
    for (const rule of this.#rules) rule.xpath?.dispose();
  }

  #rulesFor(remoteAddress: string): number[] {
    const address = normaliseAddress(remoteAddress);
    let mine = this.#rulesOf.get(address);
    if (mine === undefined) {
      mine = this.#rules.flatMap((rule, i) => (rule.isFor(address) ? [i] : []));
      this.#rulesOf.set(address, mine);
    }
    return mine;
  }

  #judge(xml: string): boolean[] {
    let summary: NoticeSummary | undefined;
    const summarise = (): NoticeSummary => {
      try {
        return (summary ??= summaryFromVoEventXml(xml));
      } catch {
        // Unreadable as a VOEvent: it meets no criterion (a filtered subscriber asked for less).
        return (summary = { notice: xml });
      }
    };
    const doc = this.#rules.some((r) => r.xpath) ? parseOrUndefined(xml) : undefined;
    try {
      return this.#rules.map(
        (rule) =>
          (rule.criteria === undefined || matchesFilter(summarise(), rule.criteria)) &&
          (rule.xpath === undefined || (doc !== undefined && rule.xpath.matches(doc))),
      );
    } finally {
      doc?.dispose();
    }
  }
}

function parseOrUndefined(xml: string): ReturnType<typeof parseForXPath> | undefined {
  try {
    return parseForXPath(xml);
  } catch {
    return undefined; // not XML: no XPath rule passes
  }
}
