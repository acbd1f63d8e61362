/**
 * The most recent `limit` ids seen, for de-duplicating deliveries in a long-running workflow:
 * bounded, so the state a run carries across continue-as-new stays small. The oldest id is
 * forgotten first (a Set keeps insertion order).
 */
export class RecentIds {
  private readonly ids: Set<string>;

  constructor(
    private readonly limit: number,
    initial: readonly string[] = [],
  ) {
    this.ids = new Set(initial.slice(-limit));
  }

  has(id: string): boolean {
    return this.ids.has(id);
  }

  add(id: string): void {
    this.ids.add(id);
    if (this.ids.size > this.limit) this.ids.delete(this.ids.values().next().value as string);
  }

  toArray(): string[] {
    return [...this.ids];
  }
}
