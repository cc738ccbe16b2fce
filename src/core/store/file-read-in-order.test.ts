import { writeFileSync } from 'node:fs';
import { type FileHandle, open } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../../test/helpers/fixtures';
import { FileReadInOrder } from './file-read-in-order';

/** A file of `size` bytes, byte i being i % 251 (so a slice read at the wrong place shows). */
function fileOf(size: number): string {
  const file = path.join(tempDir('read-in-order-'), 'data.bin');
  writeFileSync(
    file,
    Uint8Array.from({ length: size }, (_, i) => i % 251),
  );
  return file;
}

describe('FileReadInOrder', () => {
  it('hands a prefix over once it is in, before the rest, and reads the whole file in order', async () => {
    const file = fileOf(1000);
    const handle = await open(file, 'r');
    const bytes = new Uint8Array(1000);
    const reading = new FileReadInOrder(handle, bytes, 64);
    let done = false;
    void reading.done.then(() => {
      done = true;
    });
    expect(await reading.until(100)).toBe(true);
    // The prefix is in and right; slices of 64 bytes: the read is not over yet.
    expect([...bytes.subarray(0, 100)]).toEqual(Array.from({ length: 100 }, (_, i) => i % 251));
    expect(done).toBe(false);
    expect(await reading.done).toBe(true);
    expect([...bytes]).toEqual(Array.from({ length: 1000 }, (_, i) => i % 251));
    // Asked after the fact, or beyond the buffer.
    expect(await reading.until(1000)).toBe(true);
    expect(await reading.until(1001)).toBe(false);
    await handle.close();
  });

  it('says so when the file ends before the buffer does (it shrank after its size was read)', async () => {
    const file = fileOf(300);
    const handle = await open(file, 'r');
    const reading = new FileReadInOrder(handle, new Uint8Array(500), 64);
    const within = reading.until(300);
    const beyond = reading.until(400);
    expect(await within).toBe(true);
    expect(await beyond).toBe(false);
    expect(await reading.done).toBe(false);
    await handle.close();
  });

  it('issues no more reads once stopped, and then never says the file is whole', async () => {
    const file = fileOf(10_000);
    const handle = await open(file, 'r');
    const bytes = new Uint8Array(10_000);
    const reading = new FileReadInOrder(handle, bytes, 16);
    expect(await reading.until(16)).toBe(true);
    reading.stop();
    expect(await reading.done).toBe(false);
    expect(await reading.until(10_000)).toBe(false);
    // At most the slice in flight when it stopped came in after.
    expect(bytes.subarray(48).every((b) => b === 0)).toBe(true);
    await handle.close();
  });

  it('reads on, and leaves no wait hanging, when the listener told of each slice throws', async () => {
    const file = fileOf(1000);
    const handle = await open(file, 'r');
    const bytes = new Uint8Array(1000);
    const told: number[] = [];
    const reading = new FileReadInOrder(handle, bytes, 64, (readTo) => {
      told.push(readTo);
      throw new Error('listener failed');
    });
    expect(await reading.until(1000)).toBe(true);
    expect(await reading.done).toBe(true);
    expect(told.at(-1)).toBe(1000);
    expect([...bytes]).toEqual(Array.from({ length: 1000 }, (_, i) => i % 251));
    await handle.close();
  });

  it('asks again for the rest of a slice a read returned short of (as network file systems may, mid file)', async () => {
    const file = fileOf(1000);
    const real = await open(file, 'r');
    // At most 7 bytes a call, wherever in the file.
    const stingy = {
      read: (buffer: Uint8Array, offset: number, length: number, position: number) =>
        real.read(buffer, offset, Math.min(length, 7), position),
    } as unknown as FileHandle;
    const bytes = new Uint8Array(1000);
    const reading = new FileReadInOrder(stingy, bytes, 64);
    expect(await reading.done).toBe(true);
    expect([...bytes]).toEqual(Array.from({ length: 1000 }, (_, i) => i % 251));
    await real.close();
  });
});
