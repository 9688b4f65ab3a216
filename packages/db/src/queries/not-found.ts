/** A row the caller asked for does not exist for this merchant (or at all: we do not say which). */
export class NotFoundError extends Error {
  override readonly name = "NotFoundError";
  constructor(
    readonly entity: string,
    readonly id: string,
    readonly merchantId: string,
  ) {
    super(`${entity} ${id} not found for merchant ${merchantId}`);
  }
}

export function found<T>(row: T | undefined, entity: string, id: string, merchantId: string): T {
  if (row === undefined) throw new NotFoundError(entity, id, merchantId);
  return row;
}
