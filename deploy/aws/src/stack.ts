import { Duration, RemovalPolicy, Stack, type StackProps, Tags } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as glue from 'aws-cdk-lib/aws-glue';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as msk from 'aws-cdk-lib/aws-msk';
import * as s3 from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';
import { ACCESS, type ServiceAccess } from './access';

export interface LakestreamProps extends StackProps {
  stage: string;
  /** Tenants whose readers get a policy of their own, limited to their prefixes. */
  tenants: readonly string[];
  /** The VPC the EKS cluster runs in (imported: synth needs no lookup, so it runs offline). */
  network: {
    vpcId: string;
    availabilityZones: string[];
    privateSubnetIds: string[];
    clientSecurityGroupId: string;
  };
  /** The EKS cluster's IAM OIDC provider (IRSA): its ARN and issuer without `https://`. */
  oidc: { providerArn: string; issuer: string };
}

/** The table's design (services/inventory-api items.ts, table.ts). */
export const TABLE = {
  name: 'lakestream-inventory',
  gsi: 'gsi1-warehouse-available',
  ttl: 'expiresAt',
} as const;
export const CLUSTER_NAME = 'lakestream';
export const GLUE_DATABASE = 'lakestream_globalmart';

/** Key administration and use by the account's IAM policies: every action named, none as a wildcard. */
const KEY_ADMIN_ACTIONS = [
  'kms:CancelKeyDeletion',
  'kms:CreateAlias',
  'kms:CreateGrant',
  'kms:DeleteAlias',
  'kms:DescribeKey',
  'kms:DisableKey',
  'kms:DisableKeyRotation',
  'kms:EnableKey',
  'kms:EnableKeyRotation',
  'kms:GetKeyPolicy',
  'kms:GetKeyRotationStatus',
  'kms:ListAliases',
  'kms:ListGrants',
  'kms:ListKeyPolicies',
  'kms:ListResourceTags',
  'kms:PutKeyPolicy',
  'kms:RevokeGrant',
  'kms:ScheduleKeyDeletion',
  'kms:TagResource',
  'kms:UntagResource',
  'kms:UpdateAlias',
  'kms:UpdateKeyDescription',
];
const KEY_USE_ACTIONS = [
  'kms:Decrypt',
  'kms:Encrypt',
  'kms:GenerateDataKey',
  'kms:ReEncryptFrom',
  'kms:ReEncryptTo',
];

/**
 * Lakestream's AWS resources: MSK (IAM auth, TLS), the warehouse bucket (KMS, versioned, private,
 * lifecycle, per-tenant prefixes), the inventory table (GSI, PITR, TTL), the Glue database, and one
 * IRSA role per service allowed exactly what the service does (access.ts).
 */
export class LakestreamStack extends Stack {
  readonly roles = new Map<string, iam.Role>();

  constructor(scope: Construct, id: string, props: LakestreamProps) {
    super(scope, id, props);
    Tags.of(this).add('project', 'lakestream');
    Tags.of(this).add('stage', props.stage);
    Tags.of(this).add('managed-by', 'aws-cdk');

    const root = new iam.AccountRootPrincipal();
    const key = new kms.Key(this, 'DataKey', {
      alias: `alias/lakestream-${props.stage}`,
      description: 'Lakestream data at rest: warehouse bucket, inventory table, MSK volumes',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
      policy: new iam.PolicyDocument({
        statements: [
          new iam.PolicyStatement({
            sid: 'Administration',
            principals: [root],
            actions: KEY_ADMIN_ACTIONS,
            resources: ['*'],
          }),
          // Use is granted by IAM policies (the roles below), each limited to one AWS service.
          new iam.PolicyStatement({
            sid: 'UseThroughIam',
            principals: [root],
            actions: KEY_USE_ACTIONS,
            resources: ['*'],
          }),
        ],
      }),
    });

    const bucket = this.warehouse(key, props);
    const table = this.table(key);
    const database = new glue.CfnDatabase(this, 'GlueDatabase', {
      catalogId: this.account,
      databaseInput: {
        name: GLUE_DATABASE,
        description: 'GlobalMart lake tables (Iceberg) written by lake-sink',
        locationUri: `s3://${bucket.bucketName}/lake/globalmart`,
      },
    });
    const cluster = this.kafka(key, props);

    for (const [service, access] of Object.entries(ACCESS))
      this.roles.set(
        service,
        this.serviceRole(service, access, { bucket, table, key, database, cluster, props }),
      );
    this.roles.set('keda', this.kedaRole(props));
  }

