// Checkpoints the WAL of one database file on request, on a thread of its own, so the copy
// into the database file and its fsync do not block the event loop that writes. PASSIVE waits
// for no lock: it copies what no reader still needs. Each request gets one reply.
const { parentPort, workerData } = require("node:worker_threads");
const Database = require("libsql");

const connection = new Database(workerData.path);
const checkpoint = connection.prepare("PRAGMA wal_checkpoint(PASSIVE)");

parentPort.on("message", (message) => {
  if (message === "stop") {
    connection.close();
    parentPort.close();
    return;
  }
  try {
    checkpoint.all();
    parentPort.postMessage({ done: true });
  } catch (error) {
    parentPort.postMessage({ error: error instanceof Error ? error.message : String(error) });
  }
});
