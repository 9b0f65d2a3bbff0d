/**
 * What one check works out once and shares between its rules. A dozen rules and the summary ask
 * for a user's decoded certificate or token, for every context that names the user, and many
 * clusters share one CA: decoding each time would multiply the cost of a check. The engine makes
 * one memo per check (contextSubjects) and hands it to every subject, so nothing a check decodes
 * outlives it, and the pure layer keeps no state between checks.
 *
 * Each module keeps its own part of the memo, named by a MemoPart constant it declares. Generic over
 * what a check reads (the Snapshot), so that this module imports nothing and facts.ts can name it.
 */
/** One module's part of a check's memo: a constant that says how to start it, holding nothing itself. */
export interface MemoPart<T, S> {
  create(snapshot: S): T;
}

export class CheckMemo<S> {
  private readonly parts = new Map<MemoPart<unknown, S>, unknown>();

  /** The memo of a check of `snapshot`. */
  constructor(private readonly snapshot: S) {}

  /** This check's instance of `part`, started on the first ask. */
  part<T>(part: MemoPart<T, S>): T {
    if (this.parts.has(part)) return this.parts.get(part) as T;
    const value = part.create(this.snapshot);
    this.parts.set(part, value);
    return value;
  }
}