  private warehouse(key: kms.IKey, props: LakestreamProps): s3.Bucket {
    const bucket = new s3.Bucket(this, 'Warehouse', {
      bucketName: `lakestream-warehouse-${this.account}-${this.region}`,
      encryption: s3.BucketEncryption.KMS,
      encryptionKey: key,
      bucketKeyEnabled: true,
      versioned: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      enforceSSL: true,
      removalPolicy: RemovalPolicy.RETAIN,
      lifecycleRules: [
        { id: 'abort-incomplete-uploads', abortIncompleteMultipartUploadAfter: Duration.days(1) },
        // Lake files are written once; old versions only exist after an overwrite or delete (orphan cleanup).
        { id: 'noncurrent-versions', noncurrentVersionExpiration: Duration.days(30) },
        // Claim checks: originals of dead letters, kept while they may be replayed.
        { id: 'dlq-claim-checks', prefix: 'dlq/', expiration: Duration.days(90) },
        {
          id: 'landing-zone',
          prefix: 'landing/',
          transitions: [
            { storageClass: s3.StorageClass.INFREQUENT_ACCESS, transitionAfter: Duration.days(30) },
          ],
          expiration: Duration.days(365),
        },
      ],
    });
    // Per tenant: data lives under `lake/<namespace>/<table>/data/tenant_id=<t>/` (partitioned by
    // tenant first) and files land under `landing/<t>/`. A reader scoped to one tenant gets this
    // policy; the bucket denies tenant-tagged principals any other tenant's prefixes.
    for (const tenant of props.tenants) {
      const prefixes = [`lake/*/data/tenant_id=${tenant}/*`, `landing/${tenant}/*`];
      new iam.ManagedPolicy(this, `Tenant-${tenant}`, {
        managedPolicyName: `lakestream-${props.stage}-tenant-${tenant}`,
        description: `Read tenant ${tenant}'s lake data and landing files only`,
        statements: [
          new iam.PolicyStatement({
            actions: ['s3:GetObject'],
            resources: prefixes.map((p) => bucket.arnForObjects(p)),
          }),
          new iam.PolicyStatement({
            actions: ['s3:ListBucket'],
            resources: [bucket.bucketArn],
            conditions: { StringLike: { 's3:prefix': [`landing/${tenant}/*`] } },
          }),
          new iam.PolicyStatement({
            actions: ['kms:Decrypt'],
            resources: [key.keyArn],
            conditions: { StringEquals: { 'kms:ViaService': `s3.${this.region}.amazonaws.com` } },
          }),
        ],
      });
      bucket.addToResourcePolicy(
        new iam.PolicyStatement({
          sid: `OnlyTenant${tenant.replace(/[^A-Za-z0-9]/g, '')}`,
          effect: iam.Effect.DENY,
          principals: [new iam.AnyPrincipal()],
          actions: ['s3:GetObject', 's3:PutObject'],
          resources: prefixes.map((p) => bucket.arnForObjects(p)),
          conditions: {
            Null: { 'aws:PrincipalTag/lakestream-tenant': 'false' },
            StringNotEquals: { 'aws:PrincipalTag/lakestream-tenant': tenant },
          },
        }),
      );
    }
    return bucket;
  }

