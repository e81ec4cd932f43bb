import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { Service } from 'kubernetes-models/v1/Service';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import { PersistentVolumeClaim } from 'kubernetes-models/v1/PersistentVolumeClaim';
import { configSchema, FROM_FILE } from '../../src/core/config.ts';
import { dockerfile } from './dockerfile.ts';

/**
 * The example Kubernetes manifests in deploy/kubernetes/ (issue 16). Each object is validated against
 * the Kubernetes API's own schema (its OpenAPI definitions, compiled to JSON-Schema validators by the
 * kubernetes-models package, offline). That schema lets unknown fields through (the API server drops
 * them), so the fields this service relies on are asserted by name too: a misspelt probe fails here.
 * And they must fit the application: every variable is a setting of src/core/config.ts (or its
 * NAME_FILE), every secret file lies in the mounted Secret, the probes hit the ports and paths the
 * server answers, and the user is the image's.
 */
const root = join(import.meta.dirname, '../..');
const MODELS = { Deployment, Service, PodDisruptionBudget, PersistentVolumeClaim } as const;
type Container = {
  name: string;
  args?: string[];
  ports?: Array<{ name?: string; containerPort: number }>;
  env?: Array<{ name: string; value?: string }>;
  startupProbe?: Probe;
  livenessProbe?: Probe;
  readinessProbe?: Probe;
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  securityContext?: Record<string, unknown>;
  volumeMounts?: Array<{ name: string; mountPath: string }>;
};
type Probe = { httpGet?: { path: string; port: string | number } };
type Manifest = {
  apiVersion: string;
  kind: keyof typeof MODELS;
  metadata: { name: string };
  spec: Record<string, unknown>;
};

function load(file: string): Manifest[] {
  const docs = parseAllDocuments(readFileSync(join(root, 'deploy/kubernetes', file), 'utf8'));
  for (const doc of docs) expect(doc.errors).toEqual([]);
  return docs.map((doc) => doc.toJS() as Manifest);
}

const [ledgerClaim] = load('ledger.yaml');

const settings = new Set(Object.keys(configSchema.shape));
const fileSettings = new Set(FROM_FILE.map((key) => `${key}_FILE`));

describe.each([
  ['web.yaml', 'web'],
  ['worker.yaml', 'worker'],
])('deploy/kubernetes/%s', (file, role) => {
  const objects = load(file);
  const deployment = objects.find((o) => o.kind === 'Deployment')!;
  const spec = deployment.spec as {
    replicas: number;
    template: { spec: { containers: Container[]; securityContext: Record<string, unknown>; volumes: Array<Record<string, unknown>> } };
  };
  const pod = spec.template.spec;
  const container = pod.containers[0];

  it('is valid against the Kubernetes API schema', () => {
    expect(objects.length).toBeGreaterThan(0);
    for (const object of [...objects, ledgerClaim]) {
      const Model = MODELS[object.kind];
      expect(Model, `${object.kind} has no schema here`).toBeDefined();
      expect(() => new Model(object as never).validate(), `${object.kind} ${object.metadata.name}`).not.toThrow();
    }
    // And one that is not: the check can fail.
    const broken = structuredClone(deployment);
    (broken.spec as { replicas: unknown }).replicas = 'two';
    expect(() => new Deployment(broken as never).validate()).toThrow(/replicas/);
  });

  it(`runs the image's ${role} role, two replicas, as the image's non-root user, with resources`, () => {
    expect(container.args).toEqual(['serve', '--role', role]);
    expect(spec.replicas).toBe(2);
    const user = dockerfile().user;
    expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: Number(user.split(':')[0]) });
    expect(container.securityContext).toMatchObject({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true });
    expect(container.resources?.requests).toMatchObject({ cpu: expect.any(String), memory: expect.any(String) });
    expect(container.resources?.limits).toMatchObject({ memory: expect.any(String) });
  });

  it('sets only settings the application knows, secrets as files in the mounted Secret', () => {
    const env = container.env ?? [];
    const names = env.map((e) => e.name);
    expect(names.filter((n) => !settings.has(n) && !fileSettings.has(n))).toEqual([]);
    // Secrets never as plain values.
    for (const secret of ['SECRET_KEY', 'CONTACT_HASH_SECRET', 'DATABASE_URL', 'METRICS_TOKEN']) {
      expect(names).not.toContain(secret);
      expect(names).toContain(`${secret}_FILE`);
    }
    const secretVolume = pod.volumes.find((v) => 'secret' in v)!;
    const mount = container.volumeMounts!.find((m) => m.name === secretVolume.name)!;
    for (const e of env.filter((e) => e.name.endsWith('_FILE'))) expect(e.value!.startsWith(mount.mountPath + '/'), e.name).toBe(true);
    // The values parse as the application would take them, each file standing for a secret (DEV_LOGIN=false needs them).
    const plain = Object.fromEntries(env.filter((e) => settings.has(e.name)).map((e) => [e.name, e.value]));
    const fromFiles = Object.fromEntries(
      env
        .filter((e) => fileSettings.has(e.name))
        .map((e) => [e.name.replace(/_FILE$/, ''), e.name.startsWith('DATABASE') ? 'postgres://db/x' : 'x'.repeat(32)]),
    );
    const parsed = configSchema.safeParse({ ...plain, ...fromFiles });
    expect(parsed.error?.issues ?? []).toEqual([]);
    expect(parsed.data?.DEV_LOGIN).toBe(false);
  });

  it('probes: startup and liveness on /livez, readiness on /readyz, at the ports the image serves', () => {
    const ports = new Map((container.ports ?? []).map((p) => [p.name, p.containerPort]));
    const image = dockerfile().env;
    expect(ports.get('metrics')).toBe(Number(image.METRICS_PORT));
    if (role === 'web') expect(ports.get('http')).toBe(Number(image.PORT));
    expect(container.startupProbe?.httpGet).toEqual({ path: '/livez', port: 'metrics' });
    expect(container.livenessProbe?.httpGet).toEqual({ path: '/livez', port: 'metrics' });
    expect(container.readinessProbe?.httpGet).toEqual({ path: '/readyz', port: role === 'web' ? 'http' : 'metrics' });
  });

  it('keeps the deletion ledger on the shared volume that outlives the pods, not in the pod', () => {
    const ledger = container.env?.find((e) => e.name === 'DELETION_LEDGER')?.value;
    expect(ledger).toBeDefined();
    const mount = container.volumeMounts!.find((m) => m.mountPath === ledger)!;
    expect(mount, `nothing is mounted at ${ledger}`).toBeDefined();
    const volume = pod.volumes.find((v) => v.name === mount.name) as { persistentVolumeClaim?: { claimName: string } };
    expect(volume.persistentVolumeClaim?.claimName).toBe(ledgerClaim.metadata.name);
    expect((ledgerClaim.spec as { accessModes: string[] }).accessModes).toContain('ReadWriteMany');
  });

  if (role === 'web')
    it('the Service routes only the application port, to these pods', () => {
      const service = objects.find((o) => o.kind === 'Service')!;
      const s = service.spec as { selector: Record<string, string>; ports: Array<{ targetPort: string }> };
      expect(s.ports.map((p) => p.targetPort)).toEqual(['http']);
      expect((deployment.spec as { selector: { matchLabels: unknown } }).selector.matchLabels).toEqual(s.selector);
    });
});

