import { stringify } from 'yaml';
import { DEPLOYED, type DeployedService, gracePeriodSeconds, replicaCap } from './services';

/** The image every service runs from (deploy/docker/Dockerfile); overlays set the registry and tag. */
export const IMAGE = 'lakestream';
/** The role ARN in the base; the production overlay puts its account id in the 5th field. */
export const roleArn = (service: string) => `arn:aws:iam::000000000000:role/lakestream-${service}`;

const labels = (service: DeployedService) => ({
  'app.kubernetes.io/name': service.name,
  'app.kubernetes.io/part-of': 'lakestream',
});
const selector = (service: DeployedService) => ({ 'app.kubernetes.io/name': service.name });

function container(service: DeployedService) {
  const env: Record<string, unknown>[] = [
    { name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
  ];
  if (service.state) env.push({ name: service.state.env, value: service.state.mountPath });
  const probe = (path: string, periodSeconds: number, failureThreshold: number) => ({
    httpGet: { path, port: 'http' },
    periodSeconds,
    failureThreshold,
    timeoutSeconds: 2,
  });
  return {
    name: service.name,
    image: IMAGE,
    imagePullPolicy: 'IfNotPresent',
    command: ['node', service.script],
    ports: [{ name: 'http', containerPort: service.httpPort, protocol: 'TCP' }],
    env,
    envFrom: [
      { configMapRef: { name: 'lakestream-config' } },
      { configMapRef: { name: `${service.name}-config` } },
      ...(service.secret ? [{ secretRef: { name: service.secret.name } }] : []),
    ],
    // Start-up may rebuild a live-row index or wait for a group to form: up to 5 min before liveness counts.
    startupProbe: probe('/healthz', 5, 60),
    livenessProbe: probe('/healthz', 10, 3),
    readinessProbe: probe('/readyz', 5, 2),
    ...(service.preStopSeconds > 0
      ? { lifecycle: { preStop: { sleep: { seconds: service.preStopSeconds } } } }
      : {}),
    resources: {
      requests: { cpu: service.resources.cpuRequest, memory: `${service.resources.memoryRequestMi}Mi` },
      limits: {
        ...(service.resources.cpuLimit ? { cpu: service.resources.cpuLimit } : {}),
        memory: `${service.resources.memoryLimitMi}Mi`,
      },
    },
    securityContext: {
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      runAsNonRoot: true,
      runAsUser: 1000,
      capabilities: { drop: ['ALL'] },
    },
    volumeMounts: [
      { name: 'tmp', mountPath: '/tmp' },
      ...(service.state ? [{ name: 'state', mountPath: service.state.mountPath }] : []),
    ],
  };
}

function podTemplate(service: DeployedService) {
  return {
    metadata: { labels: labels(service) },
    spec: {
      serviceAccountName: service.name,
      // The services never call the Kubernetes API; IRSA's token is projected by the EKS webhook.
      automountServiceAccountToken: false,
      terminationGracePeriodSeconds: gracePeriodSeconds(service),
      securityContext: { fsGroup: 1000, seccompProfile: { type: 'RuntimeDefault' } },
      topologySpreadConstraints: [
        {
          maxSkew: 1,
          topologyKey: 'topology.kubernetes.io/zone',
          whenUnsatisfiable: 'ScheduleAnyway',
          labelSelector: { matchLabels: selector(service) },
        },
      ],
      containers: [container(service)],
      volumes: [{ name: 'tmp', emptyDir: { sizeLimit: '256Mi' } }],
    },
  };
}

function workload(service: DeployedService) {
  const metadata = { name: service.name, labels: labels(service) };
  if (service.kind === 'Deployment')
    return {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata,
      spec: {
        // A consumer's count is KEDA's; the API's is fixed here (and per overlay).
        ...(service.consumer ? {} : { replicas: service.replicas }),
        selector: { matchLabels: selector(service) },
        strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0, maxSurge: 1 } },
        template: podTemplate(service),
      },
    };
  return {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata,
    spec: {
      // No `replicas`: KEDA owns the count of a consumer (an apply would otherwise reset it).
      serviceName: service.name,
      // Pods of a consumer group start and stop together; order buys nothing and slows scaling.
      podManagementPolicy: 'Parallel',
      selector: { matchLabels: selector(service) },
      template: podTemplate(service),
      ...(service.state
        ? {
            volumeClaimTemplates: [
              {
                metadata: { name: 'state' },
                spec: {
                  accessModes: ['ReadWriteOnce'],
                  resources: { requests: { storage: service.state.size } },
                },
              },
            ],
            persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Delete', whenScaled: 'Retain' },
          }
        : {}),
    },
  };
}

