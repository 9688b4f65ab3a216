import { type Database, getActivePolicy, type MerchantId, type PolicyVersion } from "@po-pro/db";
import { type CompiledPolicy, compilePolicy } from "@po-pro/policy";

export interface ActivePolicy {
  readonly row: PolicyVersion;
  readonly compiled: CompiledPolicy;
}

/** Compiles each policy version once per process (versions are immutable once saved). */
export class PolicyCache {
  readonly #compiled = new Map<string, CompiledPolicy>();

  async active(db: Database, merchantId: MerchantId): Promise<ActivePolicy | undefined> {
    const row = await getActivePolicy(db, merchantId);
    if (row === undefined) return undefined;
    let compiled = this.#compiled.get(row.id);
    if (compiled === undefined) {
      compiled = compilePolicy(row.document as Parameters<typeof compilePolicy>[0]);
      this.#compiled.set(row.id, compiled);
    }
    return { row, compiled };
  }
}