  private table(key: kms.IKey): dynamodb.Table {
    const table = new dynamodb.Table(this, 'Inventory', {
      tableName: TABLE.name,
      partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
      sortKey: { name: 'sk', type: dynamodb.AttributeType.STRING },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      encryption: dynamodb.TableEncryption.CUSTOMER_MANAGED,
      encryptionKey: key,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      timeToLiveAttribute: TABLE.ttl,
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    table.addGlobalSecondaryIndex({
      indexName: TABLE.gsi,
      partitionKey: { name: 'gsi1pk', type: dynamodb.AttributeType.STRING },
      sortKey: { name: 'gsi1sk', type: dynamodb.AttributeType.NUMBER },
      projectionType: dynamodb.ProjectionType.ALL,
    });
    return table;
  }

  private kafka(key: kms.IKey, props: LakestreamProps): msk.CfnCluster {
    const vpc = ec2.Vpc.fromVpcAttributes(this, 'Vpc', {
      vpcId: props.network.vpcId,
      availabilityZones: props.network.availabilityZones,
      privateSubnetIds: props.network.privateSubnetIds,
    });
    const group = new ec2.SecurityGroup(this, 'KafkaBrokers', {
      vpc,
      description: 'MSK brokers: IAM/TLS clients from the EKS nodes only',
      allowAllOutbound: false,
    });
    group.addIngressRule(
      ec2.Peer.securityGroupId(props.network.clientSecurityGroupId),
      ec2.Port.tcp(9098),
      'Kafka clients (IAM over TLS) from the EKS nodes',
    );
    const configuration = new msk.CfnConfiguration(this, 'KafkaConfiguration', {
      name: `lakestream-${props.stage}`,
      kafkaVersionsList: ['3.9.x'],
      // Topics come from libs/schemas/topics.json (`lakestream topics apply`), never from a typo.
      serverProperties: [
        'auto.create.topics.enable=false',
        'default.replication.factor=3',
        'min.insync.replicas=2',
        'transaction.state.log.replication.factor=3',
        'transaction.state.log.min.isr=2',
        'offsets.topic.replication.factor=3',
        'unclean.leader.election.enable=false',
      ].join('\n'),
    });
    return new msk.CfnCluster(this, 'Kafka', {
      clusterName: CLUSTER_NAME,
      kafkaVersion: '3.9.x',
      numberOfBrokerNodes: props.network.privateSubnetIds.length,
      brokerNodeGroupInfo: {
        instanceType: 'kafka.m7g.large',
        clientSubnets: props.network.privateSubnetIds,
        securityGroups: [group.securityGroupId],
        storageInfo: { ebsStorageInfo: { volumeSize: 500 } },
      },
      configurationInfo: { arn: configuration.attrArn, revision: 1 },
      encryptionInfo: {
        encryptionAtRest: { dataVolumeKmsKeyId: key.keyArn },
        encryptionInTransit: { clientBroker: 'TLS', inCluster: true },
      },
      clientAuthentication: { sasl: { iam: { enabled: true } }, unauthenticated: { enabled: false } },
      enhancedMonitoring: 'PER_TOPIC_PER_PARTITION',
    });
  }

  /** MSK IAM resource ARNs: `<type>/<cluster name>/<cluster uuid>/<name>`; the uuid is the cluster's own. */
  private kafkaArn(type: 'cluster' | 'topic' | 'group' | 'transactional-id', name = '') {
    const suffix = type === 'cluster' ? `cluster/${CLUSTER_NAME}/*` : `${type}/${CLUSTER_NAME}/*/${name}`;
    return `arn:${this.partition}:kafka:${this.region}:${this.account}:${suffix}`;
  }

  private irsaPrincipal(props: LakestreamProps, namespace: string, name: string) {
    return new iam.FederatedPrincipal(
      props.oidc.providerArn,
      {
        StringEquals: {
          [`${props.oidc.issuer}:sub`]: `system:serviceaccount:${namespace}:${name}`,
          [`${props.oidc.issuer}:aud`]: 'sts.amazonaws.com',
        },
      },
      'sts:AssumeRoleWithWebIdentity',
    );
  }

  private serviceRole(
    service: string,
    access: ServiceAccess,
    r: {
      bucket: s3.Bucket;
      table: dynamodb.Table;
      key: kms.IKey;
      database: glue.CfnDatabase;
      cluster: msk.CfnCluster;
      props: LakestreamProps;
    },
  ): iam.Role {
    const statements: iam.PolicyStatement[] = [];
    const add = (actions: string[], resources: string[], conditions?: Record<string, unknown>) => {
      if (actions.length > 0 && resources.length > 0)
        statements.push(
          new iam.PolicyStatement({ actions, resources, ...(conditions ? { conditions } : {}) }),
        );
    };
    const k = access.kafka;
    add(['kafka-cluster:Connect', 'kafka-cluster:DescribeCluster'], [this.kafkaArn('cluster')]);
    add(
      [
        'kafka-cluster:DescribeTopic',
        'kafka-cluster:DescribeTopicDynamicConfiguration',
        'kafka-cluster:ReadData',
      ],
      k.read.map((t) => this.kafkaArn('topic', t)),
    );
    add(
      [
        'kafka-cluster:DescribeTopic',
        'kafka-cluster:DescribeTopicDynamicConfiguration',
        'kafka-cluster:WriteData',
      ],
      k.write.map((t) => this.kafkaArn('topic', t)),
    );
    add(
      ['kafka-cluster:DescribeGroup', 'kafka-cluster:AlterGroup'],
      k.groups.map((g) => this.kafkaArn('group', g)),
    );
    add(
      ['kafka-cluster:DescribeGroup'],
      (k.watchedGroups ?? []).map((g) => this.kafkaArn('group', g)),
    );
    add(
      ['kafka-cluster:DescribeTransactionalId', 'kafka-cluster:AlterTransactionalId'],
      k.transactionalIds.map((t) => this.kafkaArn('transactional-id', t)),
    );
    if (k.transactionalIds.length > 0)
      add(['kafka-cluster:WriteDataIdempotently'], [this.kafkaArn('cluster')]);

    const { bucket, key, table } = r;
    add(
      ['s3:GetObject'],
      access.s3.read.map((p) => bucket.arnForObjects(`${p}*`)),
    );
    add(
      ['s3:PutObject'],
      access.s3.write.map((p) => bucket.arnForObjects(`${p}*`)),
    );
    if (access.s3.list.length > 0)
      add(['s3:ListBucket'], [bucket.bucketArn], {
        StringLike: { 's3:prefix': access.s3.list.map((p) => `${p}*`) },
      });
    const viaS3 = access.s3.read.length + access.s3.write.length > 0;
    if (viaS3)
      add(['kms:Decrypt', 'kms:GenerateDataKey'], [key.keyArn], {
        StringEquals: { 'kms:ViaService': `s3.${this.region}.amazonaws.com` },
      });

    const queries = access.dynamodb.includes('dynamodb:Query');
    add(access.dynamodb, [table.tableArn, ...(queries ? [`${table.tableArn}/index/${TABLE.gsi}`] : [])]);
    if (access.dynamodb.length > 0)
      add(['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey'], [key.keyArn], {
        StringEquals: { 'kms:ViaService': `dynamodb.${this.region}.amazonaws.com` },
      });

    if (access.glue) {
      const glueArn = (what: string) => `arn:${this.partition}:glue:${this.region}:${this.account}:${what}`;
      add(
        ['glue:GetDatabase', 'glue:GetTable', 'glue:GetTables', 'glue:CreateTable', 'glue:UpdateTable'],
        [glueArn('catalog'), glueArn(`database/${GLUE_DATABASE}`), glueArn(`table/${GLUE_DATABASE}/*`)],
      );
    }

    const role = new iam.Role(this, `Role-${service}`, {
      roleName: `lakestream-${service}`,
      description: `Lakestream ${service} (IRSA: ${access.serviceAccount.namespace}/${access.serviceAccount.name})`,
      assumedBy: this.irsaPrincipal(r.props, access.serviceAccount.namespace, access.serviceAccount.name),
      maxSessionDuration: Duration.hours(1),
    });
    new iam.Policy(this, `Policy-${service}`, {
      policyName: `lakestream-${service}`,
      roles: [role],
      statements,
    });
    Tags.of(role).add('service', service);
    return role;
  }

  /** KEDA's operator reads the groups' offsets (deploy/k8s production: TriggerAuthentication msk-iam). */
  private kedaRole(props: LakestreamProps): iam.Role {
    const role = new iam.Role(this, 'Role-keda', {
      roleName: 'lakestream-keda',
      description:
        'KEDA operator: read consumer-group lag of the lakestream groups (IRSA: keda/keda-operator)',
      assumedBy: this.irsaPrincipal(props, 'keda', 'keda-operator'),
      maxSessionDuration: Duration.hours(1),
    });
    new iam.Policy(this, 'Policy-keda', {
      policyName: 'lakestream-keda',
      roles: [role],
      statements: [
        new iam.PolicyStatement({
          actions: ['kafka-cluster:Connect', 'kafka-cluster:DescribeCluster'],
          resources: [this.kafkaArn('cluster')],
        }),
        new iam.PolicyStatement({
          actions: ['kafka-cluster:DescribeGroup'],
          resources: [this.kafkaArn('group', 'lakestream-*')],
        }),
        new iam.PolicyStatement({
          actions: ['kafka-cluster:DescribeTopic'],
          resources: ['globalmart.*', 'lakestream.*'].map((t) => this.kafkaArn('topic', t)),
        }),
      ],
    });
    return role;
  }
}
