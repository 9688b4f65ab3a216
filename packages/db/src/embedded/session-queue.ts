import type { PGlite } from "@electric-sql/pglite";

const READY_FOR_QUERY = 0x5a; // 'Z'
const IDLE = 0x49; // 'I': idle, not in a transaction
const SYNC = new Uint8Array([0x53, 0, 0, 0, 4]); // 'S', length 4

interface Job {
  handlerId: number;
  message: Uint8Array;
  onData: (data: Uint8Array) => void;
  resolve: (bytes: number) => void;
  reject: (error: unknown) => void;
}

/**
 * Finds ReadyForQuery in the backend's reply, however the reply is split into chunks, and keeps
 * its transaction-status byte.
 */
class ReadyForQueryScanner {
  status: number | undefined;
  private readonly header = new Uint8Array(5);
  private headerLength = 0;
  private type = 0;
  private remaining = 0;

  feed(chunk: Uint8Array): void {
    let i = 0;
    while (i < chunk.length) {
      if (this.remaining > 0) {
        const take = Math.min(this.remaining, chunk.length - i);
        if (this.type === READY_FOR_QUERY) this.status = chunk[i + take - 1];
        i += take;
        this.remaining -= take;
        continue;
      }
      this.header[this.headerLength++] = chunk[i++] ?? 0;
      if (this.headerLength === 5) {
        this.type = this.header[0] ?? 0;
        this.remaining =
          new DataView(this.header.buffer, this.header.byteOffset).getInt32(1, false) - 4;
        this.headerLength = 0;
      }
    }
  }
}

/**
 * Serialises the frontend messages of many socket connections onto PGlite's single session.
 *
 * `@electric-sql/pglite-socket`'s own queue (0.2.x) interleaves messages of different connections
 * unless a transaction is open, so one connection's Parse/Bind/Execute/Sync batch can run against
 * another's unnamed statement (electric-sql/pglite#1046). Here a connection owns the session from
 * its first message until the backend reports ReadyForQuery with status idle, which covers both
 * an extended-protocol batch and a whole transaction; other connections' messages wait meanwhile.
 */
export class SessionQueue {
  private readonly waiting: Job[] = [];
  private owner: number | null = null;
  private draining = false;

  constructor(private readonly db: PGlite) {}

  get length(): number {
    return this.waiting.length;
  }

  enqueue(
    handlerId: number,
    message: Uint8Array,
    onData: (data: Uint8Array) => void,
  ): Promise<number> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ handlerId, message, onData, resolve, reject });
      void this.drain();
    });
  }

  /** Drops the queued messages of a connection that went away. */
  clearQueueForHandler(handlerId: number): void {
    for (let i = this.waiting.length - 1; i >= 0; i--) {
      const job = this.waiting[i];
      if (job?.handlerId === handlerId) {
        this.waiting.splice(i, 1);
        job.reject(new Error("connection closed"));
      }
    }
  }

  /** A connection that owned the session went away: end its batch and transaction, free the session. */
  async clearTransactionIfNeeded(handlerId: number): Promise<void> {
    if (this.owner !== handlerId) return;
    // Nobody else can run meanwhile: the session still belongs to the dead connection. `exec` takes
    // PGlite's query lock itself, so it must not run inside `runExclusive` (it would wait for ever).
    await this.db.runExclusive(() => this.db.execProtocolRaw(SYNC));
    if (this.db.isInTransaction()) await this.db.exec("ROLLBACK");
    this.owner = null;
    void this.drain();
  }

  private next(): Job | undefined {
    const index =
      this.owner === null ? 0 : this.waiting.findIndex((job) => job.handlerId === this.owner);
    return index < 0 ? undefined : this.waiting.splice(index, 1)[0];
  }

  private async drain(): Promise<void> {
    if (this.draining) return;
    this.draining = true;
    try {
      for (let job = this.next(); job !== undefined; job = this.next()) await this.run(job);
    } finally {
      this.draining = false;
    }
  }

  private async run(job: Job): Promise<void> {
    const scanner = new ReadyForQueryScanner();
    let bytes = 0;
    try {
      await this.db.runExclusive(() =>
        this.db.execProtocolRawStream(job.message, {
          onRawData: (data) => {
            bytes += data.length;
            scanner.feed(data);
            job.onData(data);
          },
        }),
      );
      this.owner = scanner.status === IDLE ? null : job.handlerId;
      job.resolve(bytes);
    } catch (error) {
      this.owner = this.db.isInTransaction() ? job.handlerId : null;
      job.reject(error);
    }
  }
}
