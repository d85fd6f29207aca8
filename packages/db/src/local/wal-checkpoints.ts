import { startCheckpointThread } from "./checkpointer.ts";
import type { GroupCommit } from "./group-commit.ts";

export interface CheckpointSchedule {
  stop(): void;
}

/**
 * Checkpoints the WAL of `path` on a thread every `intervalMs` after a commit, with group
 * commits paused meanwhile. The event loop goes on serving reads and requests, and because no
 * frame is added during the checkpoint, the next write starts the WAL over from its beginning,
 * which keeps the file small. `onFailure` gets the first failure, after which nothing more runs.
 */
export function scheduleCheckpoints(
  path: string,
  intervalMs: number,
  writes: GroupCommit,
  onFailure: (error: Error) => void,
): CheckpointSchedule {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let checkpointedAt = writes.commits;

  const fail = (error: Error) => {
    if (!stopped) {
      stopped = true;
      clearTimeout(timer);
      thread.stop();
      onFailure(error);
    }
  };
  const thread = startCheckpointThread(path, fail);

  const run = async () => {
    if (stopped) {
      return;
    }
    if (writes.commits !== checkpointedAt) {
      const resume = writes.pause();
      try {
        await thread.checkpoint();
        checkpointedAt = writes.commits;
      } catch (error) {
        fail(error as Error);
      } finally {
        resume();
      }
    }
    if (!stopped) {
      timer = setTimeout(run, intervalMs);
      timer.unref();
    }
  };
  timer = setTimeout(run, intervalMs);
  timer.unref();

  return {
    stop() {
      stopped = true;
      clearTimeout(timer);
      thread.stop();
    },
  };
}
