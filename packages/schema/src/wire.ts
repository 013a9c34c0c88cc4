/**
 * How tRPC carries simulation results between the API and its typed clients.
 *
 * A result is stored as JSON text (megabytes for large scenarios). Parsing it into objects on
 * the server only for tRPC to serialize it again would hold the API's event loop for tens of
 * milliseconds per answer, so the server hands tRPC the stored text wrapped in `JsonText`, and
 * this transformer sends it as one JSON string under a tag; the client's side of the same
 * transformer parses it back into the object the procedure's type promises. Every other value
 * passes through unchanged, so the REST/OpenAPI routes (which do not use transformers) and
 * clients in other languages see plain JSON.
 *
 * Typed clients pass it to their links: `httpBatchLink({ url, transformer: crosswindTransformer })`.
 */

/** The tag of a result sent as text; a key no scenario or result field can have. */
export const JSON_TEXT_TAG = '$crosswind.jsonText';

/** Stored JSON text that a procedure returns in place of the object it describes. */
export class JsonText {
  constructor(readonly text: string) {}

  /** Anything that serializes it without the transformer (e.g. the REST adapter) gets the object. */
  toJSON(): unknown {
    return JSON.parse(this.text);
  }
}

type Obj = Record<string, unknown>;
const isPlainObject = (v: unknown): v is Obj =>
  v !== null && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype;

const isTagged = (v: unknown): v is { [JSON_TEXT_TAG]: string } =>
  isPlainObject(v) && typeof v[JSON_TEXT_TAG] === 'string' && Object.keys(v).length === 1;

/**
 * Applies `fn` to the value and to the fields of a plain object: results travel either as a
 * procedure's whole output (`simulation.run`) or as one field of it (`simulation.job`'s
 * `result`), never deeper, so nothing walks a large object.
 */
function mapShallow(value: unknown, fn: (v: unknown) => unknown): unknown {
  const top = fn(value);
  if (top !== value || !isPlainObject(value)) return top;
  let copy: Obj | undefined;
  for (const [k, v] of Object.entries(value)) {
    const mapped = fn(v);
    if (mapped !== v) (copy ??= { ...value })[k] = mapped;
  }
  return copy ?? value;
}

const identity = {
  serialize: (v: unknown): unknown => v,
  deserialize: (v: unknown): unknown => v,
};

/** A tRPC data transformer (`{ input, output }` form): inputs as they are, results as text. */
export const crosswindTransformer = {
  input: identity,
  output: {
    serialize: (value: unknown): unknown =>
      mapShallow(value, (v) => (v instanceof JsonText ? { [JSON_TEXT_TAG]: v.text } : v)),
    deserialize: (value: unknown): unknown =>
      mapShallow(value, (v) => (isTagged(v) ? JSON.parse(v[JSON_TEXT_TAG]) : v)),
  },
};
