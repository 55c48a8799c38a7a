import type { Access } from './access';

interface KeyState {
  writer: Promise<void> | undefined;
  readers: Promise<void>[];
}

/**
 * Readers-writer ordering per row key across events in flight: an event may start once every
 * earlier event that writes a row it touches, or reads a row it writes, has finished. Events with
 * no row in common run in parallel.
 */
export class RowOrder {
  private readonly keys = new Map<string, KeyState>();

  /** Registers an event (finishing when `done` settles; it must never reject) and says when it may start. */
  enter(access: readonly Access[], done: Promise<void>): Promise<void> {
    const waits: Promise<void>[] = [];
    for (const { key, write } of access) {
      let state = this.keys.get(key);
      if (!state) {
        state = { writer: undefined, readers: [] };
        this.keys.set(key, state);
      }
      if (state.writer) waits.push(state.writer);
      if (write) {
        waits.push(...state.readers);
        state.writer = done;
        state.readers = [];
      } else {
        state.readers.push(done);
      }
    }
    void done.then(() => this.leave(access, done));
    return waits.length === 0 ? Promise.resolve() : Promise.all(waits).then(() => undefined);
  }

  /** Keys currently tracked; 0 once every event has finished (tests use it to check nothing leaks). */
  get size(): number {
    return this.keys.size;
  }

  private leave(access: readonly Access[], done: Promise<void>): void {
    for (const { key } of access) {
      const state = this.keys.get(key);
      if (!state) continue;
      if (state.writer === done) state.writer = undefined;
      const at = state.readers.indexOf(done);
      if (at >= 0) state.readers.splice(at, 1);
      if (!state.writer && state.readers.length === 0) this.keys.delete(key);
    }
  }
}
