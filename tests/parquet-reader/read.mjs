// Reads a Parquet file with hyparquet (an implementation independent of Parquet.Net) and prints its schema
// and rows as JSON: int64 as numbers, byte arrays as base64, so a .NET test can compare them with what it wrote.
import { asyncBufferFromFile, parquetMetadataAsync, parquetReadObjects, parquetSchema } from 'hyparquet';

const path = process.argv[2];
if (!path) {
  console.error('usage: node read.mjs FILE.parquet');
  process.exit(2);
}
const file = await asyncBufferFromFile(path);
const metadata = await parquetMetadataAsync(file);
// utf8: false keeps unannotated byte arrays (the PNG frames) as bytes instead of decoding them as text.
const rows = await parquetReadObjects({ file, utf8: false });
const columns = parquetSchema(metadata).children.map(c => c.element.name);
const keyValue = Object.fromEntries((metadata.key_value_metadata ?? []).map(kv => [kv.key, kv.value]));
const plain = value => {
  if (typeof value === 'bigint') return Number(value);
  if (value instanceof Uint8Array) return { base64: Buffer.from(value).toString('base64') };
  if (Array.isArray(value)) return value.map(plain);
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v)]));
  return value;
};
console.log(JSON.stringify({ rows: Number(metadata.num_rows), columns, keyValue, data: rows.map(plain) }));
