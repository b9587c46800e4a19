/**
 * `npm run package`: builds `dist/aks-snapshot-backup.zip`, ready for
 * `az functionapp deployment source config-zip` (see README "Deploy to Azure").
 * Run after `npm run build`.
 */
import { createWriteStream, existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ZipArchive } from 'archiver';
import { exitIfUnsupportedNode } from '../runtime/nodeVersion';
import { APP_FILES, productionPackageFolders, type Lockfile } from './productionFiles';

async function main(): Promise<void> {
  exitIfUnsupportedNode();
  const root = join(__dirname, '..', '..', '..');
  const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')) as Lockfile;
  const target = join(root, 'dist', 'aks-snapshot-backup.zip');
  const output = createWriteStream(target);
  const zip = new ZipArchive({ zlib: { level: 9 } });
  const done = new Promise<void>((resolve, reject) => {
    output.on('close', resolve);
    zip.on('error', reject);
  });
  zip.pipe(output);
  for (const file of APP_FILES) {
    const path = join(root, file);
    if (!existsSync(path)) throw new Error(`${file} is missing: run npm run build first.`);
    if (statSync(path).isDirectory()) zip.directory(path, file);
    else zip.file(path, { name: file });
  }
  const folders = productionPackageFolders(lock);
  for (const folder of folders) {
    // Nested folders are added with their parent; add each top-level package folder once.
    if (folders.some((other) => other !== folder && folder.startsWith(`${other}/`))) continue;
    if (existsSync(join(root, folder))) zip.directory(join(root, folder), folder);
  }
  await zip.finalize();
  await done;
  process.stdout.write(
    `${target}: ${Math.round(statSync(target).size / 1024)} KiB, ${folders.length} production packages\n`,
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
