import { Worker } from "node:worker_threads";

/** One decode request: these row groups of one file, only these columns. */
export interface DecodeRequest {
  readonly path: string;
  readonly rowGroups: readonly number[];
  readonly columns: readonly string[];
  readonly batchRows: number;
  /** Decode the next batch while the consumer works on this one (true), or only when asked (false: sequential). */
  readonly prefetch: boolean;
  /**
   * With prefetch, how many decoded batches may wait unconsumed (default 1). A source running
   * several decoders gives each a window as deep as its job, so a decoder whose turn has not come
   * keeps decoding instead of idling after one batch.
   */
  readonly readAhead?: number;
}

type WorkerMessage = { type: "batch"; ipc: Uint8Array } | { type: "done" } | { type: "failed"; message: string };

/** Workers not decoding now, kept for the next scan (unref'd: they never keep the process alive). */
const idle: Worker[] = [];

function startWorker(): Worker {
  const worker = new Worker(new URL("../../worker/parquet-decode-worker.mjs", import.meta.url));
  worker.unref();
  return worker;
}

/**
 * Decodes row groups in a worker thread (see worker/parquet-decode-worker.mjs for why) and yields
 * each record batch as Arrow IPC stream bytes. With prefetch the worker decodes ahead of the
 * consumer, at most `readAhead` batches (default 1), so decoding and compute overlap while memory
 * stays bounded. A decoder
 * failure, including a crash of the worker, rejects with an Error whose message says what broke;
 * a crashed worker is discarded.
 */
export async function* decodeInWorker(request: DecodeRequest): AsyncGenerator<Uint8Array> {
  const worker = idle.pop() ?? startWorker();
  worker.ref();
  const inbox: WorkerMessage[] = [];
  const readAhead = Math.max(1, request.readAhead ?? 1);
  // The worker decodes one batch per credit: one comes with the request, each "more" adds one.
  // With prefetch the credits not yet taken by the consumer are kept at `readAhead`.
  let granted = 1;
  let taken = 0;
  const grant = () => {
    for (; granted - taken < readAhead; granted++) worker.postMessage({ type: "more" });
  };
  let crash: Error | undefined;
  let notify: (() => void) | undefined;
  const wakeUp = () => {
    const n = notify;
    notify = undefined;
    n?.();
  };
  const onMessage = (m: WorkerMessage) => {
    inbox.push(m);
    wakeUp();
  };
  const onError = (e: Error) => {
    crash = e;
    wakeUp();
  };
  const onExit = (code: number) => {
    crash ??= new Error(`the decoder worker exited with code ${code}`);
    wakeUp();
  };
  const next = async (): Promise<WorkerMessage> => {
    while (inbox.length === 0) {
      if (crash) throw crash;
      await new Promise<void>((r) => (notify = r));
    }
    return inbox.shift()!;
  };
  worker.on("message", onMessage).on("error", onError).on("exit", onExit);
  /** True once the worker has answered "done" or "failed": it is then free for another request. */
  let settled = false;
  try {
    worker.postMessage({ type: "decode", path: request.path, batchRows: request.batchRows, rowGroups: [...request.rowGroups], columns: [...request.columns] });
    if (request.prefetch) grant();
    for (;;) {
      const m = await next();
      if (m.type !== "batch") {
        settled = true;
        if (m.type === "failed") throw new Error(m.message);
        break;
      }
      // With prefetch the worker decodes ahead (up to the window) while the consumer computes on this one.
      taken++;
      if (request.prefetch) grant();
      yield m.ipc;
      if (!request.prefetch) {
        granted++;
        worker.postMessage({ type: "more" });
      }
    }
  } finally {
    if (!settled && !crash) {
      // The consumer stopped early: let the worker wind down before it is reused.
      worker.postMessage({ type: "stop" });
      try {
        while ((await next()).type === "batch") worker.postMessage({ type: "stop" });
        settled = true;
      } catch {
        // It crashed while stopping: discarded below.
      }
    }
    worker.off("message", onMessage).off("error", onError).off("exit", onExit);
    if (settled && !crash) {
      worker.unref();
      idle.push(worker);
    } else {
      void worker.terminate();
    }
  }
}