/** Every manifest of one service in the base. */
export function serviceManifests(service: DeployedService): Record<string, unknown>[] {
  const metadata = { name: service.name, labels: labels(service) };
  const docs: Record<string, unknown>[] = [
    {
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: { ...metadata, annotations: { 'eks.amazonaws.com/role-arn': roleArn(service.name) } },
    },
    workload(service),
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata,
      spec: {
        // Consumers: headless, the StatefulSet's governing service; scraped per pod either way.
        ...(service.consumer ? { clusterIP: 'None' } : { type: 'ClusterIP' }),
        selector: selector(service),
        ports: [{ name: 'http', port: service.servicePort, targetPort: 'http', protocol: 'TCP' }],
      },
    },
    {
      apiVersion: 'policy/v1',
      kind: 'PodDisruptionBudget',
      metadata,
      spec: {
        selector: { matchLabels: selector(service) },
        // The API keeps one pod serving; a consumer may lose one pod at a time (its group rebalances).
        ...(service.consumer ? { maxUnavailable: 1 } : { minAvailable: 1 }),
      },
    },
    {
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'ServiceMonitor',
      metadata,
      spec: {
        selector: { matchLabels: selector(service) },
        // The operator labels each target with `service` (this Service's name), as the rules expect.
        endpoints: [{ port: 'http', path: '/metrics', interval: '15s', scrapeTimeout: '10s' }],
      },
    },
  ];
  const cap = replicaCap(service, 'production');
  if (service.consumer && cap !== undefined)
    docs.push({
      apiVersion: 'keda.sh/v1alpha1',
      kind: 'ScaledObject',
      metadata,
      spec: {
        scaleTargetRef: { apiVersion: 'apps/v1', kind: service.kind, name: service.name },
        minReplicaCount: 1,
        maxReplicaCount: cap,
        pollingInterval: 30,
        cooldownPeriod: 300,
        advanced: {
          horizontalPodAutoscalerConfig: {
            // Each scale step rebalances the group: scale down slowly.
            behavior: {
              scaleDown: {
                stabilizationWindowSeconds: 300,
                policies: [{ type: 'Pods', value: 1, periodSeconds: 120 }],
              },
            },
          },
        },
        triggers: [
          {
            type: 'kafka',
            metadata: {
              bootstrapServersFromEnv: 'KAFKA_BROKERS',
              consumerGroup: service.consumer.group,
              lagThreshold: String(service.consumer.lagPerReplica),
              offsetResetPolicy: 'earliest',
              // Never more replicas than partitions: an idle consumer only adds rebalances.
              allowIdleConsumers: 'false',
            },
          },
        ],
      },
    });
  return docs;
}

const yaml = (docs: unknown[]) => docs.map((doc) => stringify(doc, { lineWidth: 0 })).join('---\n');
const generated =
  '# Generated by deploy/src/generate.ts from deploy/src/services.ts and k8s.ts: edit those, then\n# npm run generate -w deploy.\n';

/** deploy/k8s/base/<service>.yaml */
export const serviceFile = (service: DeployedService) => `${generated}${yaml(serviceManifests(service))}`;

/** A ConfigMap generator's env file: KEY=value lines. */
export const envFile = (values: Record<string, string>) =>
  `${Object.entries(values)
    .map(([k, v]) => `${k}=${v}`)
    .join('\n')}\n`;

/** The local overlay's KEDA caps: the local catalog's partition counts. */
export function localScalingPatch(): string {
  return `${generated}${yaml(
    DEPLOYED.filter((s) => s.consumer).map((service) => ({
      apiVersion: 'keda.sh/v1alpha1',
      kind: 'ScaledObject',
      metadata: { name: service.name },
      spec: { maxReplicaCount: replicaCap(service, 'local') },
    })),
  )}`;
}
