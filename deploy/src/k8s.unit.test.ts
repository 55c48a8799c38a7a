import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { deployRoot } from './generate';
import { DEPLOYED, gracePeriodSeconds, replicaCap } from './services';
import { run } from './tools/cache';
import { kustomizeBuild, VERSIONS, validateManifests } from './tools/kubernetes';

// The first run builds kustomize and kubeconform from the Go module proxy and fetches the schemas.
jest.setTimeout(15 * 60_000);

// biome-ignore lint/suspicious/noExplicitAny: manifests are checked field by field below
type Manifest = Record<string, any>;

const scratch = mkdtempSync(join(tmpdir(), 'lakestream-k8s-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const overlays = ['local', 'production'] as const;

describe.each(overlays)('the %s overlay', (overlay) => {
  let text: string;
  let manifests: Manifest[];
  const find = (kind: string, name: string) =>
    manifests.find((m) => m.kind === kind && m.metadata.name === name) as Manifest;

  beforeAll(async () => {
    text = await kustomizeBuild(join(deployRoot, 'k8s', 'overlays', overlay));
    manifests = parseAllDocuments(text).map((d) => d.toJS() as Manifest);
  });

  it(`validates offline against Kubernetes ${VERSIONS.kubernetes} and the KEDA ${VERSIONS.keda} / prometheus-operator ${VERSIONS.prometheusOperator} schemas, strictly`, async () => {
    const verdicts = await validateManifests(text, join(scratch, `${overlay}.yaml`));
    expect(verdicts.filter((v) => v.status !== 'statusValid')).toEqual([]);
    expect(verdicts).toHaveLength(manifests.length);
    expect(new Set(manifests.map((m) => m.kind))).toEqual(
      new Set([
        'ServiceAccount',
        'Service',
        'Deployment',
        'StatefulSet',
        'PodDisruptionBudget',
        'ServiceMonitor',
        'ScaledObject',
        'PrometheusRule',
        'ConfigMap',
        ...(overlay === 'local' ? ['Secret'] : ['TriggerAuthentication']),
      ]),
    );
  });

  it('renders the same with kubectl kustomize, where kubectl is installed', async () => {
    const kubectl = await run('sh', ['-c', 'command -v kubectl || true']);
    if (!kubectl.trim()) return;
    const other = await run('kubectl', ['kustomize', join(deployRoot, 'k8s', 'overlays', overlay)]);
    expect(parseAllDocuments(other).map((d) => d.toJS())).toEqual(manifests);
  });

  it.each(DEPLOYED.map((s) => [s.name, s] as const))(
    '%s: workload, probes, resources, grace, IRSA, Service, PDB, ServiceMonitor, KEDA',
    (_, service) => {
      const workload = find(service.kind, service.name);
      const pod = workload.spec.template.spec;
      const [container] = pod.containers;
      expect(pod.serviceAccountName).toBe(service.name);
      expect(container.livenessProbe.httpGet).toEqual({ path: '/healthz', port: 'http' });
      expect(container.readinessProbe.httpGet).toEqual({ path: '/readyz', port: 'http' });
      expect(container.ports).toEqual([{ name: 'http', containerPort: service.httpPort, protocol: 'TCP' }]);
      expect(container.resources.requests.memory).toBe(`${service.resources.memoryRequestMi}Mi`);
      expect(container.resources.limits.memory).toBe(`${service.resources.memoryLimitMi}Mi`);
      // The grace period covers the preStop pause and the shutdown deadline the service is configured with.
      const config = manifests.find(
        (m) => m.kind === 'ConfigMap' && m.metadata.name.startsWith(`${service.name}-config`),
      ) as Manifest;
      const deadlineSeconds = Number(config.data.SHUTDOWN_DEADLINE_MS) / 1000;
      expect(deadlineSeconds).toBeGreaterThan(0);
      expect(pod.terminationGracePeriodSeconds).toBe(gracePeriodSeconds(service));
      expect(pod.terminationGracePeriodSeconds).toBeGreaterThan(deadlineSeconds + service.preStopSeconds);
      const account = find('ServiceAccount', service.name);
      expect(account.metadata.annotations['eks.amazonaws.com/role-arn']).toMatch(
        new RegExp(`^arn:aws:iam::\\d{12}:role/lakestream-${service.name}$`),
      );
      expect(find('Service', service.name).spec.ports[0].targetPort).toBe('http');
      expect(find('PodDisruptionBudget', service.name).spec.selector.matchLabels).toEqual(
        workload.spec.selector.matchLabels,
      );
      expect(find('ServiceMonitor', service.name).spec.endpoints[0]).toMatchObject({
        port: 'http',
        path: '/metrics',
      });
      const scaled = find('ScaledObject', service.name);
      if (!service.consumer) {
        expect(scaled).toBeUndefined();
        return;
      }
      expect(scaled.spec.scaleTargetRef).toEqual({
        apiVersion: 'apps/v1',
        kind: service.kind,
        name: service.name,
      });
      expect(scaled.spec.maxReplicaCount).toBe(replicaCap(service, overlay));
      expect(scaled.spec.triggers[0].metadata.consumerGroup).toBe(service.consumer.group);
    },
  );

  it('takes config from ConfigMaps and secrets from Secrets, never inline', () => {
    for (const workload of manifests.filter((m) => m.kind === 'StatefulSet' || m.kind === 'Deployment')) {
      const [container] = workload.spec.template.spec.containers;
      const inline = (container.env as { name: string; value?: string }[]).filter(
        (e) => e.value !== undefined,
      );
      // Only values derived from the pod itself are set inline.
      for (const e of inline) expect(['STATE_DIR']).toContain(e.name);
      for (const from of container.envFrom as Manifest[]) {
        const ref = from.configMapRef ?? from.secretRef;
        const kind = from.configMapRef ? 'ConfigMap' : 'Secret';
        // Local Secrets and every ConfigMap are rendered; production's Secret comes from the account.
        if (kind === 'ConfigMap' || overlay === 'local') expect(find(kind, ref.name)).toBeDefined();
      }
    }
    const configs = manifests.filter((m) => m.kind === 'ConfigMap').flatMap((m) => Object.keys(m.data ?? {}));
    for (const secretish of ['API_KEYS', 'AWS_SECRET_ACCESS_KEY', 'AWS_ACCESS_KEY_ID'])
      expect(configs).not.toContain(secretish);
  });
});

describe('the validation itself', () => {
  it('refuses an unknown field in a built-in kind and in a CRD', async () => {
    const bad = [
      'apiVersion: v1\nkind: Service\nmetadata: {name: a}\nspec: {ports: [{port: 80, targetPortt: 8080}]}',
      'apiVersion: keda.sh/v1alpha1\nkind: ScaledObject\nmetadata: {name: b}\nspec: {scaleTargetRef: {name: x}, maxReplicas: 3, triggers: []}',
    ].join('\n---\n');
    const verdicts = await validateManifests(bad, join(scratch, 'bad.yaml'));
    expect(verdicts.map((v) => v.status)).toEqual(['statusInvalid', 'statusInvalid']);
  });
});
