import { randomBytes } from 'node:crypto';
import { mkdir, open, rename, unlink } from 'node:fs/promises';
import path from 'node:path';
import { assertValidKey, StorageError, type FileStorage, type StoredFile } from './common';

/**
 * Files in a folder on this machine: development, tests, and single-server installs. Every API
 * replica and every worker (which removes orphaned uploads) must see the same folder, so with more
 * than one machine use S3 (or one shared volume).
 */
export class LocalStorage implements FileStorage {
  readonly kind = 'local' as const;
  readonly dir: string;

  constructor(dir: string) {
    this.dir = path.resolve(dir);
  }

  /**
   * The file's path. The key rule already keeps it inside `dir`; checking the resolved path again
   * costs nothing and keeps that true should the rule ever be loosened.
   */
  private pathOf(key: string): string {
    assertValidKey(key);
    const file = path.resolve(this.dir, ...key.split('/'));
    if (!file.startsWith(this.dir + path.sep)) throw new StorageError(`storage key escapes the folder: ${key}`, undefined, 'InvalidKey');
    return file;
  }

  /**
   * Writes a temporary file beside the target, flushes it, then renames it over the target: a
   * rename within one folder is atomic, so a reader (or a crash) sees the old file or the new one,
   * never half of one. The temporary name starts with a dot, which no key can contain, so it can
   * never be mistaken for a stored file.
   */
  async put(key: string, body: Buffer, _meta: { contentType: string }): Promise<void> {
    const file = this.pathOf(key);
    await mkdir(path.dirname(file), { recursive: true });
    const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${randomBytes(6).toString('hex')}.tmp`);
    try {
      const handle = await open(tmp, 'wx', 0o640);
      try {
        await handle.writeFile(body);
        await handle.sync();
      } finally {
        await handle.close();
      }
      await rename(tmp, file);
    } catch (err) {
      await unlink(tmp).catch(() => {});
      throw err;
    }
  }

  /** Opens first and takes the size from the open file, so size and bytes belong to one version. */
  async get(key: string): Promise<StoredFile | null> {
    const file = this.pathOf(key);
    let handle;
    try {
      handle = await open(file, 'r');
    } catch (err) {
      if (isMissing(err)) return null;
      throw err;
    }
    try {
      const stat = await handle.stat();
      if (!stat.isFile()) {
        // `a/b` is a folder when `a/b/c` was stored: there is no file called `a/b`.
        await handle.close();
        return null;
      }
      return { body: handle.createReadStream(), size: stat.size };
    } catch (err) {
      await handle.close();
      throw err;
    }
  }

  async delete(key: string): Promise<void> {
    const file = this.pathOf(key);
    try {
      await unlink(file);
    } catch (err) {
      if (!isMissing(err)) throw err;
    }
  }
}

function isMissing(err: unknown): boolean {
  const code = (err as NodeJS.ErrnoException).code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}
