// The server reads only what its caller sends: over REST and WebSocket a connection import takes
// the file's contents, never a path on the server or the server's default files (a 0600 file
// with a password is never read for a remote caller); in-process (the app, the CLI) paths still work.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../main/core/logging/logger';
import { dispatch } from '../../main/rpc/dispatch';
import { type RunningServer, startServer } from '../../main/server/server';
import { WS_PATH } from '../../shared/transport';
import { connectClient, wsUrl } from '../contract/ws-client';
import { makeTestCore, type TestCore } from '../support/test-core';

const TOKEN = 'import-preview-remote-token';
const SECRET = 'Zq9-server-side-S3cret';

let core: TestCore;
let server: RunningServer;
let privateFile: string;

beforeAll(async () => {
  core = makeTestCore();
  server = await startServer({ core, port: 0, token: TOKEN, logger: silentLogger });
  privateFile = join(core.dataDir, 'server-only.pgpass');
  writeFileSync(privateFile, `db.internal:5432:prod:admin:${SECRET}\n`, { mode: 0o600 });
});
afterAll(async () => {
  await server?.close();
  await core?.dispose();
});

const rest = async (body: unknown) => {
  const res = await fetch(`http://127.0.0.1:${server.port}/api/v1/connections/import/preview`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, text: await res.text() };
};

describe('import preview over the network', () => {
  it('refuses a server path and a default file over REST, saying to upload the contents', async () => {
    const byPath = await rest({ source: 'pgpass', path: privateFile });
    expect(byPath.status).toBe(400);
    expect(byPath.text).toContain('does not read files by path');
    expect(byPath.text).not.toContain(SECRET);
    expect(byPath.text).not.toContain('db.internal');

    const byDefault = await rest({ source: 'my_cnf' });
    expect(byDefault.status).toBe(400);
    expect(byDefault.text).toContain('Upload or paste the contents of the my_cnf file');
  });

  it('accepts the uploaded contents over REST', async () => {
    const r = await rest({ source: 'pgpass', text: 'pg.example:5433:shop:app:pw\n' });
    expect(r.status).toBe(200);
    const preview = JSON.parse(r.text) as { candidates: { host: string; has_password: boolean }[] };
    expect(preview.candidates).toMatchObject([
      { host: 'pg.example', port: 5433, has_password: true },
    ]);
  });

  it('refuses a path over the WebSocket too, and accepts contents there', async () => {
    const ws = await connectClient(wsUrl(server.url, WS_PATH), {
      Authorization: `Bearer ${TOKEN}`,
    });
    try {
      const byPath = await ws.call('connections.importPreview', {
        source: 'pgpass',
        path: privateFile,
      });
      expect(byPath).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
      expect(JSON.stringify(byPath)).not.toContain(SECRET);
      const byText = await ws.call('connections.importPreview', {
        source: 'urls',
        text: 'postgres://app@one.example/shop',
      });
      expect(byText).toMatchObject({ ok: true, value: { candidates: [{ host: 'one.example' }] } });
    } finally {
      await ws.close();
    }
  });

  it('still reads a path the local caller picked (desktop app and CLI)', async () => {
    const local = await dispatch(core.handlers, 'connections.importPreview', {
      source: 'pgpass',
      path: privateFile,
    });
    expect(local).toMatchObject({
      ok: true,
      value: { file: privateFile, candidates: [{ host: 'db.internal', has_password: true }] },
    });
  });
});
