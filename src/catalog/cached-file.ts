/**
 * An open parse-cache file that bodies and derived data are read from on demand. The cache is only ever
 * replaced by a rename, so an open descriptor keeps reading the content it was opened with. The descriptor
 * is closed once nothing refers to this object any more (it is garbage collected), or by close().
 */
import fs from 'node:fs';
import { CatalogError } from '../errors.js';

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
    const fail = (why: string): CatalogError =>
      new CatalogError('CACHE_UNREADABLE', `the parse cache ${this.path} ${why} while in use; restart the server (the cache is rebuilt from the agent files)`);
    if (!this.open) throw fail('was closed');
    let got: number;
    try {
      got = fs.readSync(this.fd, target, 0, target.byteLength, position);
    } catch (err) {
      throw fail(`could not be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
    }
    if (got !== target.byteLength) throw fail('was cut short');
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
