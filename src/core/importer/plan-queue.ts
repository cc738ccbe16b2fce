import type { PlannedFile } from './import-plan';

/** A first-in first-out list that does not shift arrays (a plan can hold thousands of files). */
export class PlanQueue {
  private items: PlannedFile[] = [];
  private head = 0;

  get length(): number {
    return this.items.length - this.head;
  }

  push(planned: PlannedFile | readonly PlannedFile[]): void {
    if (Array.isArray(planned)) for (const p of planned) this.items.push(p);
    else this.items.push(planned as PlannedFile);
  }

  peek(): PlannedFile | undefined {
    return this.items[this.head];
  }

  shift(): PlannedFile | undefined {
    if (this.head >= this.items.length) return undefined;
    const item = this.items[this.head++];
    // Drop the consumed front now and then, so a long import does not keep every plan alive.
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return item;
  }
}
