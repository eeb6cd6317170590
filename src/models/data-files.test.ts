import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkDownload, contentDigest, resolveDataFile } from './data-files.js';
import { loadFashionMnist } from './idx.js';

const sample = readFileSync(new URL('./fixtures/fashion-mnist-300-labels-idx1-ubyte.gz', import.meta.url));
const spec = { name: 'labels.gz', sha256: contentDigest(sample, 'labels.gz') };
let server: Server;
let base = '';
let requests = 0;

beforeAll(async () => {
  server = createServer((req, res) => {
    requests++;
    if (req.url === '/labels.gz') res.end(sample);
    else if (req.url === '/garbled.gz') res.end(Buffer.from(sample).fill(7, 20));
    else {
      res.statusCode = 404;
      res.end();
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

describe('resolveDataFile', () => {
  it('downloads once into the cache, verified', async () => {
    const cacheDir = mkdtempSync(join(tmpdir(), 'kite-cache-'));
    const before = requests;
    const p1 = await resolveDataFile('demo', { ...spec, url: `${base}/labels.gz` }, { cacheDir });
    const p2 = await resolveDataFile('demo', { ...spec, url: `${base}/labels.gz` }, { cacheDir });
    expect(p1).toBe(join(cacheDir, 'demo', 'labels.gz'));
    expect(p2).toBe(p1);
    expect(requests - before).toBe(1);
    expect(readFileSync(p1)).toEqual(sample);
  });

  it('prefers the local data directory', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'kite-data-'));
    mkdirSync(join(dataDir, 'demo'));
    writeFileSync(join(dataDir, 'demo', 'labels.gz'), sample);
    const before = requests;
    const p = await resolveDataFile(
      'demo',
      { ...spec, url: `${base}/labels.gz` },
      { dataDir, cacheDir: join(dataDir, 'c') },
    );
    expect(p).toBe(join(dataDir, 'demo', 'labels.gz'));
    expect(requests).toBe(before);
  });

  it('refuses a download whose checksum does not match and caches nothing', async () => {
    const cacheDir = mkdtempSync(join(tmpdir(), 'kite-cache-'));
    await expect(
      resolveDataFile('demo', { ...spec, url: `${base}/garbled.gz` }, { cacheDir }),
    ).rejects.toMatchObject({
      code: 'INVALID_DATA',
    });
    expect(existsSync(join(cacheDir, 'demo')) ? readdirSync(join(cacheDir, 'demo')) : []).toEqual([]);
    await expect(
      resolveDataFile('demo', { ...spec, url: `${base}/missing.gz` }, { cacheDir }),
    ).rejects.toThrow(/HTTP 404/);
  });

  it('says where it looked when offline', async () => {
    const cacheDir = mkdtempSync(join(tmpdir(), 'kite-cache-'));
    const e = await loadFashionMnist('test', {
      dataDir: '/nonexistent/data',
      cacheDir,
      download: false,
    }).catch((x) => x);
    expect(e.code).toBe('NOT_FOUND');
    expect(e.message).toContain('/nonexistent/data/fashion-mnist/t10k-images-idx3-ubyte.gz');
    expect(e.message).toContain(join(cacheDir, 'fashion-mnist'));
  });

  it('checks MD5 and SHA-256 of the bytes as served, and falls back to mirrors', async () => {
    const cacheDir = mkdtempSync(join(tmpdir(), 'kite-cache-'));
    const md5 = createHash('md5').update(sample).digest('hex');
    const fileSha256 = createHash('sha256').update(sample).digest('hex');
    const s = {
      name: 'labels.gz',
      url: `${base}/missing.gz`,
      mirrors: [`${base}/labels.gz`],
      md5,
      fileSha256,
    };
    const p = await resolveDataFile('demo', s, { cacheDir });
    expect(readFileSync(p)).toEqual(sample);
    expect(
      checkDownload(sample, { name: 'x', md5: md5.toUpperCase(), size: sample.length }, 'u'),
    ).toBeUndefined();
    expect(checkDownload(sample, { name: 'x', fileSha256: '0'.repeat(64) }, 'u')).toEqual({
      url: 'u',
      algorithm: 'file sha256',
      expected: '0'.repeat(64),
      actual: fileSha256,
    });
  });

  it('names every URL it tried when none answers', async () => {
    const cacheDir = mkdtempSync(join(tmpdir(), 'kite-cache-'));
    const s = { name: 'labels.gz', url: `${base}/a.gz`, mirrors: [`${base}/b.gz`] };
    const e = await resolveDataFile('demo', s, { cacheDir, dataDir: '/nowhere' }).catch((x) => x);
    expect(e.code).toBe('IO');
    expect(e.message).toContain(`${base}/a.gz: HTTP 404; ${base}/b.gz: HTTP 404`);
    expect(e.message).toContain('/nowhere/demo/labels.gz');
  });
});
