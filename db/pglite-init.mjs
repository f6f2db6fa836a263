// Creates a new PGlite data directory and exits (issue 16 item 7). Run as a child process by
// db/pglite-options.ts: initdb runs in its own WebAssembly instance whose memory (about 450 MB
// resident) the process that ran it never gives back, so the server must not be that process.
import { PGlite } from "@electric-sql/pglite";

const dir = process.argv[2];
if (!dir) {
  process.stderr.write("usage: node db/pglite-init.mjs DIR\n");
  process.exit(2);
}
const pg = new PGlite(dir);
await pg.waitReady;
await pg.close();
