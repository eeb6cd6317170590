/**
 * {@link ArtifactStore} on the local filesystem. URIs are absolute paths (as in KFP's local
 * runner, where `.uri == .path`). Contents become visible at their URI only through an atomic
 * rename of fsynced data, so whatever is at a final path is complete.
 */
import { randomBytes } from 'node:crypto';
import { lstat, mkdir, open, readdir, readFile, rename, rm } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { KiteError } from '../../core/index.js';
import { currentOwner, isProcessAlive } from '../owner.js';
import type { ArtifactContent, ArtifactStore, Owner, StagingArea, TaskLocation } from '../types.js';
import { digestPath, NONE_DIGEST, syncDir } from './digest.js';
import { checkOutputName, OUTPUTS_DIR, OWNER_FILE, STAGING_DIR, taskSegments } from './layout.js';

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
export function createLocalArtifactStore(artifactsDir: string): ArtifactStore {
  const root = resolve(artifactsDir);
  const stagingRoot = join(root, STAGING_DIR);
  const token = () => `${process.pid}-${randomBytes(6).toString('hex')}`;

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

  /** Moves `src` to `dest`, replacing what is there; fsyncs the parent. */
  const moveInto = async (src: string, dest: string, srcIsDir: boolean): Promise<void> => {
    await mkdir(dirname(dest), { recursive: true });
    let trash: string | undefined;
    if (srcIsDir || ((await pathExists(dest)) && (await lstat(dest)).isDirectory())) {
      // rename(2) cannot replace a non-empty directory: move the old one aside first.
      if (await pathExists(dest)) {
        trash = join(stagingRoot, `${token()}.trash`);
        await rename(dest, trash);
      }
    }
    await rename(src, dest);
    await syncDir(dirname(dest));
    if (trash !== undefined) await rm(trash, { recursive: true, force: true });
  };

  const store: ArtifactStore = {
    uriFor,
    localPath,

    async stage(location) {
      taskSegments(location); // validate before touching the disk
      const dir = join(stagingRoot, token());
      try {
        await mkdir(join(dir, OUTPUTS_DIR), { recursive: true });
        const owner: Owner & { createdAt: number; location: TaskLocation } = {
          ...currentOwner(),
          createdAt: Date.now(),
          location,
        };
        const handle = await open(join(dir, OWNER_FILE), 'w');
        await handle.writeFile(JSON.stringify(owner));
        await handle.close();
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
      if (!(await pathExists(src))) {
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
        const facts = await digestPath(src, { fsync: true });
        await moveInto(src, uri, facts.kind === 'dir');
        return { uri, ...facts };
      } catch (cause) {
        throw ioError(
          `cannot commit output '${outputName}' of task '${area.location.taskPath}' to ${uri}`,
          cause,
        );
      }
    },

    async discard(area) {
      await rm(area.dir, { recursive: true, force: true });
    },

    async writeAtomic(uri, data) {
      const dest = localPath(uri);
      await mkdir(stagingRoot, { recursive: true });
      const tmp = join(stagingRoot, `${token()}.tmp`);
      try {
        const handle = await open(tmp, 'w');
        try {
          await handle.writeFile(data);
          await handle.sync();
        } finally {
          await handle.close();
        }
        await moveInto(tmp, dest, false);
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
      const self = currentOwner();
      let removed = 0;
      for (const name of names) {
        const path = join(stagingRoot, name);
        let owner: Partial<Owner & { createdAt: number }> = {
          pid: Number(name.split('-')[0]),
          host: self.host,
        };
        try {
          owner = JSON.parse(await readFile(join(path, OWNER_FILE), 'utf8')) as typeof owner;
        } catch {
          // No owner file (a temp file, or a crash right after mkdir): the pid in the name decides.
        }
        const dead =
          owner.host === self.host
            ? owner.pid !== self.pid && !isProcessAlive(owner.pid ?? -1)
            : Date.now() - (owner.createdAt ?? 0) > FOREIGN_STAGING_MAX_AGE_MS;
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
