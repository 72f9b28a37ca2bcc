// The checker's memory snapshot in the form the build ships it (scripts/snapshot.mjs writes
// it; the worker and the build's own check under Node read it with this module).
//
// A Pyodide snapshot is a header followed by the whole WebAssembly memory (30 MB). Most of
// that memory is already in place when the wasm module is instantiated: its data segments
// come with pyodide.asm.wasm, and the rest of a fresh memory is zero. So the file keeps only
// the runs of bytes that differ from that fresh memory, then a table saying where they go:
//
//   data of every run | (offset u32, length u32) per run | run count u32 | header length u32 | size u32
//
// (little-endian; offsets are positions in Pyodide's snapshot, whose memory starts after its
// header). `unpack` checks the table. The worker then builds Pyodide's snapshot in two steps,
// so that the file may still be on its way while the instance is made: `fill` copies the
// fresh instance's memory (after the header) at the moment the instance exists, before any
// code has run in it; `lay` puts the file's runs over it once the file is in.

/** The runs and sizes of a shipped snapshot file, checked; throws on anything malformed. */
export function unpack(packed, name) {
  const view = new DataView(packed.buffer, packed.byteOffset, packed.byteLength);
  const fail = () => new Error(`${name}: okänt format`);
  if (packed.length < 12) throw fail();
  const count = view.getUint32(packed.length - 12, true);
  const header = view.getUint32(packed.length - 8, true);
  const size = view.getUint32(packed.length - 4, true);
  const table = packed.length - 12 - count * 8;
  if (table < 0 || header > size) throw fail();
  const runs = [];
  let from = 0;
  for (let i = 0; i < count; i++) {
    const offset = view.getUint32(table + i * 8, true);
    const length = view.getUint32(table + i * 8 + 4, true);
    if (offset + length > size || from + length > table) throw fail();
    runs.push({ from, offset, length });
    from += length;
  }
  if (from !== table) throw fail();
  return { packed, runs, header, size, name };
}

/** Pyodide's snapshot before its own bytes: the fresh instance's memory after a header of `header` bytes. */
export function fill(memory, snapshot, header) {
  snapshot.set(memory.subarray(0, snapshot.length - header), header);
  return snapshot;
}

/** The file's runs over a filled snapshot; throws if the file was made for another size or header. */
export function lay({ packed, runs, header, size, name }, snapshot, expectedHeader) {
  if (size !== snapshot.length || header !== expectedHeader) throw new Error(`${name}: fel storlek`);
  for (const { from, offset, length } of runs) snapshot.set(packed.subarray(from, from + length), offset);
  return snapshot;
}
