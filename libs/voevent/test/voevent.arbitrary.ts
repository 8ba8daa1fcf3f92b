import fc from 'fast-check';
import type {
  Author,
  Citations,
  Group,
  How,
  Inference,
  Param,
  Position2D,
  Reference,
  Table,
  VoEvent,
  What,
  WhereWhen,
  Who,
  Why,
} from '../src/index.js';

/**
 * Random VOEvents that are valid against the XSD. Text is trimmed (the reader trims) and free of
 * control characters (XML normalises them in attributes); it does carry the XML specials.
 */
const text = fc.stringMatching(/^[A-Za-z0-9<>&"' .:;_éλ-]{0,16}$/).map((s) => s.trim());
const word = fc.stringMatching(/^[A-Za-z][A-Za-z0-9_]{0,10}$/);
const uri = word.map((w) => `ivo://org.example/${w}#${w}`);
const isoDate = fc
  .date({ min: new Date('2000-01-01'), max: new Date('2100-01-01'), noInvalidDate: true })
  .map((d) => d.toISOString());
const finite = fc.double({ min: -1e6, max: 1e6, noNaN: true }).map((x) => (Object.is(x, -0) ? 0 : x));
const unit = fc.double({ min: 0, max: 1, noNaN: true }).map((x) => (Object.is(x, -0) ? 0 : x));

function optional<T>(arb: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> {
  return fc.option(arb, { nil: undefined });
}

/** Drops undefined properties, as the reader never sets them. */
function clean<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

const reference: fc.Arbitrary<Reference> = fc
  .record({
    uri,
    type: optional(word),
    mimetype: optional(word),
    meaning: optional(uri),
  })
  .map(clean);
const references = fc.array(reference, { maxLength: 2 }).map((refs) => (refs.length > 0 ? refs : undefined));

const param: fc.Arbitrary<Param> = fc
  .record({
    name: word,
    value: optional(text),
    unit: optional(word),
    ucd: optional(fc.constantFrom('meta.id', 'stat.snr', 'pos.angDistance', 'time.start')),
    dataType: optional(fc.constantFrom('string' as const, 'float' as const, 'int' as const)),
    utype: optional(word),
    description: optional(text),
    references,
  })
  .map(clean);

const group: fc.Arbitrary<Group> = fc
  .record({
    name: optional(word),
    type: optional(word),
    params: fc.array(param, { minLength: 1, maxLength: 3 }),
    description: optional(text),
    references,
  })
  .map(clean);

const table: fc.Arbitrary<Table> = fc
  .record({
    name: optional(word),
    type: optional(word),
    description: optional(text),
    params: fc.array(param, { maxLength: 2 }),
    fields: fc.array(
      fc.record({ name: optional(word), unit: optional(word), description: optional(text) }).map(clean),
      { maxLength: 3 },
    ),
    rows: fc.array(fc.array(text, { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 3 }),
  })
  .map(clean);

const what: fc.Arbitrary<What> = fc
  .record({
    params: fc.array(param, { maxLength: 4 }),
    groups: fc.array(group, { maxLength: 3 }),
    tables: fc.array(table, { maxLength: 1 }).map((t) => (t.length > 0 ? t : undefined)),
    description: optional(text),
    references,
  })
  .map(clean);

const author: fc.Arbitrary<Author> = fc
  .record({
    title: optional(text),
    shortName: optional(text),
    logoUrl: optional(uri),
    contactName: optional(text),
    contactEmail: optional(text),
    contactPhone: optional(text),
    contributor: optional(text),
  })
  .map(clean);

const who: fc.Arbitrary<Who> = fc
  .record({
    authorIvorn: optional(uri),
    date: optional(isoDate),
    description: optional(text),
    reference: optional(reference),
    author: optional(author),
  })
  .map(clean);

/** A position either with free doubles, or with values already rounded to `fractionDigits`. */
const position: fc.Arbitrary<Position2D> = fc
  .oneof(
    fc.record({ c1: finite, c2: finite, error2Radius: finite }).map((v) => v as Position2D),
    fc.integer({ min: 0, max: 6 }).chain((digits) => {
      const rounded = fc
        .integer({ min: -360 * 10 ** digits, max: 360 * 10 ** digits })
        .map((n) => Number((n / 10 ** digits).toFixed(digits)))
        .map((x) => (Object.is(x, -0) ? 0 : x));
      // As the reader does: the digit count is kept only when the shortest form differs.
      return fc
        .record({ c1: rounded, c2: rounded, error2Radius: rounded })
        .map((v) =>
          [v.c1, v.c2, v.error2Radius].some((x) => String(x) !== x.toFixed(digits))
            ? { ...v, fractionDigits: digits }
            : v,
        );
    }),
  )
  .chain((values) =>
    fc
      .record({ unit: optional(fc.constant('deg')), name1: optional(word), name2: optional(word) })
      .map((names) => clean({ ...names, ...values })),
  );

const whereWhen: fc.Arbitrary<WhereWhen> = fc
  .record({
    observatoryLocation: word,
    coordSystem: fc.constantFrom('UTC-ICRS-GEO', 'UTC-FK5-GEO', 'TT-ICRS-TOPO'),
    time: optional(
      fc.record({
        isoTime: isoDate.map((d) => d.slice(0, -1)),
        timeUnit: optional(fc.constant('s')),
        timeError: optional(finite),
      }),
    ),
    position: optional(position),
    description: optional(text),
    reference: optional(reference),
  })
  .map(({ time, ...rest }) => clean({ ...rest, ...(time ? clean(time) : {}) }));

const how: fc.Arbitrary<How> = fc
  .record({
    descriptions: fc.array(text, { maxLength: 2 }),
    references: fc.array(reference, { maxLength: 2 }),
  })
  .filter((h) => h.descriptions.length + h.references.length > 0);

const inference: fc.Arbitrary<Inference> = fc
  .record({
    probability: optional(unit),
    relation: optional(word),
    name: fc.oneof(text, fc.constant(undefined)),
    concept: optional(text),
    description: optional(text),
    reference: optional(reference),
  })
  .map(clean)
  .filter((i) => ['name', 'concept', 'description', 'reference'].some((k) => k in i));

const why: fc.Arbitrary<Why> = fc
  .record({
    importance: optional(unit),
    expires: optional(isoDate),
    name: optional(text),
    concept: optional(text),
    inferences: fc.array(inference, { maxLength: 2 }),
    description: optional(text),
    reference: optional(reference),
  })
  .map(clean)
  .filter((w) => w.inferences.length > 0 || ['name', 'concept', 'description', 'reference'].some((k) => k in w));

const citations: fc.Arbitrary<Citations> = fc
  .record({
    eventIvorns: fc.array(
      fc.record({
        ivorn: uri,
        cite: fc.constantFrom('followup' as const, 'supersedes' as const, 'retraction' as const),
      }),
      { minLength: 1, maxLength: 3 },
    ),
    description: optional(text),
  })
  .map(clean);

/** Any VOEvent the model can hold and the XSD accepts. */
export const voEventArbitrary: fc.Arbitrary<VoEvent> = fc
  .record({
    ivorn: uri,
    role: fc.constantFrom('observation' as const, 'prediction' as const, 'utility' as const, 'test' as const),
    version: fc.constant('2.0' as const),
    who: optional(who),
    what: optional(what),
    whereWhen: optional(whereWhen),
    how: optional(how),
    why: optional(why),
    citations: optional(citations),
    description: optional(text),
    reference: optional(reference),
  })
  .map(clean);
