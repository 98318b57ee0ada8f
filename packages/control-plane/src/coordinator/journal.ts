import { open, readFile, truncate, type FileHandle } from "node:fs/promises";
import type { Manifest } from "../manifest/manifest.js";
import type { TransferPlan } from "../plan/transfer-plan.js";

/** One fact the coordinator learned, appended (and fsynced) before it acts on it. */
export type JournalRecord =
  | { readonly type: "register"; readonly worker: string }
  | { readonly type: "begin"; readonly id: string; readonly manifest: Manifest; readonly plan: TransferPlan; readonly workers: readonly string[]; readonly deadline: number; readonly rollback: boolean }
  | { readonly type: "ack"; readonly id: string; readonly worker: string; readonly ok: boolean; readonly error?: string }
  | { readonly type: "commit"; readonly id: string }
  | { readonly type: "abort"; readonly id: string; readonly reason: string };

/**
 * An append-only JSON-lines file: every record is written and fsynced before the append resolves,
 * so a coordinator that restarts replays exactly what it had acted on. A torn last line (a crash
 * mid-write) is ignored: its effect never happened.
 */
export class Journal {
  private constructor(private readonly file: FileHandle) {}

  static async open(path: string): Promise<{ journal: Journal; records: JournalRecord[] }> {
    const text = await readFile(path, "utf8").catch((e: NodeJS.ErrnoException) => (e.code === "ENOENT" ? "" : Promise.reject(e)));
    const records: JournalRecord[] = [];
    const lines = text.split("\n");
    let valid = 0;
    for (const [i, line] of lines.entries()) {
      if (line.trim() !== "") {
        try {
          records.push(JSON.parse(line) as JournalRecord);
        } catch (e) {
          if (lines.slice(i + 1).some((l) => l.trim() !== "")) throw new Error(`journal ${path}: line ${i + 1} is not JSON (${(e as Error).message}); the file is damaged.`);
          break;
        }
      }
      valid += Buffer.byteLength(line) + (i < lines.length - 1 ? 1 : 0);
    }
    // Cut a torn last line off, so that the next record starts where it began.
    if (valid < Buffer.byteLength(text)) await truncate(path, valid);
    const file = await open(path, "a");
    return { journal: new Journal(file), records };
  }

  async append(record: JournalRecord): Promise<void> {
    await this.file.write(`${JSON.stringify(record)}\n`);
    await this.file.datasync();
  }

  async close(): Promise<void> {
    await this.file.close();
  }
}
