import type { EventName, EventOf } from '../../shared/contract';

type Listener<E extends EventName> = (payload: EventOf<E>) => void;

/** Push events from the core to whichever host forwards them (IPC, SSE, CLI). */
export class EventHub {
  private readonly listeners = new Map<EventName, Set<Listener<EventName>>>();

  on<E extends EventName>(event: E, listener: Listener<E>): () => void {
    let set = this.listeners.get(event);
    if (!set) {
      set = new Set();
      this.listeners.set(event, set);
    }
    set.add(listener as Listener<EventName>);
    return () => set.delete(listener as Listener<EventName>);
  }

  emit<E extends EventName>(event: E, payload: EventOf<E>): void {
    for (const listener of this.listeners.get(event) ?? []) {
      try {
        listener(payload);
      } catch {
        // One broken listener (a closed window, a dropped SSE client) must not stop the others.
      }
    }
  }
}
