import { Worker } from "node:worker_threads";

export interface CheckpointThread {
  /** Runs one PASSIVE checkpoint on the thread, and rejects when it fails or times out. */
  checkpoint(): Promise<void>;
  /** Stops the thread. SQLite checkpoints what is left when the last connection to the file closes. */
  stop(): void;
}

/** How long a checkpoint may take before it counts as failed, so paused writes go on. */
const CHECKPOINT_TIMEOUT_MS = 10_000;

/**
 * Starts a thread with its own connection to `path` that checkpoints the WAL on request.
 * `onExit` gets the error of a thread that failed to start or died.
 */
export function startCheckpointThread(path: string, onExit: (error: Error) => void): CheckpointThread {
  const worker = new Worker(new URL("./checkpoint-worker.cjs", import.meta.url), { workerData: { path } });
  let reply: ((message: { error?: string }) => void) | undefined;
  let ended = false;
  const end = (error: Error) => {
    reply?.({ error: error.message });
    if (!ended) {
      ended = true;
      onExit(error);
    }
  };
  worker.on("message", (message: { error?: string }) => reply?.(message));
  worker.on("error", end);
  worker.on("exit", (code) => end(new Error(`the WAL checkpoint thread of ${path} exited with code ${code}`)));
  // The thread must not keep a process alive that has nothing else to do.
  worker.unref();

  return {
    checkpoint() {
      if (ended) {
        return Promise.reject(new Error(`the WAL checkpoint thread of ${path} has stopped`));
      }
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reply?.({ error: `no reply within ${CHECKPOINT_TIMEOUT_MS} ms` }),
          CHECKPOINT_TIMEOUT_MS,
        );
        reply = (message) => {
          clearTimeout(timer);
          reply = undefined;
          if (message.error === undefined) {
            resolve();
          } else {
            reject(new Error(`WAL checkpoint of ${path} failed: ${message.error}`));
          }
        };
        worker.postMessage("checkpoint");
      });
    },
    stop() {
      if (!ended) {
        ended = true;
        worker.postMessage("stop");
      }
    },
  };
}
