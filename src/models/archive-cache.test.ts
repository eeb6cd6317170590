import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ArchiveSpec, resolveArchiveFolder } from './archive-cache.js';
import { crc32 } from './archive-entry.js';

/** A ZIP of stored entries, written here so tests can put any name in it. */
function storedZip(files: Record<string, string>): Uint8Array {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, text] of Object.entries(files)) {
    const n = Buffer.from(name);
    const data = Buffer.from(text);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt32LE(crc32(data), 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(n.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt32LE(crc32(data), 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(n.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, n, data);
    centrals.push(central, n);
    offset += 30 + n.length + data.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(centrals.length / 2, 8);
  end.writeUInt16LE(centrals.length / 2, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return new Uint8Array(Buffer.concat([...locals, cd, end]));
}

/** A ustar archive of regular files, written here so tests can put any name in it. */
function ustar(files: Record<string, string>): Uint8Array {
  const blocks: Buffer[] = [];
  for (const [name, text] of Object.entries(files)) {
    const data = Buffer.from(text);
    const h = Buffer.alloc(512);
    h.write(name, 0);
    h.write('0000644\0', 100);
    h.write('0000000\0', 108);
    h.write('0000000\0', 116);
    h.write(`${data.length.toString(8).padStart(11, '0')}\0`, 124);
    h.write('00000000000\0', 136);
    h.write('        ', 148);
    h.write('0', 156);
    h.write('ustar\u000000', 257);
    let sum = 0;
    for (const b of h) sum += b;
    h.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148);
    blocks.push(h, data, Buffer.alloc((512 - (data.length % 512)) % 512));
  }
  return new Uint8Array(Buffer.concat([...blocks, Buffer.alloc(1024)]));
}

const md5 = (b: Uint8Array) => createHash('md5').update(b).digest('hex');
const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const good = storedZip({ 'T/dev.tsv': 'sentence\tlabel\nok .\t1\n', 'T/sub/x.txt': 'x', 'other/y.txt': 'y' });
const evilZip = storedZip({ 'T/dev.tsv': 'a', 'T/../../evil.txt': 'pwned' });
const evilTar = ustar({ 'T/dev.tsv': 'a', '../evil.txt': 'pwned' });
const served: Record<string, Uint8Array> = { '/good.zip': good, '/evil.zip': evilZip, '/evil.tar': evilTar };
let server: Server;
let base = '';
let requests = 0;

beforeAll(async () => {
  server = createServer((req, res) => {
    requests++;
    const body = served[req.url ?? ''];
    res.statusCode = body ? 200 : 404;
    res.end(body);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

const spec = (path: string, extra: Partial<ArchiveSpec> = {}): ArchiveSpec => ({
  name: path.slice(1),
  url: `${base}${path}`,
  format: 'zip',
  root: 'T',
  required: ['dev.tsv'],
  ...extra,
});
const tmp = () => mkdtempSync(join(tmpdir(), 'kite-archive-'));

describe('resolveArchiveFolder', () => {
  it('downloads, verifies and extracts once; the second call reads the cache', async () => {
    const cacheDir = tmp();
    const before = requests;
    const s = spec('/good.zip', { md5: md5(good), fileSha256: sha256(good), size: good.length });
    const dir = await resolveArchiveFolder('demo', s, { cacheDir });
    expect(dir).toBe(join(cacheDir, 'demo', 'T'));
    expect(readFileSync(join(dir, 'dev.tsv'), 'utf8')).toBe('sentence\tlabel\nok .\t1\n');
    expect(readFileSync(join(dir, 'sub', 'x.txt'), 'utf8')).toBe('x');
    expect(readdirSync(join(cacheDir, 'demo'))).toEqual(['T']); // no temporary folder left, nothing outside root
    expect(await resolveArchiveFolder('demo', s, { cacheDir })).toBe(dir);
    expect(requests - before).toBe(1);
  });

  it('tries the mirrors when the first URL fails', async () => {
    const cacheDir = tmp();
    const s = spec('/missing.zip', { mirrors: [`${base}/good.zip`], md5: md5(good) });
    expect(await resolveArchiveFolder('demo', s, { cacheDir })).toBe(join(cacheDir, 'demo', 'T'));
  });

  it('refuses a checksum mismatch, naming the URL and both digests, and caches nothing', async () => {
    const cacheDir = tmp();
    const e = await resolveArchiveFolder('demo', spec('/good.zip', { md5: '0'.repeat(32) }), {
      cacheDir,
    }).catch((x) => x);
    expect(e.code).toBe('INVALID_DATA');
    expect(e.message).toContain(`${base}/good.zip: expected md5 ${'0'.repeat(32)}, got ${md5(good)}`);
    expect(readdirSync(cacheDir)).toEqual([]);
    const size = await resolveArchiveFolder('demo', spec('/good.zip', { size: 3 }), { cacheDir }).catch(
      (x) => x,
    );
    expect(size.message).toContain(`expected size 3 bytes, got ${good.length} bytes`);
  });

  it.each([
    ['zip', '/evil.zip', 'T/../../evil.txt'],
    ['tar', '/evil.tar', '../evil.txt'],
  ] as const)(
    'refuses a %s whose entries escape the folder, extracting nothing',
    async (format, path, bad) => {
      const root = tmp();
      const cacheDir = join(root, 'a', 'b');
      const e = await resolveArchiveFolder('demo', spec(path, { format }), { cacheDir }).catch((x) => x);
      expect(e.code).toBe('INVALID_DATA');
      expect(e.issues).toEqual([expect.objectContaining({ code: 'unsafe-path', path: bad })]);
      expect(existsSync(join(cacheDir, 'demo'))).toBe(false);
      expect(existsSync(join(root, 'evil.txt')) || existsSync(join(root, 'a', 'evil.txt'))).toBe(false);
    },
  );

  it('refuses an archive without the required files', async () => {
    const e = await resolveArchiveFolder('demo', spec('/good.zip', { required: ['dev.tsv', 'train.tsv'] }), {
      cacheDir: tmp(),
    }).catch((x) => x);
    expect(e.code).toBe('INVALID_DATA');
    expect(e.message).toContain('lacks T/train.tsv');
  });

  it('says where it looked when offline', async () => {
    const cacheDir = tmp();
    const before = requests;
    const e = await resolveArchiveFolder('demo', spec('/good.zip'), {
      cacheDir,
      download: false,
      localFolders: ['/nowhere/T'],
    }).catch((x) => x);
    expect(e.code).toBe('NOT_FOUND');
    expect(e.message).toContain('/nowhere/T/');
    expect(e.message).toContain(`${join(cacheDir, 'demo', 'T')}/`);
    expect(e.hint).toContain(`${base}/good.zip`);
    expect(requests).toBe(before);
  });
});
