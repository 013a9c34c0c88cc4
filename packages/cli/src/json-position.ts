/**
 * Where a JSON text first goes wrong, as line and column (1-based), with what was expected.
 * Only called after `JSON.parse` has failed, to turn V8's message (which on Node 20 often has
 * no position) into one a person can act on. A small recursive-descent scanner, no values built.
 */
export interface JsonProblem {
  offset: number;
  line: number;
  column: number;
  message: string;
}

class Stop extends Error {
  constructor(
    readonly offset: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * The first syntax problem of `text`, or undefined when it is valid JSON.
 * @example
 * locateJsonError('{"a": }'); // { line: 1, column: 7, message: 'expected a value, found "}"', offset: 6 }
 */
export function locateJsonError(text: string): JsonProblem | undefined {
  let i = 0;
  const found = (): string =>
    i >= text.length ? 'the end of the file' : JSON.stringify(text.charAt(i));
  const ws = (): void => {
    while (i < text.length && ' \t\n\r'.includes(text.charAt(i))) i += 1;
  };
  const expectChar = (c: string, what: string): void => {
    if (text.charAt(i) !== c) throw new Stop(i, `expected ${what}, found ${found()}`);
    i += 1;
  };
  const str = (): void => {
    expectChar('"', 'a string');
    while (i < text.length) {
      const c = text.charAt(i);
      if (c === '"') {
        i += 1;
        return;
      }
      if (c === '\\') {
        const e = text.charAt(i + 1);
        if (e === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6)))
            throw new Stop(i, 'invalid \\u escape in a string');
          i += 6;
        } else if ('"\\/bfnrt'.includes(e) && e !== '') {
          i += 2;
        } else {
          throw new Stop(i, `invalid escape "\\${e}" in a string`);
        }
        continue;
      }
      if (c < ' ') throw new Stop(i, 'control character (e.g. a raw line break) inside a string');
      i += 1;
    }
    throw new Stop(i, 'unterminated string');
  };
  const value = (depth: number): void => {
    if (depth > 10_000) throw new Stop(i, 'nesting too deep');
    ws();
    const c = text.charAt(i);
    if (c === '{') {
      i += 1;
      ws();
      if (text.charAt(i) === '}') {
        i += 1;
        return;
      }
      for (;;) {
        ws();
        if (text.charAt(i) !== '"')
          throw new Stop(i, `expected a property name in double quotes, found ${found()}`);
        str();
        ws();
        expectChar(':', '":" after the property name');
        value(depth + 1);
        ws();
        if (text.charAt(i) === ',') {
          i += 1;
          ws();
          if (text.charAt(i) === '}') throw new Stop(i, 'trailing comma before "}"');
          continue;
        }
        expectChar('}', '"," or "}"');
        return;
      }
    }
    if (c === '[') {
      i += 1;
      ws();
      if (text.charAt(i) === ']') {
        i += 1;
        return;
      }
      for (;;) {
        value(depth + 1);
        ws();
        if (text.charAt(i) === ',') {
          i += 1;
          ws();
          if (text.charAt(i) === ']') throw new Stop(i, 'trailing comma before "]"');
          continue;
        }
        expectChar(']', '"," or "]"');
        return;
      }
    }
    if (c === '"') {
      str();
      return;
    }
    const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i, i + 400));
    if (m && m[0] !== '' && m[0] !== '-') {
      i += m[0].length;
      return;
    }
    for (const word of ['true', 'false', 'null']) {
      if (text.startsWith(word, i)) {
        i += word.length;
        return;
      }
    }
    throw new Stop(i, `expected a value, found ${found()}`);
  };
  try {
    value(0);
    ws();
    if (i < text.length) throw new Stop(i, `unexpected ${found()} after the end of the JSON value`);
    return undefined;
  } catch (e) {
    if (!(e instanceof Stop)) throw e;
    const before = text.slice(0, e.offset);
    const line = before.split('\n').length;
    const column = e.offset - before.lastIndexOf('\n');
    return { offset: e.offset, line, column, message: e.message };
  }
}