/**
 * The NAIS examples (deploy/nais/). Their schema is NAIS's Application CRD (nais/liberator), not
 * kept in this repository: they were validated against it by hand (README, Operations). Here: they
 * fit the application and the image as the plain manifests do.
 */
describe.each([
  ['web.yaml', 'web'],
  ['worker.yaml', 'worker'],
])('deploy/nais/%s', (file, role) => {
  const app = parse(readFileSync(join(root, 'deploy/nais', file), 'utf8')) as {
    apiVersion: string;
    kind: string;
    spec: {
      command: string[];
      port: number;
      replicas: { min: number };
      startup: { path: string; port: number };
      liveness: { path: string; port: number };
      readiness: { path: string; port: number };
      prometheus: { enabled: boolean; path: string; port: string };
      env: Array<{ name: string; value: string }>;
      filesFrom: Array<{ secret?: string; mountPath: string }>;
    };
  };
  const image = dockerfile();
  const metricsPort = Number(image.env.METRICS_PORT);

  it(`runs the image's ${role} role with the probes, metrics and settings the application has`, () => {
    expect(app.apiVersion).toBe('nais.io/v1alpha1');
    expect(app.kind).toBe('Application');
    expect(app.spec.command).toEqual([...image.command.slice(0, 2), 'serve', '--role', role]);
    expect(app.spec.replicas.min).toBe(2);
    expect(app.spec.startup).toMatchObject({ path: '/livez', port: metricsPort });
    expect(app.spec.liveness).toMatchObject({ path: '/livez', port: metricsPort });
    expect(app.spec.readiness).toMatchObject({ path: '/readyz', port: role === 'web' ? Number(image.env.PORT) : metricsPort });
    expect(app.spec.prometheus).toEqual({ enabled: true, path: '/metrics', port: String(metricsPort) });
    const names = app.spec.env.map((e) => e.name);
    expect(names.filter((n) => !settings.has(n) && !fileSettings.has(n))).toEqual([]);
    const mount = app.spec.filesFrom.find((f) => f.secret)!.mountPath;
    for (const e of app.spec.env.filter((e) => e.name.endsWith('_FILE'))) expect(e.value.startsWith(mount + '/'), e.name).toBe(true);
    for (const secret of ['SECRET_KEY', 'CONTACT_HASH_SECRET', 'DATABASE_URL']) expect(names).toContain(`${secret}_FILE`);
  });
});
