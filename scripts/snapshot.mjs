// The checker's Pyodide, prepared at build time under Node: which standard library it needs,
// and the memory snapshot the browser's worker starts from. Run by scripts/bundle_checker.py
// on the very Pyodide files the site ships:
//
//   node scripts/snapshot.mjs usage <pyodide folder> <stdlib zip> <wheel> <ABI> <cases.json>
//     prints (JSON) the standard library's files that Pyodide's start, the checker's import
//     and every case of cases.json load; the build zips exactly those for the site.
//   node scripts/snapshot.mjs make <pyodide folder> <stdlib zip> <wheel> <ABI> <cases.json> <output> <empty zip>
//     with that trimmed standard library: answers every case the normal way (the worker's
//     fallback), makes the snapshot, then starts from the written file as the worker does,
//     with the empty zip as its standard library, and answers every case again. Any answer
//     that differs from CPython's stops the build.
//
// Started from the snapshot, the checker imports nothing more (every module it needs is in
// the snapshot's memory, and the last step above proves it for every case), so the worker
// gives Pyodide an empty zip there and the standard library is not fetched at all.
//
// cases.json holds [{query, expected}]: every example of the policy and a few invalid links,
// with checker.apps.web.check_query()'s answer from CPython.
//
// The snapshot is Pyodide's memory with the checker imported and its policy loaded
// (`_makeSnapshot`, `makeMemorySnapshot()`); started from it, Pyodide skips Python's own
// start and the imports, and the wheel is not fetched. It only fits the exact Pyodide build
// it was made with (Pyodide checks its build id). Before it is taken, free heap memory and
// the unused stack are zeroed (they hold leftovers of the start that nothing reads again);
// then only what differs from a freshly instantiated memory is written
// (docs/javascripts/kontroll/snapshot.js has the format and the code that reads it).

import { readFileSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { fill, lay, unpack } from "../docs/javascripts/kontroll/snapshot.js";
import { installWheel, packagedModule, startOptions, stdlibUsed, watchInstance } from "../docs/javascripts/pyodide/start.js";

const [command, folder, stdlib, wheelPath, abiVersion, casesPath, output, emptyZip] = process.argv.slice(2);
if (!casesPath || (command === "make" && !emptyZip) || !["usage", "make"].includes(command)) {
  console.error("användning: node scripts/snapshot.mjs usage|make <pyodide-mapp> <stdlib.zip> <hjul> <abi> <fall.json> [utfil tom.zip]");
  process.exit(2);
}
// Emscripten takes the program's name and arguments from process.argv, and the name ends up
// in sys.executable and os.environ["_"], i.e. in the snapshot: as in a browser, there be none.
process.argv.splice(1);
const indexURL = resolve(folder) + "/"; // under Node, Pyodide wants a path here, not a file: URL
const { loadPyodide } = await import(pathToFileURL(indexURL + "pyodide.mjs").href);
const createModule = (await import(pathToFileURL(indexURL + "pyodide.asm.mjs").href)).default;
const cases = JSON.parse(readFileSync(casesPath, "utf8"));

/**
 * loadPyodide's options as the worker passes them (docs/javascripts/pyodide/start.js);
 * `onInstance` sees the fresh instance's memory, `onModule` runs once the module is made,
 * before Pyodide reads a snapshot.
 */
function options(extra, onInstance = () => {}, onModule = () => {}) {
  return {
    ...startOptions({ indexURL, abiVersion, stdLibURL: resolve(stdlib) }),
    async createPyodideModule(settings) {
      const made = await createModule(watchInstance(settings, onInstance));
      onModule();
      return made;
    },
    ...extra,
  };
}

function importChecker(pyodide) {
  installWheel(pyodide, new Uint8Array(readFileSync(wheelPath)));
  // Every module of the package, in subpackages too (not the command line's __main__): the
  // wheel's files are not in the browser's file system when the worker starts from the snapshot.
  pyodide.runPython(`
import importlib, pkgutil
import checker
for module in pkgutil.walk_packages(checker.__path__, "checker."):
    if module.name not in ("checker.__main__", "checker.apps.cli"):
        importlib.import_module(module.name)
`);
  return packagedModule(pyodide, "checker.apps.web");
}

function answerAll(web, how) {
  for (const { query, expected } of cases) {
    const got = web.check_query(query);
    if (got !== expected) throw new Error(`${how}: ${JSON.stringify(query)} gav ett annat svar än CPython`);
  }
}

if (command === "usage") {
  const pyodide = await loadPyodide(options({}));
  answerAll(importChecker(pyodide), "full standard library");
  console.log(JSON.stringify(stdlibUsed(pyodide)));
} else {
  // The fallback: Python's own start on the trimmed library, then the wheel.
  answerAll(importChecker(await loadPyodide(options({}))), "normal start, trimmed standard library");

  let fresh;
  const pyodide = await loadPyodide(options({ _makeSnapshot: true }, (memory) => { fresh = memory.slice(); }));
  const web = importChecker(pyodide);
  JSON.parse(web.check_query("")); // one answer now, so a broken import shows here
  web.destroy();
  zeroUnused(pyodide._module);
  writeFileSync(output, pack(pyodide.makeMemorySnapshot(), fresh));

  // The written file, read as the worker reads it: the fresh memory copied when the instance
  // exists, the file's runs laid over it once Emscripten's module is made.
  const shipped = unpack(new Uint8Array(readFileSync(output)), output);
  const snapshot = new Uint8Array(shipped.size);
  const restored = await loadPyodide(options({ _loadSnapshot: snapshot, stdLibURL: resolve(emptyZip) },
    (memory) => fill(memory, snapshot, shipped.header), () => lay(shipped, snapshot, shipped.header)));
  answerAll(restored.pyimport("checker.apps.web"), "from the snapshot");
}

/**
 * Zero what no code reads before writing it: the heap's free chunks (taken from malloc until
 * it would grow the heap, cleared, given back) and the stack below the stack pointer. Left
 * as they are, they hold the leftovers of Python's start, megabytes the browser would fetch.
 */
function zeroUnused(module) {
  const held = [];
  for (let size = 1 << 20; size >= 16; size >>= 1) {
    for (;;) {
      const top = module._sbrk(0);
      const chunk = module._malloc(size);
      if (!chunk) break;
      if (module._sbrk(0) !== top) {
        module._free(chunk);
        break;
      }
      module.HEAPU8.fill(0, chunk, chunk + size);
      held.push(chunk);
    }
  }
  held.reverse().forEach((chunk) => module._free(chunk));
  module.HEAPU8.fill(0, module._sbrk(0));
  module.HEAPU8.fill(0, module._emscripten_stack_get_end(), module._emscripten_stack_get_current() - 1024);
}

/** The snapshot as shipped: the runs of 64-byte blocks that differ from the fresh memory. */
function pack(snapshot, fresh) {
  const BLOCK = 64;
  const header = new DataView(snapshot.buffer, snapshot.byteOffset).getUint32(4, true);
  const base = (at) => (at < header ? 0 : fresh[at - header] ?? 0);
  const runs = [];
  for (let at = 0; at < snapshot.length; at += BLOCK) {
    const end = Math.min(at + BLOCK, snapshot.length);
    let same = true;
    for (let i = at; i < end && same; i++) same = snapshot[i] === base(i);
    if (same) continue;
    const last = runs[runs.length - 1];
    if (last && last.offset + last.length === at) last.length += end - at;
    else runs.push({ offset: at, length: end - at });
  }
  const data = runs.reduce((sum, run) => sum + run.length, 0);
  const packed = new Uint8Array(data + runs.length * 8 + 12);
  const view = new DataView(packed.buffer);
  let from = 0;
  runs.forEach((run, i) => {
    packed.set(snapshot.subarray(run.offset, run.offset + run.length), from);
    from += run.length;
    view.setUint32(data + i * 8, run.offset, true);
    view.setUint32(data + i * 8 + 4, run.length, true);
  });
  view.setUint32(packed.length - 12, runs.length, true);
  view.setUint32(packed.length - 8, header, true);
  view.setUint32(packed.length - 4, snapshot.length, true);
  return packed;
}
