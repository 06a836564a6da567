/**
 * An open parse-cache file that bodies and derived data are read from on demand. The cache is only ever
 * replaced by a rename, so an open descriptor keeps reading the content it was opened with. The descriptor
 * is closed once nothing refers to this object any more (it is garbage collected), or by close().
 */
import fs from 'node:fs';

export class CachedFile {
  private static readonly finalizer = new FinalizationRegistry<number>((fd) => fs.close(fd, () => undefined));
  private open = true;

  constructor(
    readonly fd: number,
    /** The path, to say which file failed. */
    readonly path: string,
  ) {
    CachedFile.finalizer.register(this, fd, this);
  }

  /** `length` bytes at `position`. */
  read(position: number, length: number): Buffer {
    const out = Buffer.allocUnsafe(length);
    this.readInto(out, position);
    return out;
  }

  /** Fills `target` (any typed array) with the bytes at `position`. */
  readInto(target: NodeJS.ArrayBufferView, position: number): void {
    if (!this.open) throw new Error(`parse cache ${this.path} is closed`);
    if (fs.readSync(this.fd, target, 0, target.byteLength, position) !== target.byteLength) throw new Error(`parse cache ${this.path} is shorter than expected`);
  }

  close(): void {
    if (!this.open) return;
    this.open = false;
    CachedFile.finalizer.unregister(this);
    fs.closeSync(this.fd);
  }
}

/** Where the bytes of a typed array read from a cache file are in that file. */
export interface CachedSlice {
  file: CachedFile;
  position: number;
}
