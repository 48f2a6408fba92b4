/** The type ids (pg_type.oid) of the array elements this host sends. */
export const TEXT = 25;
export const JSON_TEXT = 114;

const HEADER = 20;

/**
 * A PostgreSQL array of strings in the binary wire format, which the driver sends as it is (a Buffer parameter is
 * binary): the server copies each element instead of parsing an escaped array literal, and the driver escapes nothing.
 * The elements are `text`, or `json` (the server still checks each one is valid JSON).
 */
export function binaryArray(element: typeof TEXT | typeof JSON_TEXT, values: readonly string[]): Buffer {
  const lengths = values.map((value) => Buffer.byteLength(value));
  const size = lengths.reduce((sum, length) => sum + 4 + length, HEADER);
  const buffer = Buffer.allocUnsafe(size);
  // Dimensions (an empty array has none), no nulls, the element type, then the one dimension's length and lower bound.
  buffer.writeInt32BE(values.length === 0 ? 0 : 1, 0);
  buffer.writeInt32BE(0, 4);
  buffer.writeInt32BE(element, 8);
  buffer.writeInt32BE(values.length, 12);
  buffer.writeInt32BE(1, 16);
  let offset = HEADER;
  values.forEach((value, i) => {
    offset = buffer.writeInt32BE(lengths[i]!, offset);
    offset += buffer.write(value, offset);
  });
  return buffer.subarray(0, values.length === 0 ? 12 : size);
}
