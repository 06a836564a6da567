/**
 * An open parse-cache file that bodies and derived data are read from on demand. The cache is only ever
 * replaced by a rename, so an open descriptor keeps reading the content it was opened with. The descriptor
 * is closed once nothing refers to this object any more (it is garbage collected), or by close().
 */
import fs from 'node:fs';
import { CatalogError } from '../shared/errors.js';

export class CachedFile {
  private static readonly finalizer = new FinalizationRegistry<number>((fd) => fs.close(fd, () => undefined));
  private open = true;
  /** Set once data read from this file turned out unusable: nothing from it is copied into a new cache. */
  damaged = false;

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
    if (!this.open) throw this.failed('was closed');
    let got: number;
    try {
      got = fs.readSync(this.fd, target, 0, target.byteLength, position);
    } catch (err) {
      throw this.failed(`could not be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
    }
    if (got !== target.byteLength) throw this.failed('was cut short');
  }

  /**
   * Data read from this file turned out unusable: the file is deleted (if it is still the one at its path),
   * so the next start parses the agent files again instead of failing the same way, and the error to throw
   * is returned.
   */
  failed(why: string): CatalogError {
    this.damaged = true;
    try {
      const open = fs.fstatSync(this.fd);
      const now = fs.lstatSync(this.path);
      if (open.ino === now.ino && open.dev === now.dev) fs.rmSync(this.path, { force: true });
    } catch {
      // Already gone or replaced: nothing to invalidate.
    }
    return new CatalogError('CACHE_UNREADABLE', `the parse cache ${this.path} ${why}; it was removed, and the next start reads the agent files again (restart the server to do it now)`);
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
