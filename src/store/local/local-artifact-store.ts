/**
 * {@link ArtifactStore} on the local filesystem. URIs are absolute paths (as in KFP's local
 * runner, where `.uri == .path`). Contents become visible at their URI only through an atomic
 * rename of fsynced data, so whatever is at a final path is complete.
 */
import { randomBytes } from 'node:crypto';
import { lstat, mkdir, open, readdir, rename, rm, rmdir } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { KiteError } from '../../core/index.js';
import { isProcessAlive } from '../owner.js';
import type { ArtifactContent, ArtifactStore, StagingArea, TaskLocation } from '../types.js';
import { digestPath, NONE_DIGEST, syncDir } from './digest.js';
import { checkOutputName, HOST_TAG, OUTPUTS_DIR, parseToken, STAGING_DIR, taskSegments } from './layout.js';

/** Scratch areas of another host are swept only after this long. */
const FOREIGN_STAGING_MAX_AGE_MS = 24 * 3600_000;

async function pathExists(path: string): Promise<boolean> {
  try {
    await lstat(path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
}

function ioError(what: string, cause: unknown): KiteError {
  return cause instanceof KiteError ? cause : new KiteError('IO', what, { cause });
}

export interface LocalArtifactStoreOptions {
  /**
   * fsync contents before they are renamed into place, and the directory after (default true).
   * Without it a commit is still atomic for other processes and survives SIGKILL (the kernel
   * keeps the written pages); only an OS crash or power loss could then leave a torn file.
   */
  fsync?: boolean;
}

/**
 * Opens the local artifact store rooted at `artifactsDir` (created on first use).
 *
 * @example
 * ```ts
 * const store = createLocalArtifactStore('/work/.kite/artifacts');
 * const area = await store.stage({ pipelineName: 'demo', runId, taskPath: 'train' });
 * await writeFile(area.pathFor('model'), bytes);
 * const { uri, digest } = await store.commit(area, 'model');
 * await store.discard(area);
 * ```
 */
export function createLocalArtifactStore(
  artifactsDir: string,
  options: LocalArtifactStoreOptions = {},
): ArtifactStore {
  const fsync = options.fsync ?? true;
  const root = resolve(artifactsDir);
  const stagingRoot = join(root, STAGING_DIR);
  const token = () => `${HOST_TAG}-${process.pid}-${randomBytes(6).toString('hex')}`;

  const uriFor = (location: TaskLocation, outputName: string): string =>
    join(root, ...taskSegments(location), checkOutputName(outputName));

  const localPath = (uri: string): string => {
    if (uri.startsWith('file://')) return fileURLToPath(uri);
    if (isAbsolute(uri)) return uri;
    throw new KiteError('UNSUPPORTED', `'${uri}' is not a local artifact URI`, {
      hint: 'the local artifact store reads absolute paths and file:// URIs only',
    });
  };

  const insideRoot = (path: string): boolean => {
    const rel = relative(root, path);
    return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel) && rel.split(sep)[0] !== STAGING_DIR;
  };

  /**
   * Moves `src` to `dest`, replacing what is there; fsyncs the parent. The common case (a new
   * URI whose parent exists, or a file over a file) is one rename(2).
   */
  const moveInto = async (src: string, dest: string): Promise<void> => {
    let trash: string | undefined;
    for (let tries = 0; ; tries++) {
      try {
        await rename(src, dest);
        break;
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (tries > 2) throw error;
        if (code === 'ENOENT') {
          await mkdir(dirname(dest), { recursive: true });
        } else if (code === 'ENOTEMPTY' || code === 'EEXIST' || code === 'EISDIR' || code === 'ENOTDIR') {
          // rename(2) cannot replace a non-empty directory, or swap a file and a directory:
          // move the old content aside first (it is deleted once the new one is in place).
          trash = join(stagingRoot, `${token()}.trash`);
          await rename(dest, trash);
        } else {
          throw error;
        }
      }
    }
    if (fsync) await syncDir(dirname(dest));
    if (trash !== undefined) await rm(trash, { recursive: true, force: true });
  };

  const store: ArtifactStore = {
    uriFor,
    localPath,

    async stage(location) {
      taskSegments(location); // validate before touching the disk
      const dir = join(stagingRoot, token());
      try {
        // The name says who owns it (host tag, pid), so sweeping needs no owner file.
        await mkdir(dir, { recursive: true });
        await mkdir(join(dir, OUTPUTS_DIR));
      } catch (cause) {
        throw ioError(`cannot create a staging area under ${stagingRoot}`, cause);
      }
      const area: StagingArea = {
        location,
        dir,
        pathFor: (name) => join(dir, OUTPUTS_DIR, checkOutputName(name)),
        uriFor: (name) => uriFor(location, name),
      };
      return area;
    },

    async commit(area, outputName, options = {}) {
      const src = area.pathFor(outputName);
      const uri = area.uriFor(outputName);
      let facts: Awaited<ReturnType<typeof digestPath>>;
      try {
        facts = await digestPath(src, { fsync });
      } catch (cause) {
        if (!(cause instanceof KiteError && cause.code === 'NOT_FOUND')) {
          throw ioError(
            `cannot read output '${outputName}' of task '${area.location.taskPath}' at ${src}`,
            cause,
          );
        }
        if (!options.allowMissing) {
          throw new KiteError(
            'NOT_FOUND',
            `output '${outputName}' of task '${area.location.taskPath}' was not written`,
            {
              hint: `the component must write it at the path it was given (${src})`,
            },
          );
        }
        // Nothing to publish: make sure no older content lingers at the URI.
        await rm(uri, { recursive: true, force: true });
        return { uri, digest: NONE_DIGEST, sizeBytes: 0, kind: 'none' };
      }
      try {
        await moveInto(src, uri);
        return { uri, ...facts };
      } catch (cause) {
        throw ioError(
          `cannot commit output '${outputName}' of task '${area.location.taskPath}' to ${uri}`,
          cause,
        );
      }
    },

    async discard(area) {
      try {
        // Fast path after a commit: only empty directories are left.
        await rmdir(join(area.dir, OUTPUTS_DIR));
        await rmdir(area.dir);
      } catch {
        await rm(area.dir, { recursive: true, force: true });
      }
    },

    async writeAtomic(uri, data) {
      const dest = localPath(uri);
      await mkdir(stagingRoot, { recursive: true });
      const tmp = join(stagingRoot, `${token()}.tmp`);
      try {
        const handle = await open(tmp, 'w');
        try {
          await handle.writeFile(data);
          if (fsync) await handle.sync();
        } finally {
          await handle.close();
        }
        await moveInto(tmp, dest);
        const facts = await digestPath(dest);
        return { uri, ...facts };
      } catch (cause) {
        await rm(tmp, { force: true });
        throw ioError(`cannot write ${dest}`, cause);
      }
    },

    async exists(uri) {
      return pathExists(localPath(uri));
    },

    async digest(uri): Promise<ArtifactContent> {
      return { uri, ...(await digestPath(localPath(uri))) };
    },

    async remove(uri) {
      const path = resolve(localPath(uri));
      if (!insideRoot(path)) {
        throw new KiteError('INVALID_ARGUMENT', `refusing to remove ${path}: it is not inside ${root}`);
      }
      await rm(path, { recursive: true, force: true });
    },

    async sweepStaging() {
      let names: string[];
      try {
        names = await readdir(stagingRoot);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 0;
        throw ioError(`cannot list ${stagingRoot}`, error);
      }
      let removed = 0;
      for (const name of names) {
        const path = join(stagingRoot, name);
        const owner = parseToken(name);
        let dead: boolean;
        if (owner !== undefined && owner.hostTag === HOST_TAG) {
          dead = owner.pid !== process.pid && !isProcessAlive(owner.pid);
        } else {
          // Another host (or a name we did not make): only age tells.
          const stat = await lstat(path).catch(() => undefined);
          dead = stat !== undefined && Date.now() - stat.mtimeMs > FOREIGN_STAGING_MAX_AGE_MS;
        }
        if (dead) {
          await rm(path, { recursive: true, force: true });
          removed++;
        }
      }
      return removed;
    },
  };
  return store;
}
