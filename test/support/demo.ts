import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inject } from 'vitest';
import { contextFor } from '../../src/app.ts';
import { loadConfig } from '../../src/core/config.ts';
import type { AppContext } from '../../src/core/context.ts';
import { openDatabase, type DatabaseHandle } from '../../src/db/database.ts';
import { seedDemo, type DemoSummary } from '../../src/demo/seed.ts';
import { applyOrg } from '../../src/org/service.ts';
import { adminQuery } from './global-setup.ts';
import { freshDatabase } from './db.ts';
import { SMALL_ORG } from './org.ts';

/**
 * The demo's "now" in every test that reads the demo: late in 2026's third tertial, so the first
 * two have closed and the current one has data.
 */
export const DEMO_NOW = new Date('2026-11-23T10:00:00Z');

interface DemoSnapshot {
  summary: DemoSummary;
  /** PGlite: the seeded database as dumpDataDir() writes it. */
  tarball?: Blob;
  /** PostgreSQL: a seeded database to copy with `create database … template …`. */
  template?: string;
}

let snapshot: Promise<DemoSnapshot> | undefined;

/**
 * A fresh database holding the demo as seedDemo() leaves it at DEMO_NOW, on top of SMALL_ORG
 * (which testApp() applies first). Seeding takes seconds, and ten test files read the demo:
 * each test process seeds it once and every file gets its own copy, so a file that writes cannot
 * disturb another. The copy is of the database only; what a context keeps in memory (fitted
 * models, caches) each file builds again, as a restarted server does.
 */
export async function demoDatabase(): Promise<{ handle: DatabaseHandle & { url?: string }; summary: DemoSummary }> {
  snapshot ??= seedSnapshot();
  const { summary, tarball, template } = await snapshot;
  const base = process.env.TEST_DATABASE_URL;
  if (!base || !template) return { handle: await openDatabase({ dataDir: 'memory://', loadDataDir: tarball }), summary };
  const name = `bs_test_${randomBytes(6).toString('hex')}`;
  await adminQuery(base, `create database ${name} template ${template}`);
  const url = new URL(base);
  url.pathname = `/${name}`;
  const handle = await openDatabase({ url: url.toString(), poolSize: 10 });
  return {
    summary,
    handle: {
      ...handle,
      url: url.toString(),
      close: async () => {
        await handle.close();
        await adminQuery(base, `drop database if exists ${name} with (force)`);
      },
    },
  };
}

async function seedSnapshot(): Promise<DemoSnapshot> {
  const base = process.env.TEST_DATABASE_URL;
  const migratedTemplate = base ? inject('postgresTemplate') : undefined;
  let handle: DatabaseHandle;
  let template: string | undefined;
  if (base && migratedTemplate) {
    // One per test process; global-setup drops every `<template>_demo_*` at the end of the run.
    template = `${migratedTemplate}_demo_${process.pid}`;
    await adminQuery(base, `create database ${template} template ${migratedTemplate}`);
    const url = new URL(base);
    url.pathname = `/${template}`;
    handle = await openDatabase({ url: url.toString(), poolSize: 10 });
  } else {
    handle = await freshDatabase();
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'bs-demo-'));
  try {
    const ctx = await contextFor(handle, loadConfig({}, { LOG_LEVEL: 'silent', DATA_DIR: dataDir }), { now: () => DEMO_NOW });
    await applyOrg(ctx.db, SMALL_ORG, DEMO_NOW);
    const summary = await seedDemo(ctx);
    if (template) return { summary, template };
    return { summary, tarball: await handle.dumpDataDir!() };
  } finally {
    // A template database must have no connections when it is copied.
    await handle.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** A context (no server) over a fresh copy of the demo, its clock stopped at DEMO_NOW. */
export async function demoContext(): Promise<{ ctx: AppContext & { handle: DatabaseHandle }; close: () => Promise<void> }> {
  const { handle } = await demoDatabase();
  const dataDir = mkdtempSync(join(tmpdir(), 'bs-demo-'));
  const ctx = await contextFor(handle, loadConfig({}, { LOG_LEVEL: 'silent', DATA_DIR: dataDir }), { now: () => DEMO_NOW });
  return {
    ctx,
    close: async () => {
      await handle.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
