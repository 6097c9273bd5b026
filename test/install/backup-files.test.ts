/**
 * A backup carries the file store with the store: restored, the installation
 * lists and opens the outbox mails (index in the store, source in the file
 * store) and serves the evidence photos, byte for byte.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { takeBackup } from '../../scripts/backups/backup';
import { restoreBackup } from '../../scripts/backups/restore';
import { createMailer } from '../../server/mail/transport';
import { openImage, storeImage } from '../../server/services/visits/evidenceFiles';
import { openStore } from '../../server/store';
import { readAll } from '../../server/store/files';
import { buildTenant, buildWorld, type Tenant, type World } from '../helpers/world';

let world: World;
let tenant: Tenant;
let scratch: string;
beforeAll(async () => {
  world = await buildWorld();
  tenant = await buildTenant(world.store);
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'ss-backup-files-'));
});
afterAll(async () => {
  await world.close();
  fs.rmSync(scratch, { recursive: true, force: true });
});

test('a restored installation has the outbox mails and evidence photos the backup was taken with', async () => {
  const jpeg = await sharp({ create: { width: 40, height: 30, channels: 3, background: { r: 200, g: 30, b: 30 } } })
    .jpeg()
    .toBuffer();
  const photo = await storeImage(world.store.files, tenant.enterpriseId, jpeg, 'photo');
  const { id } = await world.deps.mailer.send({ enterpriseId: tenant.enterpriseId, to: 'kh@example.com', subject: '调查邀请 · 备份', text: '请评价本次服务' });
  const photoBytes = await readAll((await openImage(world.store.files, photo, 'full')).stream);

  const backupDir = path.join(scratch, 'backup');
  const { manifest } = await takeBackup(world.dir, backupDir);
  expect(manifest.folders.evidence!.files).toBe(2); // the photo and its thumbnail
  expect(manifest.folders.outbox!.files).toBe(1);
  expect(manifest.counts.outboxMessages).toBe(1);

  const restoredDir = path.join(scratch, 'restored');
  await restoreBackup(restoredDir, backupDir);
  const restored = await openStore({ dataDir: restoredDir });
  try {
    const mailer = createMailer({ from: world.deps.config.mailFrom, store: restored });
    expect((await mailer.listOutbox(tenant.enterpriseId)).map((m) => m.subject)).toEqual(['调查邀请 · 备份']);
    expect(await mailer.readOutbox(tenant.enterpriseId, id)).toMatch(/^Subject: /m);
    expect((await mailer.readOutboxMessage(tenant.enterpriseId, id))!.message!.text).toBe('请评价本次服务');
    expect(await readAll((await openImage(restored.files, photo, 'full')).stream)).toEqual(photoBytes);
    expect((await readAll((await openImage(restored.files, photo, 'thumb')).stream)).length).toBeGreaterThan(0);
  } finally {
    await restored.close();
  }
});
