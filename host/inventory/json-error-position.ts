const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const WHITESPACE = /[ \t\n\r]*/y;

/**
 * Where JSON text first breaks the grammar, as an offset; undefined when it is valid. Node's own messages name a
 * position only for some mistakes, and an admin fixing a file needs a line and column for every one.
 */
export function jsonErrorOffset(text: string): number | undefined {
  let at = 0;
  const fail = (): never => {
    throw new RangeError(String(at));
  };
  const skipWhitespace = (): void => {
    WHITESPACE.lastIndex = at;
    WHITESPACE.exec(text);
    at = WHITESPACE.lastIndex;
  };
  const expect = (char: string): void => {
    if (text[at] !== char) fail();
    at++;
  };
  const string = (): void => {
    expect('"');
    while (at < text.length && text[at] !== '"') {
      if (text.charCodeAt(at) < 0x20) fail();
      at += text[at] === '\\' ? 2 : 1;
    }
    expect('"');
  };
  const sequence = (close: string, item: () => void): void => {
    at++;
    skipWhitespace();
    if (text[at] === close) {
      at++;
      return;
    }
    for (;;) {
      item();
      skipWhitespace();
      if (text[at] !== ',') break;
      at++;
    }
    expect(close);
  };
  const value = (): void => {
    skipWhitespace();
    const char = text[at];
    if (char === '{') {
      sequence('}', () => {
        skipWhitespace();
        string();
        skipWhitespace();
        expect(':');
        value();
      });
    } else if (char === '[') sequence(']', value);
    else if (char === '"') string();
    else {
      const word = ['true', 'false', 'null'].find((w) => text.startsWith(w, at));
      if (word) at += word.length;
      else {
        NUMBER.lastIndex = at;
        if (!NUMBER.test(text)) fail();
        at = NUMBER.lastIndex;
      }
    }
    skipWhitespace();
  };
  try {
    value();
    if (at < text.length) fail();
    return undefined;
  } catch (error) {
    // Anything else (nesting deeper than the stack) leaves Node's own message to speak.
    return error instanceof RangeError && /^\d+$/.test(error.message) ? Number(error.message) : undefined;
  }
}
